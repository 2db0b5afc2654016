"""What /config show says: every setting, the next runs in the server's zone, and channel health."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import discord

from bot import clock
from bot.channel_health import missing_permissions
from bot.db.guild_settings import DEFAULT_CRISIS_TEXT, GuildSettings
from bot.scheduler import JobScheduler
from bot.timeparse import describe_days
from bot.weekdays import DAY_LABELS

_THREAD_CHANNELS = ("stories", "support threads")


def _state(configured: bool, paused: bool) -> str:
    if not configured:
        return "not set up"
    return "paused" if paused else "on"


def _when(moment: datetime | None, zone: ZoneInfo) -> str:
    return f"{moment.astimezone(zone):%a %d %b %H:%M}" if moment else "not scheduled"


def describe_settings(
    guild: discord.Guild, settings: GuildSettings, scheduler: JobScheduler, problems: dict[int, str]
) -> str:
    zone = ZoneInfo(settings.timezone)
    s = settings
    lines = [
        f"**Been There in {guild.name}**",
        f"Time zone: **{s.timezone}** (it is {clock.now().astimezone(zone):%H:%M} there now)",
        "",
        f"**Daily check-ins**: {_state(s.checkins_configured, s.checkins_paused)}",
    ]
    if s.checkins_configured:
        reminders = f"{s.reminder_hours} h after the post" if s.reminder_hours else "off"
        lines += [
            f"- <#{s.checkin_channel_id}> at {s.checkin_time}, {describe_days(s.checkin_days)}",
            f"- Question: {s.checkin_question}",
            f"- Reminders: {reminders}",
        ]
    else:
        lines.append("- Set up with `/config checkins`")
    lines.append(f"**Story prompts**: {_state(s.stories_configured, s.stories_paused)}")
    if s.stories_configured:
        lines.append(
            f"- <#{s.story_channel_id}> every {DAY_LABELS.get(s.story_day or '', s.story_day)} at {s.story_time}"
        )
    else:
        lines.append("- Set up with `/config stories`")
    lines.append(f"**Coaches**: {_state(s.coaches_configured, s.coaches_paused)}")
    if s.coaches_configured:
        lines += [
            f"- Role <@&{s.coach_role_id}>; alerts in <#{s.alerts_channel_id}>; "
            f"support threads in <#{s.support_channel_id}>",
            f"- Escalate after {s.escalate_after} minutes without an answer",
        ]
    else:
        lines.append("- Set up with `/config coaches`")
    lines += [
        f"**Coach digest**: {f'daily at {s.digest_time}' if s.digest_time else 'off (`/config digest`)'}",
        f"**Retention**: notes and story texts are kept {s.retention_days} days",
        "**Crisis resources**: "
        + ("the default (988, findahelpline.com)" if s.crisis_text == DEFAULT_CRISIS_TEXT else "your own text")
        + " (`/config crisis` to read or edit)",
        "",
        "**Next runs**",
    ]
    for kind, recurring in scheduler.recurring_kinds.items():
        lines.append(f"- {recurring.label}: {_when(scheduler.next_run(kind, guild.id), zone)}")
    lines += ["", "**Channel health**"]
    channels = s.channels()
    if not channels:
        lines.append("- No channels configured yet.")
    for purpose, channel_id in channels.items():
        lines.append(f"- {purpose}: {_health(guild, channel_id, purpose, problems.get(channel_id))}")
    return "\n".join(lines)


def _health(guild: discord.Guild, channel_id: int, purpose: str, problem: str | None) -> str:
    channel = guild.get_channel(channel_id)
    if channel is None:
        return f"<#{channel_id}> can't be found (deleted?). Choose another channel."
    missing = missing_permissions(channel, threads=purpose in _THREAD_CHANNELS)
    if missing:
        return f"{channel.mention}: I'm missing {', '.join(missing)}."
    if problem:
        return f"{channel.mention}: last time I tried, {problem}."
    return f"{channel.mention}: all good."
