"""`/config` and `/sync` end to end: the real bot on simcord, driven by admins, members and the bot's owner.

Settings are read back from the database itself (not the in-memory cache) to show they were really saved.
The virtual clock starts on Thursday 1 January 2026, 00:00 UTC.

simcord moves its clock only for work the bot started (an interaction, an event, its setup): a schedule
changed from the test body (`await env.bot.guild_config.update(...)`) does not fire on `advance_time`. Tests
that need a job to fire configure through the slash commands; direct updates are only used to stage what
`/config` itself refuses to save (a channel the bot can't use) before reading `/config show`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import discord
import pytest
import pytest_asyncio
import simcord
from discord import app_commands

from bot.db.guild_settings import DEFAULT_CRISIS_TEXT, DEFAULT_QUESTION, GuildSettings, GuildSettingsRepository
from tests.conftest import BotFactory, bot_posts, build_world, utc

MINUTE = 60
HOUR = 60 * MINUTE
DAY = 24 * HOUR
NEW_YORK = ZoneInfo("America/New_York")
REFUSED_NOT_ADMIN = "This command is for server admins (the Manage Server permission)."


@dataclass
class Server:
    env: simcord.Env
    guild: simcord.GuildHandle
    channel: simcord.ChannelHandle
    admin: simcord.MemberActor
    member: simcord.MemberActor

    async def config(self, command: str, **options: Any) -> str:
        """Run `/config <command>` as the admin; the reply must be ephemeral. Returns its text."""
        result = await self.admin.slash(self.channel, f"config {command}", **options)
        assert result.response is not None, f"/config {command} gave no reply"
        assert result.response.ephemeral, f"/config {command} answered publicly: {result.response.content!r}"
        return result.response.content

    async def stored(self) -> GuildSettings | None:
        """The settings row as it is in the database (bypassing the bot's cache)."""
        return await GuildSettingsRepository(self.env.bot.db).get(self.guild.id)

    def channel_with(self, name: str, **overwrite: bool) -> simcord.ChannelHandle:
        """A channel where the bot (guild.me) has the given permissions overwritten."""
        me = self.guild.me
        assert me is not None
        return self.guild.create_text_channel(name, overwrites={me: discord.PermissionOverwrite(**overwrite)})


async def make_server(env: simcord.Env, name: str = "Harbor") -> Server:
    world = await build_world(env, name)
    return Server(env, world.guild, world.channel, world.admin, world.ana)


@pytest_asyncio.fixture
async def harbor(simcord_env: simcord.Env) -> Server:
    return await make_server(simcord_env)


def puts_to_commands(env: simcord.Env) -> int:
    return sum(1 for r in env.http_requests if r.method == "PUT" and r.path.endswith("/commands"))


async def advance_until(env: simcord.Env, moment: datetime) -> None:
    """Move the virtual clock to `moment`, a day at a time."""
    while env.now() < moment:
        await env.advance_time(min(DAY, (moment - env.now()).total_seconds()))


# -- who may use /config ---------------------------------------------------------------------------------


async def test_config_is_listed_for_admins_and_hidden_from_members(harbor: Server) -> None:
    s = harbor
    expected = {
        f"config {name}"
        for name in (
            "show",
            "timezone",
            "checkins",
            "stories",
            "coaches",
            "digest",
            "crisis",
            "retention",
            "pause",
            "resume",
        )
    }
    assert expected <= set(s.admin.available_commands(s.channel))
    assert not [name for name in s.member.available_commands(s.channel) if name.startswith("config")]
    assert "sync" not in s.member.available_commands(s.channel)
    with pytest.raises(simcord.SetupError):
        await s.member.slash(s.channel, "config show")


async def test_a_member_shown_config_by_the_server_is_still_refused(harbor: Server) -> None:
    s = harbor
    # Server admins can let anyone see the commands (Integrations settings); the bot still checks.
    commands = await s.env.bot.tree.fetch_commands()
    config = next(command for command in commands if command.name == "config")
    s.guild.set_command_permissions(config, {s.member: True})
    assert "config retention" in s.member.available_commands(s.channel)

    for name, options in (("show", {}), ("retention", {"days": 30}), ("timezone", {"zone": "Europe/Berlin"})):
        result = await s.member.slash(s.channel, f"config {name}", **options)
        assert result.response is not None
        assert result.response.content == REFUSED_NOT_ADMIN
        assert result.response.ephemeral
        simcord.assert_error(s.env, app_commands.MissingPermissions)
    assert await s.stored() is None  # nothing saved
    assert s.guild.id not in await s.env.bot.guild_config.guild_ids()


# -- /config show --------------------------------------------------------------------------------------


async def test_show_on_a_new_server(harbor: Server) -> None:
    text = await harbor.config("show")
    assert text.startswith("**Been There in Harbor**")
    assert "Time zone: **UTC** (it is 00:00 there now)" in text
    for line in (
        "**Daily check-ins**: not set up",
        "- Set up with `/config checkins`",
        "**Story prompts**: not set up",
        "**Coaches**: not set up",
        "**Coach digest**: off (`/config digest`)",
        "**Retention**: notes and story texts are kept 90 days",
        "**Crisis resources**: the default (988, findahelpline.com)",
        "- Daily check-in: not scheduled",
        "- No channels configured yet.",
    ):
        assert line in text, line


async def test_show_lists_every_setting_next_runs_in_the_servers_zone_and_channel_health(harbor: Server) -> None:
    s = harbor
    stories = s.guild.create_text_channel("stories")
    alerts = s.guild.create_text_channel("coaches")
    support = s.guild.create_text_channel("support")
    coaches = s.guild.create_role("Coaches")
    await s.config("timezone", zone="America/New_York")
    await s.config(
        "checkins", channel=s.channel, time="09:00", days="weekdays", question="How are you, really?", reminder_hours=2
    )
    await s.config("stories", channel=stories, day="wed", time="19:00")
    await s.config("coaches", role=coaches, alerts=alerts, support=support, escalate_after=15)
    await s.config("digest", time="20:00")
    await s.config("retention", days=60)
    shown = await s.admin.slash(s.channel, "config crisis")
    await s.admin.submit_modal(shown, {"config:crisis:text": "Call our hotline: 555-0100."})

    text = await s.config("show")
    for line in (
        "Time zone: **America/New_York** (it is 19:00 there now)",
        "**Daily check-ins**: on",
        f"- <#{s.channel.id}> at 09:00, weekdays",
        "- Question: How are you, really?",
        "- Reminders: 2 h after the post",
        "**Story prompts**: on",
        f"- <#{stories.id}> every Wednesday at 19:00",
        "**Coaches**: on",
        f"- Role <@&{coaches.id}>; alerts in <#{alerts.id}>; support threads in <#{support.id}>",
        "- Escalate after 15 minutes without an answer",
        "**Coach digest**: daily at 20:00",
        "**Retention**: notes and story texts are kept 60 days",
        "**Crisis resources**: your own text",
        # Next runs in New York time (14:00 and 08:30 UTC).
        "- Daily check-in: Thu 01 Jan 09:00",
        "- Deleting old notes and stories: Thu 01 Jan 03:30",
        f"- check-ins: <#{s.channel.id}>: all good.",
        f"- stories: <#{stories.id}>: all good.",
        f"- coach alerts: <#{alerts.id}>: all good.",
        f"- support threads: <#{support.id}>: all good.",
    ):
        assert line in text, f"{line!r} not in:\n{text}"
    # Every scheduled job kind the bot has (more come with future features) has its line, in local time.
    for kind, recurring in s.env.bot.scheduler.recurring_kinds.items():
        when = s.env.bot.scheduler.next_run(kind, s.guild.id)
        expected = f"{when.astimezone(NEW_YORK):%a %d %b %H:%M}" if when else "not scheduled"
        assert f"- {recurring.label}: {expected}" in text


async def test_show_names_the_permissions_the_bot_lacks_and_deleted_channels(harbor: Server) -> None:
    s = harbor
    # Permissions taken away after the channels were saved (staged directly: /config refuses them).
    no_embeds = s.channel_with("no-embeds", embed_links=False)
    no_thread_admin = s.channel_with("stories", manage_threads=False)
    await s.env.settle()
    await s.env.bot.guild_config.update(
        s.guild.id,
        checkin_channel_id=no_embeds.id,
        checkin_time="09:00",
        story_channel_id=no_thread_admin.id,
        story_day="mon",
        story_time="10:00",
        alerts_channel_id=424242,  # deleted
        coach_role_id=1,
    )
    text = await s.config("show")
    assert f"- check-ins: <#{no_embeds.id}>: I'm missing Embed Links." in text
    assert f"- stories: <#{no_thread_admin.id}>: I'm missing Manage Threads." in text
    assert "- coach alerts: <#424242> can't be found (deleted?). Choose another channel." in text


async def test_show_reports_a_problem_met_at_run_time(harbor: Server) -> None:
    s = harbor
    await s.config("checkins", channel=s.channel, time="09:00")
    await s.env.bot.channel_problems.record(s.guild.id, s.channel.id, "I wasn't allowed to post there")
    text = await s.config("show")
    assert f"- check-ins: <#{s.channel.id}>: last time I tried, I wasn't allowed to post there." in text
    await s.env.bot.channel_problems.clear(s.guild.id, s.channel.id)
    assert f"- check-ins: <#{s.channel.id}>: all good." in await s.config("show")


# -- /config timezone ----------------------------------------------------------------------------------


async def test_timezone_is_saved_and_matched_without_regard_to_case(harbor: Server) -> None:
    s = harbor
    reply = await s.config("timezone", zone="europe/berlin")
    assert reply == "Time zone set to **Europe/Berlin**. Every schedule now follows it."
    stored = await s.stored()
    assert stored is not None and stored.timezone == "Europe/Berlin"
    assert "Time zone: **Europe/Berlin** (it is 01:00 there now)" in await s.config("show")


async def test_timezone_autocomplete(harbor: Server) -> None:
    s = harbor
    choices = await s.admin.autocomplete(s.channel, "config timezone", "zone", "berl")
    assert {"name": "Europe/Berlin", "value": "Europe/Berlin"} in choices
    choices = await s.admin.autocomplete(s.channel, "config timezone", "zone", "new y")
    assert "America/New_York" in [choice["value"] for choice in choices]
    choices = await s.admin.autocomplete(s.channel, "config timezone", "zone", "")
    assert 0 < len(choices) <= 25  # Discord's limit


@pytest.mark.parametrize("zone", ["Mars/Base", "EST5EDT-ish", "Berlin"])
async def test_an_unknown_zone_is_refused_and_nothing_saved(harbor: Server, zone: str) -> None:
    s = harbor
    await s.config("timezone", zone="Asia/Tokyo")
    before = await s.stored()
    reply = await s.config("timezone", zone=zone)
    assert f"`{zone}` isn't a time zone I know." in reply
    assert "IANA zone name such as `Europe/Berlin`" in reply
    assert await s.stored() == before


# -- /config checkins ----------------------------------------------------------------------------------


async def test_checkins_with_every_option(harbor: Server) -> None:
    s = harbor
    reply = await s.config(
        "checkins",
        channel=s.channel,
        time="18:30",
        days="mon,wed,fri",
        question="  What's the weather inside today?  ",
        reminder_hours=3,
    )
    assert reply == (
        f"Daily check-ins will be posted in <#{s.channel.id}> at 18:30, Monday, Wednesday, Friday, asking "
        "“What's the weather inside today?”; reminders 3 h after the post. Next: Fri 02 Jan 18:30 (UTC)."
    )
    stored = await s.stored()
    assert stored is not None
    assert stored.checkin_channel_id == s.channel.id
    assert stored.checkin_time == "18:30"
    assert stored.checkin_days == ("mon", "wed", "fri")
    assert stored.checkin_question == "What's the weather inside today?"
    assert stored.reminder_hours == 3
    assert s.env.bot.scheduler.next_run("checkin", s.guild.id) == utc(1, 2, 18, 30)


async def test_checkins_defaults_and_a_short_time(harbor: Server) -> None:
    s = harbor
    reply = await s.config("checkins", channel=s.channel, time="9:05")
    assert (
        "at 09:05, every day, asking “How are you arriving today?”; no reminders. Next: Thu 01 Jan 09:05 (UTC)."
        in reply
    )
    stored = await s.stored()
    assert stored is not None
    assert stored.checkin_time == "09:05"
    assert stored.checkin_days == ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    assert stored.checkin_question == DEFAULT_QUESTION
    assert stored.reminder_hours == 0
    assert "at 09:00, weekends" in await s.config("checkins", channel=s.channel, time="09:00", days="weekends")


async def test_checkins_are_posted_only_on_the_chosen_days(harbor: Server) -> None:
    s = harbor
    await s.config("checkins", channel=s.channel, time="08:00", days="mon,wed,fri")
    await s.env.advance_time(7 * DAY)
    posts = bot_posts(s.channel, s.env)
    assert [(p.created_at.strftime("%a"), p.created_at.hour) for p in posts] == [("Fri", 8), ("Mon", 8), ("Wed", 8)]


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        ("time", "25:00", "Please use HH:MM in 24-hour time"),
        ("time", "9am", "Please use HH:MM in 24-hour time"),
        ("time", "09:60", "Please use HH:MM in 24-hour time"),
        ("days", "funday", "Please use `daily`, `weekdays`, `weekends`, or days separated by commas"),
        ("days", "mon,Funday", "Please use `daily`, `weekdays`, `weekends`, or days separated by commas"),
    ],
)
async def test_checkins_bad_values_are_refused_as_typed(harbor: Server, option: str, value: str, expected: str) -> None:
    s = harbor
    await s.config("checkins", channel=s.channel, time="07:00", days="weekdays")
    before = await s.stored()
    next_run = s.env.bot.scheduler.next_run("checkin", s.guild.id)
    options: dict[str, Any] = {"channel": s.channel, "time": "10:00", option: value}
    reply = await s.config("checkins", **options)
    assert f"`{value}` isn't" in reply
    assert expected in reply
    assert reply.endswith("Nothing was saved.")
    assert await s.stored() == before
    assert s.env.bot.scheduler.next_run("checkin", s.guild.id) == next_run


