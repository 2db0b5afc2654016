"""Daily check-ins: the /checkin commands and what happens when a member taps a button."""

from __future__ import annotations

import asyncio
import io
import logging
from datetime import date, timedelta
from typing import Any

import discord
from apscheduler.triggers.base import BaseTrigger
from discord import app_commands
from discord.ext import commands

from bot import clock
from bot.app import BeenThere
from bot.db.checkins import CheckinRepository, TapOutcome
from bot.db.guild_settings import GuildSettings
from bot.errors import reply_privately, report_unexpected
from bot.scheduler import weekly_trigger
from cogs.checkins import _texts as texts
from cogs.checkins._chart import DAYS_SHOWN, mood_chart
from cogs.checkins._posting import REMINDER_KIND, RETRY_KIND, CheckinPoster
from cogs.checkins._streaks import Streaks, compute_streaks
from cogs.checkins._views import (
    DYNAMIC_ITEMS,
    NoteModal,
    day_view,
    low_mood_view,
    parse_note_submission,
    share_note_view,
)

log = logging.getLogger(__name__)


def checkin_trigger(settings: GuildSettings) -> BaseTrigger | None:
    if not settings.checkins_configured or settings.checkins_paused:
        return None
    assert settings.checkin_time is not None
    return weekly_trigger(settings.checkin_time, settings.checkin_days, settings.timezone)


