"""The /config commands. Every reply is ephemeral; every change reschedules at once."""

from __future__ import annotations

import logging
from typing import Any, Literal
from zoneinfo import ZoneInfo

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import BeenThere
from bot.channel_health import missing_permissions
from bot.db.guild_settings import Feature
from bot.timeparse import (
    InputError,
    describe_days,
    parse_day,
    parse_days,
    parse_time,
    parse_zone,
    suggest_zones,
)
from bot.weekdays import DAY_LABELS
from cogs.admin._modals import CrisisResourcesModal
from cogs.admin._show import describe_settings

log = logging.getLogger(__name__)
FeatureChoice = Literal["checkins", "stories", "coaches"]
_FEATURE_NAMES = {"checkins": "Daily check-ins", "stories": "Story prompts", "coaches": "Coach requests"}


class Admin(commands.Cog):
    config = app_commands.Group(
        name="config",
        description="Set up Been There in this server (admins)",
        guild_only=True,
        default_permissions=discord.Permissions(manage_guild=True),
    )

    def __init__(self, bot: BeenThere) -> None:
        self.bot = bot

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        # default_permissions only hides the commands; server admins can change who sees them.
        if interaction.guild is None:
            raise app_commands.NoPrivateMessage()
        member = interaction.user
        if not isinstance(member, discord.Member) or not member.guild_permissions.manage_guild:
            raise app_commands.MissingPermissions(["manage_guild"])
        return True

    async def _refuse_channel(
        self, interaction: discord.Interaction[Any], channel: discord.abc.GuildChannel, *, threads: bool
    ) -> bool:
        """Tell the admin and return True when the bot lacks permissions in `channel`."""
        missing = missing_permissions(channel, threads=threads)
        if missing:
            await interaction.response.send_message(
                f"I can't use {channel.mention} yet: I'm missing {', '.join(missing)} there. "
                "Give my role those permissions in that channel, then try again. Nothing was saved.",
                ephemeral=True,
            )
        return bool(missing)

    async def _next_run_line(self, guild_id: int, kind: str) -> str:
        settings = await self.bot.guild_config.get(guild_id)
        when = self.bot.scheduler.next_run(kind, guild_id)
        if when is None:
            return "It isn't scheduled right now."
        local = when.astimezone(ZoneInfo(settings.timezone))
        return f"Next: {local:%a %d %b %H:%M} ({settings.timezone})."

    @config.command(name="show", description="Every setting, the next scheduled runs and channel health")
    async def show(self, interaction: discord.Interaction[Any]) -> None:
        assert interaction.guild is not None
        settings = await self.bot.guild_config.get(interaction.guild.id)
        problems = await self.bot.channel_problems.for_guild(interaction.guild.id)
        text = describe_settings(interaction.guild, settings, self.bot.scheduler, problems)
        await interaction.response.send_message(text, ephemeral=True)

    @config.command(name="timezone", description="The server's time zone (IANA name, e.g. Europe/Berlin)")
    @app_commands.describe(zone="Start typing a city or region, e.g. Berlin or New_York")
    async def timezone(self, interaction: discord.Interaction[Any], zone: str) -> None:
        assert interaction.guild_id is not None
        try:
            name = parse_zone(zone)
        except InputError as problem:
            await interaction.response.send_message(f"{problem} Nothing was saved.", ephemeral=True)
            return
        await self.bot.guild_config.update(interaction.guild_id, timezone=name)
        await interaction.response.send_message(
            f"Time zone set to **{name}**. Every schedule now follows it.", ephemeral=True
        )

    @timezone.autocomplete("zone")
    async def _zone_autocomplete(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=name, value=name) for name in suggest_zones(current)]

    @config.command(name="checkins", description="Where and when the daily check-in is posted")
    @app_commands.describe(
        channel="The channel for the daily check-in post",
        time="Local time, HH:MM in 24-hour time, e.g. 09:00",
        days="daily (the default), weekdays, weekends, or a list such as mon,wed,fri",
        question="The question asked each day (up to 200 characters)",
        reminder_hours="Hours after the post to remind members who asked for it (0, the default: no reminders)",
    )
    async def checkins(
        self,
        interaction: discord.Interaction[Any],
        channel: discord.TextChannel,
        time: str,
        days: str | None = None,
        question: app_commands.Range[str, 1, 200] | None = None,
        reminder_hours: app_commands.Range[int, 0, 12] | None = None,
    ) -> None:
        # Options left out keep what was set before (the spec's defaults on first setup), so changing
        # only the time never quietly resets a server's own question or its members' reminders.
        assert interaction.guild_id is not None
        try:
            at = parse_time(time)
            on = parse_days(days) if days is not None else None
        except InputError as problem:
            await interaction.response.send_message(f"{problem} Nothing was saved.", ephemeral=True)
            return
        if await self._refuse_channel(interaction, channel, threads=False):
            return
        changes: dict[str, object] = {"checkin_channel_id": channel.id, "checkin_time": at}
        if on is not None:
            changes["checkin_days"] = on
        if question is not None:
            changes["checkin_question"] = question.strip()
        if reminder_hours is not None:
            changes["reminder_hours"] = reminder_hours
        settings = await self.bot.guild_config.update(interaction.guild_id, **changes)
        hours = settings.reminder_hours
        reminders = f"reminders {hours} h after the post" if hours else "no reminders"
        await interaction.response.send_message(
            f"Daily check-ins will be posted in {channel.mention} at {at}, {describe_days(settings.checkin_days)}, "
            f"asking “{settings.checkin_question}”; {reminders}. "
            f"{await self._next_run_line(interaction.guild_id, 'checkin')}",
            ephemeral=True,
        )

    @config.command(name="stories", description="Where and when the weekly story prompt is posted")
    @app_commands.describe(
        channel="The channel for story prompts (threads open there)",
        day="Day of the week, e.g. wed",
        time="Local time, HH:MM in 24-hour time, e.g. 19:00",
    )
    async def stories(
        self, interaction: discord.Interaction[Any], channel: discord.TextChannel, day: str, time: str
    ) -> None:
        assert interaction.guild_id is not None
        try:
            weekday = parse_day(day)
            at = parse_time(time)
        except InputError as problem:
            await interaction.response.send_message(f"{problem} Nothing was saved.", ephemeral=True)
            return
        if await self._refuse_channel(interaction, channel, threads=True):
            return
        await self.bot.guild_config.update(
            interaction.guild_id, story_channel_id=channel.id, story_day=weekday, story_time=at
        )
        await interaction.response.send_message(
            f"A story prompt will be posted in {channel.mention} every {DAY_LABELS[weekday]} at {at}. "
            f"{await self._next_run_line(interaction.guild_id, 'story_prompt')}",
            ephemeral=True,
        )

    @config.command(name="coaches", description="The coach role and the coaches' channels")
    @app_commands.describe(
        role="The role coaches hold",
        alerts="The coaches' channel, where requests for help are announced",
        support="The channel where private support threads open",
        escalate_after="Minutes without an answer before a request escalates (1-240)",
    )
    async def coaches(
        self,
        interaction: discord.Interaction[Any],
        role: discord.Role,
        alerts: discord.TextChannel,
        support: discord.TextChannel,
        escalate_after: app_commands.Range[int, 1, 240] = 10,
    ) -> None:
        assert interaction.guild_id is not None
        if await self._refuse_channel(interaction, alerts, threads=False):
            return
        if await self._refuse_channel(interaction, support, threads=True):
            return
        await self.bot.guild_config.update(
            interaction.guild_id,
            coach_role_id=role.id,
            alerts_channel_id=alerts.id,
            support_channel_id=support.id,
            escalate_after=escalate_after,
        )
        await interaction.response.send_message(
            f"Coaches hold {role.mention}. Requests for help are announced in {alerts.mention}, support "
            f"threads open in {support.mention}, and a request nobody acknowledges escalates after "
            f"{escalate_after} minutes.",
            ephemeral=True,
        )

    @config.command(name="digest", description="When the daily coach digest is posted in the alerts channel")
    @app_commands.describe(time="Local time, HH:MM in 24-hour time, e.g. 20:00")
    async def digest(self, interaction: discord.Interaction[Any], time: str) -> None:
        assert interaction.guild_id is not None
        try:
            at = parse_time(time)
        except InputError as problem:
            await interaction.response.send_message(f"{problem} Nothing was saved.", ephemeral=True)
            return
        await self.bot.guild_config.update(interaction.guild_id, digest_time=at)
        settings = await self.bot.guild_config.get(interaction.guild_id)
        where = (
            "in the coaches' alerts channel"
            if settings.alerts_channel_id
            else "once `/config coaches` sets the alerts channel"
        )
        await interaction.response.send_message(
            f"The coach digest will be posted daily at {at} {where}.", ephemeral=True
        )

    @config.command(name="crisis", description="Edit the crisis resources shown to members who may be in crisis")
    async def crisis(self, interaction: discord.Interaction[Any]) -> None:
        assert interaction.guild_id is not None
        settings = await self.bot.guild_config.get(interaction.guild_id)
        await interaction.response.send_modal(CrisisResourcesModal(self.bot.guild_config, settings.crisis_text))

    @config.command(name="retention", description="How many days notes and stories are kept (7-3650)")
    @app_commands.describe(days="Notes and story texts older than this are deleted daily")
    async def retention(self, interaction: discord.Interaction[Any], days: app_commands.Range[int, 7, 3650]) -> None:
        assert interaction.guild_id is not None
        await self.bot.guild_config.update(interaction.guild_id, retention_days=days)
        await interaction.response.send_message(
            f"Notes and story texts will be kept for {days} days, then deleted.", ephemeral=True
        )

    @config.command(name="pause", description="Pause a feature in this server")
    @app_commands.describe(feature="What to pause")
    async def pause(self, interaction: discord.Interaction[Any], feature: FeatureChoice) -> None:
        await self._set_paused(interaction, feature, paused=True)

    @config.command(name="resume", description="Resume a paused feature")
    @app_commands.describe(feature="What to resume")
    async def resume(self, interaction: discord.Interaction[Any], feature: FeatureChoice) -> None:
        await self._set_paused(interaction, feature, paused=False)

    async def _set_paused(self, interaction: discord.Interaction[Any], feature: Feature, *, paused: bool) -> None:
        assert interaction.guild_id is not None
        settings = await self.bot.guild_config.get(interaction.guild_id)
        name = _FEATURE_NAMES[feature]
        if settings.paused(feature) == paused:
            state = "already paused" if paused else "already running"
            await interaction.response.send_message(f"{name} are {state}.", ephemeral=True)
            return
        await self.bot.guild_config.update(interaction.guild_id, **{f"{feature}_paused": paused})
        state = "paused; nothing is posted until you resume" if paused else "running again"
        await interaction.response.send_message(f"{name}: {state}.", ephemeral=True)