@pytest.mark.parametrize(
    "options",
    [
        {"reminder_hours": 13},
        {"reminder_hours": -1},
        {"question": "x" * 201},
        {"question": ""},
    ],
)
async def test_checkins_numbers_and_lengths_out_of_range_never_reach_the_bot(
    harbor: Server, options: dict[str, Any]
) -> None:
    s = harbor
    with pytest.raises(simcord.OptionError):
        await s.admin.slash(s.channel, "config checkins", channel=s.channel, time="09:00", **options)
    assert await s.stored() is None


@pytest.mark.parametrize(
    ("denied", "named"),
    [
        ("send_messages", "Send Messages"),
        ("embed_links", "Embed Links"),
        ("read_message_history", "Read Message History"),
        ("attach_files", "Attach Files"),
        ("view_channel", "View Channel"),
    ],
)
async def test_checkins_refused_where_the_bot_lacks_a_permission(harbor: Server, denied: str, named: str) -> None:
    s = harbor
    locked = s.channel_with("locked", **{denied: False})
    await s.env.settle()
    reply = await s.config("checkins", channel=locked, time="09:00")
    assert reply.startswith(f"I can't use <#{locked.id}> yet: I'm missing ")
    assert named in reply
    assert reply.endswith("Nothing was saved.")
    assert await s.stored() is None
    assert s.env.bot.scheduler.next_run("checkin", s.guild.id) is None