class Checkins(commands.Cog):
    checkin = app_commands.Group(name="checkin", description="Your daily check-in", guild_only=True)

    def __init__(self, bot: BeenThere) -> None:
        self.bot = bot
        self.repo = CheckinRepository(bot.db)
        self.poster = CheckinPoster(bot, self.repo)

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(*DYNAMIC_ITEMS)
        scheduler = self.bot.scheduler
        scheduler.add_recurring_kind("checkin", checkin_trigger, self.poster.post_scheduled, label="Daily check-in")
        scheduler.add_one_off_kind(REMINDER_KIND, self.poster.send_reminders, self.repo.posts_awaiting_reminders)
        scheduler.add_one_off_kind(RETRY_KIND, self.poster.retry, self.poster.pending_retries)
        self.bot.guild_config.on_change(self._after_config_change)
        self.bot.retention_purgers.append(self.repo.delete_notes_before)
        self.bot.spawn(self.poster.catch_up_all(), name="checkin-catch-up")

    async def _after_config_change(self, guild_id: int) -> None:
        # An admin who fixed a channel or its permissions gets today's failed post now, not tomorrow.
        self.bot.spawn(self.poster.retry(guild_id), name="checkin-retry-after-config")

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(*DYNAMIC_ITEMS)

    async def _streaks(self, settings: GuildSettings, user_id: int, today: date) -> Streaks:
        checked = await self.repo.checked_in_dates(settings.guild_id, user_id)
        if not checked:
            return Streaks(0, 0, 0)
        posted = await self.repo.posted_dates(settings.guild_id, since=checked[0])
        breaks = await self.repo.breaks(settings.guild_id, user_id)
        return compute_streaks(checked, settings.checkin_days, posted, breaks, today)

    async def _usable(self, interaction: discord.Interaction[Any], settings: GuildSettings) -> bool:
        """Check-ins are set up and running here; otherwise say so kindly."""
        if not settings.checkins_configured:
            await reply_privately(interaction, texts.NOT_SET_UP)
            return False
        if settings.checkins_paused:
            await reply_privately(interaction, texts.PAUSED)
            return False
        return True

    # -- buttons ----------------------------------------------------------------------------------

    async def on_mood(self, interaction: discord.Interaction[Any], guild_id: int, day: date, mood: int) -> None:
        settings = await self.bot.guild_config.get(guild_id)
        today = clock.local_today(settings.timezone)
        if day != today:
            await reply_privately(interaction, texts.not_today(day, today))
            return
        user_id = interaction.user.id
        outcome = await self.repo.record_mood(guild_id, user_id, today, mood)
        streaks = await self._streaks(settings, user_id, today)
        reply = texts.mood_reply(mood, outcome, streaks)
        if mood <= texts.LOW_MOOD:
            await reply_privately(interaction, reply, view=low_mood_view(guild_id, today))
        else:
            await reply_privately(interaction, reply)
        if outcome is TapOutcome.NEW:
            self.poster.refresh_count_soon(guild_id, today)

    async def on_note_button(self, interaction: discord.Interaction[Any], guild_id: int, day: date) -> None:
        settings = await self.bot.guild_config.get(guild_id)
        today = clock.local_today(settings.timezone)
        if day != today:
            await reply_privately(interaction, texts.not_today(day, today))
            return
        await interaction.response.send_modal(NoteModal(guild_id, day))

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction[Any]) -> None:
        submission = parse_note_submission(interaction)
        if submission is None:
            return
        guild_id, day, text = submission
        try:
            await self.on_note_submitted(interaction, guild_id, day, text)
        except Exception as error:
            await report_unexpected(interaction, error, "the note form")

    async def on_note_submitted(
        self, interaction: discord.Interaction[Any], guild_id: int, day: date, text: str
    ) -> None:
        text = text.strip()
        if not text:
            await reply_privately(interaction, "There was nothing in the note, so nothing was saved.")
            return
        note_id = await self.repo.add_note(guild_id, interaction.user.id, day, text)
        can_share = await self.bot.help_desk.coaches_available(guild_id)
        reply = texts.NOTE_SAVED_SHAREABLE if can_share else texts.NOTE_SAVED
        if self.bot.crisis.matches(text):
            settings = await self.bot.guild_config.get(guild_id)
            reply = texts.crisis_reply(settings.crisis_text, reply)
        if can_share:
            await reply_privately(interaction, reply, view=share_note_view(note_id))
        else:
            await reply_privately(interaction, reply)

    async def on_share_note(self, interaction: discord.Interaction[Any], note_id: int) -> None:
        shared = await self.repo.share_note(note_id, interaction.user.id)
        await reply_privately(interaction, texts.NOTE_SHARED if shared else texts.NOTE_NOT_YOURS)

    async def on_talk_to_coach(self, interaction: discord.Interaction[Any], guild_id: int) -> None:
        await self.bot.help_desk.ask_for_coach(interaction, guild_id)

    async def on_reminder_toggle(
        self, interaction: discord.Interaction[Any], guild_id: int, day: date, turn_on: bool
    ) -> None:
        await self.repo.set_reminders(guild_id, interaction.user.id, turn_on)
        # The button flips in place ("Remind me" <-> "Stop reminders"); the answer comes privately.
        await interaction.response.edit_message(view=day_view(guild_id, day, reminders_on=turn_on))
        await interaction.followup.send(texts.REMINDERS_ON if turn_on else texts.REMINDERS_OFF, ephemeral=True)

    # -- commands ---------------------------------------------------------------------------------

    @checkin.command(name="now", description="Check in for today")
    async def now(self, interaction: discord.Interaction[Any]) -> None:
        assert interaction.guild_id is not None
        settings = await self.bot.guild_config.get(interaction.guild_id)
        if not await self._usable(interaction, settings):
            return
        today = clock.local_today(settings.timezone)
        # The reminder toggle is offered only where reminders are sent.
        reminders_on = (
            await self.repo.wants_reminders(interaction.guild_id, interaction.user.id)
            if settings.reminder_hours
            else None
        )
        content = f"**{settings.checkin_question}**\n{texts.long_date(today)}"
        await interaction.response.send_message(
            content, view=day_view(interaction.guild_id, today, reminders_on=reminders_on), ephemeral=True
        )

    @checkin.command(name="history", description="Your check-ins over the last 30 days")
    async def history(self, interaction: discord.Interaction[Any]) -> None:
        assert interaction.guild_id is not None
        settings = await self.bot.guild_config.get(interaction.guild_id)
        today = clock.local_today(settings.timezone)
        streaks = await self._streaks(settings, interaction.user.id, today)
        if streaks.total_days == 0:
            await interaction.response.send_message(texts.history_text(streaks), ephemeral=True)
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        since = today - timedelta(days=DAYS_SHOWN - 1)
        moods = await self.repo.moods_since(interaction.guild_id, interaction.user.id, since)
        png = await asyncio.to_thread(mood_chart, moods, today)
        await interaction.followup.send(
            texts.history_text(streaks), file=discord.File(io.BytesIO(png), "checkins.png"), ephemeral=True
        )

    @checkin.command(name="break", description="Step away for a while: no reminders, and your streak waits")
    @app_commands.describe(days="How many days, starting today (1-30)")
    async def take_break(self, interaction: discord.Interaction[Any], days: app_commands.Range[int, 1, 30]) -> None:
        assert interaction.guild_id is not None
        settings = await self.bot.guild_config.get(interaction.guild_id)
        today = clock.local_today(settings.timezone)
        end = today + timedelta(days=days - 1)
        await self.repo.start_break(interaction.guild_id, interaction.user.id, today, end)
        await interaction.response.send_message(texts.break_started(end), ephemeral=True)

    @checkin.command(name="back", description="End your break early")
    async def back(self, interaction: discord.Interaction[Any]) -> None:
        assert interaction.guild_id is not None
        settings = await self.bot.guild_config.get(interaction.guild_id)
        today = clock.local_today(settings.timezone)
        ended = await self.repo.end_break(interaction.guild_id, interaction.user.id, today)
        await interaction.response.send_message(texts.BACK if ended else texts.NOT_ON_BREAK, ephemeral=True)