# -- /config stories -----------------------------------------------------------------------------------


async def test_stories_are_saved(harbor: Server) -> None:
    s = harbor
    stories = s.guild.create_text_channel("stories")
    reply = await s.config("stories", channel=stories, day="Wednesday", time="19:00")
    assert reply.startswith(f"A story prompt will be posted in <#{stories.id}> every Wednesday at")
    assert "at 19:00" in reply
    stored = await s.stored()
    assert stored is not None
    assert (stored.story_channel_id, stored.story_day, stored.story_time) == (stories.id, "wed", "19:00")


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        ("day", "someday", "isn't a day of the week. Please use a day such as `mon` or `friday`."),
        ("day", "mon,wed", "isn't a day of the week."),
        ("time", "7pm", "Please use HH:MM in 24-hour time"),
    ],
)
async def test_stories_bad_values_are_refused_as_typed(harbor: Server, option: str, value: str, expected: str) -> None:
    s = harbor
    options: dict[str, Any] = {"channel": s.channel, "day": "wed", "time": "19:00", option: value}
    reply = await s.config("stories", **options)
    assert f"`{value}` " in reply
    assert expected in reply
    assert reply.endswith("Nothing was saved.")
    assert await s.stored() is None


@pytest.mark.parametrize(
    ("denied", "named"),
    [
        ("create_private_threads", "Create Private Threads"),
        ("create_public_threads", "Create Public Threads"),
        ("manage_threads", "Manage Threads"),
        ("send_messages_in_threads", "Send Messages in Threads"),
    ],
)
async def test_stories_need_the_thread_permissions(harbor: Server, denied: str, named: str) -> None:
    s = harbor
    stories = s.channel_with("stories", **{denied: False})
    await s.env.settle()
    reply = await s.config("stories", channel=stories, day="wed", time="19:00")
    assert reply == (
        f"I can't use <#{stories.id}> yet: I'm missing {named} there. Give my role those permissions in that "
        "channel, then try again. Nothing was saved."
    )
    assert await s.stored() is None


# -- /config coaches -----------------------------------------------------------------------------------


async def test_coaches_are_saved(harbor: Server) -> None:
    s = harbor
    coaches = s.guild.create_role("Coaches")
    alerts = s.guild.create_text_channel("coaches")
    support = s.guild.create_text_channel("support")
    reply = await s.config("coaches", role=coaches, alerts=alerts, support=support, escalate_after=30)
    assert reply == (
        f"Coaches hold <@&{coaches.id}>. Requests for help are announced in <#{alerts.id}>, support threads "
        f"open in <#{support.id}>, and a request nobody acknowledges escalates after 30 minutes."
    )
    stored = await s.stored()
    assert stored is not None
    assert (stored.coach_role_id, stored.alerts_channel_id, stored.support_channel_id) == (
        coaches.id,
        alerts.id,
        support.id,
    )
    assert stored.escalate_after == 30
    await s.config("coaches", role=coaches, alerts=alerts, support=support)
    stored = await s.stored()
    assert stored is not None and stored.escalate_after == 10  # the default


async def test_coaches_refused_where_the_bot_cannot_work(harbor: Server) -> None:
    s = harbor
    coaches = s.guild.create_role("Coaches")
    alerts = s.guild.create_text_channel("coaches")
    support = s.guild.create_text_channel("support")
    mute_alerts = s.channel_with("mute-alerts", send_messages=False)
    no_private_threads = s.channel_with("no-threads", create_private_threads=False)
    await s.env.settle()
    reply = await s.config("coaches", role=coaches, alerts=mute_alerts, support=support)
    assert f"I can't use <#{mute_alerts.id}> yet: I'm missing Send Messages" in reply
    reply = await s.config("coaches", role=coaches, alerts=alerts, support=no_private_threads)
    assert f"I can't use <#{no_private_threads.id}> yet: I'm missing Create Private Threads there." in reply
    assert reply.endswith("Nothing was saved.")
    assert await s.stored() is None


@pytest.mark.parametrize("minutes", [0, 241])
async def test_coaches_escalation_out_of_range_never_reaches_the_bot(harbor: Server, minutes: int) -> None:
    s = harbor
    coaches = s.guild.create_role("Coaches")
    with pytest.raises(simcord.OptionError):
        await s.admin.slash(
            s.channel, "config coaches", role=coaches, alerts=s.channel, support=s.channel, escalate_after=minutes
        )
    assert await s.stored() is None


# -- /config digest ------------------------------------------------------------------------------------


async def test_digest_is_saved(harbor: Server) -> None:
    s = harbor
    reply = await s.config("digest", time="20:00")
    assert reply == "The coach digest will be posted daily at 20:00 once `/config coaches` sets the alerts channel."
    stored = await s.stored()
    assert stored is not None and stored.digest_time == "20:00"
    await s.config("coaches", role=s.guild.create_role("Coaches"), alerts=s.channel, support=s.channel)
    reply = await s.config("digest", time="7:15")
    assert reply == "The coach digest will be posted daily at 07:15 in the coaches' alerts channel."
    stored = await s.stored()
    assert stored is not None and stored.digest_time == "07:15"


@pytest.mark.parametrize("value", ["24:00", "8 pm", "20.00"])
async def test_digest_bad_time_is_refused(harbor: Server, value: str) -> None:
    s = harbor
    await s.config("digest", time="20:00")
    before = await s.stored()
    reply = await s.config("digest", time=value)
    assert f"`{value}` isn't a time I can use." in reply
    assert reply.endswith("Nothing was saved.")
    assert await s.stored() == before


# -- /config crisis ------------------------------------------------------------------------------------


def modal_value(result: simcord.InteractionResult) -> str:
    modal = result.modal
    assert modal is not None, "no modal shown"
    (field,) = [item for row in modal["components"] for item in row["components"]]
    assert field["custom_id"] == "config:crisis:text"
    return str(field["value"])


async def test_crisis_modal_is_prefilled_with_the_default(harbor: Server) -> None:
    s = harbor
    shown = await s.admin.slash(s.channel, "config crisis")
    text = modal_value(shown)
    assert text == DEFAULT_CRISIS_TEXT
    assert "988" in text
    assert "findahelpline.com" in text
    assert "not a crisis service" in text


async def test_crisis_text_is_saved_and_shown_next_time(harbor: Server) -> None:
    s = harbor
    own = "Call the Harbor line: 555-0100 (24/7).\nIn the UK, call 116 123."
    shown = await s.admin.slash(s.channel, "config crisis")
    saved = await s.admin.submit_modal(shown, {"config:crisis:text": f"  {own}\n"})
    assert saved.response is not None and saved.response.ephemeral
    assert saved.response.content == "Saved. Members who may be in crisis will now see:\n\n" + own
    stored = await s.stored()
    assert stored is not None and stored.crisis_text == own
    assert "**Crisis resources**: your own text" in await s.config("show")
    assert modal_value(await s.admin.slash(s.channel, "config crisis")) == own


async def test_blank_crisis_text_is_refused(harbor: Server) -> None:
    s = harbor
    shown = await s.admin.slash(s.channel, "config crisis")
    refused = await s.admin.submit_modal(shown, {"config:crisis:text": "   \n  "})
    assert refused.response is not None and refused.response.ephemeral
    assert refused.response.content == "The crisis resources can't be empty; nothing was changed."
    assert await s.stored() is None
    assert "**Crisis resources**: the default (988, findahelpline.com)" in await s.config("show")


# -- /config retention ---------------------------------------------------------------------------------


async def test_retention_is_saved_and_the_daily_purge_uses_it(harbor: Server) -> None:
    s = harbor
    calls: list[tuple[int, datetime]] = []

    async def purger(guild_id: int, cutoff: datetime) -> int:
        calls.append((guild_id, cutoff))
        return 0

    s.env.bot.retention_purgers.append(purger)
    reply = await s.config("retention", days=30)
    assert reply == "Notes and story texts will be kept for 30 days, then deleted."
    stored = await s.stored()
    assert stored is not None and stored.retention_days == 30
    assert s.env.bot.scheduler.next_run("retention", s.guild.id) == utc(1, 1, 3, 30)
    await s.env.advance_time(DAY)
    assert calls == [(s.guild.id, utc(1, 1, 3, 30) - timedelta(days=30))]
    for days in (7, 3650):
        await s.config("retention", days=days)
        stored = await s.stored()
        assert stored is not None and stored.retention_days == days


@pytest.mark.parametrize("days", [5, 6, 3651])
async def test_retention_out_of_range_never_reaches_the_bot(harbor: Server, days: int) -> None:
    s = harbor
    with pytest.raises(simcord.OptionError):
        await s.admin.slash(s.channel, "config retention", days=days)
    assert await s.stored() is None


# -- /config pause and resume --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("feature", "name"), [("checkins", "Daily check-ins"), ("stories", "Story prompts"), ("coaches", "Coach requests")]
)
async def test_pause_and_resume_each_feature(harbor: Server, feature: str, name: str) -> None:
    s = harbor
    assert await s.config("pause", feature=feature) == f"{name}: paused; nothing is posted until you resume."
    stored = await s.stored()
    assert stored is not None and stored.paused(feature)  # type: ignore[arg-type]
    assert await s.config("pause", feature=feature) == f"{name} are already paused."
    assert await s.config("resume", feature=feature) == f"{name}: running again."
    stored = await s.stored()
    assert stored is not None and not stored.paused(feature)  # type: ignore[arg-type]
    assert await s.config("resume", feature=feature) == f"{name} are already running."
    with pytest.raises(simcord.OptionError):
        await s.admin.slash(s.channel, "config pause", feature="everything")


async def test_pausing_checkins_removes_the_job_and_resuming_restores_it(harbor: Server) -> None:
    s = harbor
    await s.config("checkins", channel=s.channel, time="09:00")
    assert s.env.bot.scheduler.next_run("checkin", s.guild.id) == utc(1, 1, 9)
    await s.config("pause", feature="checkins")
    assert s.env.bot.scheduler.next_run("checkin", s.guild.id) is None
    text = await s.config("show")
    assert "**Daily check-ins**: paused" in text
    assert "- Daily check-in: not scheduled" in text
    await s.env.advance_time(DAY + 8 * HOUR)  # past 09:00 on the 1st, to 08:00 on the 2nd
    assert bot_posts(s.channel, s.env) == []
    await s.config("resume", feature="checkins")
    assert s.env.bot.scheduler.next_run("checkin", s.guild.id) == utc(1, 2, 9)
    await s.env.advance_time(2 * HOUR)
    posts = bot_posts(s.channel, s.env)
    assert [p.created_at.date() for p in posts] == [utc(1, 2).date()]


# -- schedules follow the settings ----------------------------------------------------------------------


async def test_checkins_post_at_nine_new_york_time_across_daylight_saving(harbor: Server) -> None:
    s = harbor
    env = s.env
    await s.config("timezone", zone="America/New_York")
    reply = await s.config("checkins", channel=s.channel, time="09:00")
    assert "Next: Thu 01 Jan 09:00 (America/New_York)." in reply
    assert env.bot.scheduler.next_run("checkin", s.guild.id) == utc(1, 1, 14)  # EST is UTC-5

    await env.advance_time(14 * HOUR - MINUTE)
    assert bot_posts(s.channel, env) == []
    await env.advance_time(2 * MINUTE)
    (first,) = bot_posts(s.channel, env)
    assert abs(first.created_at - utc(1, 1, 14)) < timedelta(seconds=5)

    # Clocks go forward on Sunday 8 March 2026 (the second Sunday): 09:00 is then 13:00 UTC.
    await advance_until(env, utc(3, 8, 12, 59))
    posts = bot_posts(s.channel, env)
    assert len(posts) == 66  # 1 January to 7 March, one a day
    assert all((p.created_at.hour, p.created_at.minute) == (14, 0) for p in posts)
    assert env.bot.scheduler.next_run("checkin", s.guild.id) == utc(3, 8, 13)
    await env.advance_time(2 * MINUTE)
    latest = bot_posts(s.channel, env)[-1]
    assert abs(latest.created_at - utc(3, 8, 13)) < timedelta(seconds=5)
    assert latest.created_at.astimezone(NEW_YORK).strftime("%H:%M %Z") == "09:00 EDT"
    assert env.bot.scheduler.next_run("checkin", s.guild.id) == utc(3, 9, 13)


async def test_changing_the_time_or_the_zone_reschedules_at_once(harbor: Server) -> None:
    s = harbor
    env = s.env
    await s.config("checkins", channel=s.channel, time="09:00")
    assert env.bot.scheduler.next_run("checkin", s.guild.id) == utc(1, 1, 9)
    await s.config("checkins", channel=s.channel, time="07:30")
    assert env.bot.scheduler.next_run("checkin", s.guild.id) == utc(1, 1, 7, 30)
    await s.config("timezone", zone="Europe/Berlin")
    assert env.bot.scheduler.next_run("checkin", s.guild.id) == utc(1, 1, 6, 30)  # 07:30 CET
    assert env.bot.scheduler.next_run("retention", s.guild.id) == utc(1, 1, 2, 30)  # 03:30 CET
    await env.advance_time(10 * HOUR)
    posts = bot_posts(s.channel, env)
    assert [p.created_at.replace(second=0, microsecond=0) for p in posts] == [utc(1, 1, 6, 30)]


async def test_jobs_are_rebuilt_after_a_restart(harbor: Server, bots: BotFactory) -> None:
    s = harbor
    env = s.env
    await s.config("timezone", zone="America/New_York")
    await s.config("checkins", channel=s.channel, time="09:00")
    kinds = sorted(env.bot.scheduler.recurring_kinds)
    before = {kind: env.bot.scheduler.next_run(kind, s.guild.id) for kind in kinds}
    assert before["checkin"] == utc(1, 1, 14)
    old = env.bot

    await env.restart_bot(bots())
    assert env.bot is not old
    assert sorted(env.bot.scheduler.recurring_kinds) == kinds
    assert {kind: env.bot.scheduler.next_run(kind, s.guild.id) for kind in kinds} == before
    await env.advance_time(14 * HOUR + MINUTE)
    (post,) = bot_posts(s.channel, env)
    assert abs(post.created_at - utc(1, 1, 14)) < timedelta(seconds=5)

    # A paused feature stays paused across a restart.
    await s.config("pause", feature="checkins")
    await env.restart_bot(bots())
    assert env.bot.scheduler.next_run("checkin", s.guild.id) is None
    await env.advance_time(DAY)
    assert len(bot_posts(s.channel, env)) == 1


@pytest.mark.parametrize(
    ("status", "code", "problem"),
    [
        (403, 50013, "I wasn't allowed to post there"),
        (404, 10003, "the channel couldn't be found (deleted?)"),
    ],
)
async def test_a_failing_channel_does_not_stop_another_servers_post(
    simcord_env: simcord.Env, status: int, code: int, problem: str
) -> None:
    env = simcord_env
    broken = await make_server(env, "Broken")
    fine = await make_server(env, "Fine")
    for s in (broken, fine):
        await s.config("checkins", channel=s.channel, time="09:00")
    env.inject_error("POST", f"/channels/{broken.channel.id}/messages", status=status, code=code)

    await env.advance_time(9 * HOUR + MINUTE)
    assert bot_posts(broken.channel, env) == []
    assert len(bot_posts(fine.channel, env)) == 1
    text = await broken.config("show")
    assert f"- check-ins: <#{broken.channel.id}>: last time I tried, {problem}." in text
    assert f"- check-ins: <#{fine.channel.id}>: all good." in await fine.config("show")

    # The channel works again the next day: both post, and the problem clears.
    await env.advance_time(DAY)
    assert len(bot_posts(broken.channel, env)) == 1
    assert len(bot_posts(fine.channel, env)) == 2
    assert f"- check-ins: <#{broken.channel.id}>: all good." in await broken.config("show")


# -- /sync and syncing at start ------------------------------------------------------------------------


async def test_sync_is_refused_to_anyone_but_the_owner(harbor: Server) -> None:
    s = harbor
    server_admins = s.guild.create_role("Owners of the server", permissions=discord.Permissions(administrator=True))
    boss = s.guild.add_member(s.env.create_user("boss"), roles=[server_admins])
    assert "sync" in boss.available_commands(s.channel)
    puts = puts_to_commands(s.env)
    result = await boss.slash(s.channel, "sync")
    assert result.response is not None and result.response.ephemeral
    assert result.response.content == "Only the bot's owner can sync commands."
    assert puts_to_commands(s.env) == puts


async def test_sync_for_the_owner(harbor: Server) -> None:
    s = harbor
    server_admins = s.guild.create_role("Owners of the server", permissions=discord.Permissions(administrator=True))
    owner = s.guild.add_member(s.env.create_user("owner"), roles=[server_admins])
    s.env.bot.owner_id = owner.id
    puts = puts_to_commands(s.env)
    result = await owner.slash(s.channel, "sync")
    assert result.response is not None and result.response.ephemeral
    count = len(s.env.bot.tree.get_commands())
    assert count >= 3  # /config, /sync, /checkin at least
    assert result.response.content == f"Synced {count} commands."
    assert puts_to_commands(s.env) == puts + 1


async def test_commands_are_synced_at_start_and_not_again_after_a_restart(
    simcord_env: simcord.Env, bots: BotFactory
) -> None:
    env = simcord_env
    assert puts_to_commands(env) == 1
    assert await env.bot.bot_state.get("command_tree_hash") == env.bot.command_tree_hash()
    await env.restart_bot(bots())
    await env.settle()
    assert puts_to_commands(env) == 1
    # The commands are still there for members.
    s = await make_server(env)
    assert "config show" in s.admin.available_commands(s.channel)
    assert "checkin now" in s.member.available_commands(s.channel)


async def test_a_changed_command_tree_is_synced_at_restart(simcord_env: simcord.Env, bots: BotFactory) -> None:
    env = simcord_env
    old_hash = env.bot.command_tree_hash()
    new = bots()

    @app_commands.command(name="ping", description="A command added in a new release")
    async def ping(interaction: discord.Interaction[Any]) -> None:
        await interaction.response.send_message("pong", ephemeral=True)

    new.tree.add_command(ping)
    await env.restart_bot(new)
    await env.settle()
    assert puts_to_commands(env) == 2
    stored = await env.bot.bot_state.get("command_tree_hash")
    assert stored == env.bot.command_tree_hash() != old_hash
    s = await make_server(env)
    assert "ping" in s.member.available_commands(s.channel)


async def test_a_development_server_gets_its_commands_at_start(simcord_env: simcord.Env, bots: BotFactory) -> None:
    env = simcord_env
    s = await make_server(env)
    bots.settings = dataclasses.replace(bots.settings, dev_guild_id=s.guild.id)
    await env.restart_bot(bots())
    await env.settle()
    guild_puts = [
        r for r in env.http_requests if r.method == "PUT" and r.path.endswith(f"/guilds/{s.guild.id}/commands")
    ]
    assert len(guild_puts) == 1
    assert {command["name"] for command in guild_puts[0].json} >= {"config", "checkin", "sync"}


async def test_a_failed_sync_is_answered_with_a_ref(harbor: Server) -> None:
    s = harbor
    owner = s.guild.add_member(
        s.env.create_user("owner"),
        roles=[s.guild.create_role("Server owners", permissions=discord.Permissions(administrator=True))],
    )
    s.env.bot.owner_id = owner.id
    s.env.inject_error("PUT", "/applications/*/commands", status=503)
    hash_before = await s.env.bot.bot_state.get("command_tree_hash")
    result = await owner.slash(s.channel, "sync")
    simcord.assert_error(s.env, discord.HTTPException)
    assert result.response is not None and result.response.ephemeral
    assert result.response.content.startswith("Something went wrong (ref ")
    assert await s.env.bot.bot_state.get("command_tree_hash") == hash_before


async def test_a_discord_error_while_syncing_at_start_does_not_stop_the_bot(
    simcord_env: simcord.Env, bots: BotFactory
) -> None:
    env = simcord_env
    new = bots()

    @app_commands.command(name="ping", description="A command added in a new release")
    async def ping(interaction: discord.Interaction[Any]) -> None:
        await interaction.response.send_message("pong", ephemeral=True)

    new.tree.add_command(ping)
    env.inject_error("PUT", "/applications/*/commands", status=503)
    await env.restart_bot(new)
    assert env.bot.scheduler.running
    # Not recorded as synced, so the next start tries again.
    assert await env.bot.bot_state.get("command_tree_hash") != env.bot.command_tree_hash()
