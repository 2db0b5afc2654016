"""The daily post, its running count, and reminders: the parts that run on the timetable.

A server never gets two posts for one date: the intent is recorded first (a unique row per server
and date), one lock per server serialises the scheduled run, the catch-up at start and retries, and a
row left 'sending' by a process that died is reconciled by looking for the bot's post in the channel
(when the channel can't be read, the bot would rather not post than post twice).

A post that fails for a passing reason (a Discord server error, a rate limit, the network) is retried
with growing pauses while the day's six-hour window lasts. A post refused for good (deleted channel,
missing permission) is shown in /config show and tried again when an admin changes the settings.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import date, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

import aiohttp
import discord

from bot import clock
from bot.app import BeenThere
from bot.coalesce import Coalescer
from bot.db.checkins import CheckinPost, CheckinRepository
from bot.db.guild_settings import GuildSettings
from bot.timeparse import time_of
from bot.weekdays import day_name
from cogs.checkins._texts import REMINDER_DM, count_line, long_date
from cogs.checkins._views import day_view, mood_id_prefix

log = logging.getLogger(__name__)

CATCH_UP_WINDOW = timedelta(hours=6)
REMINDER_KIND = "checkin_reminder"
RETRY_KIND = "checkin_retry"
MAX_RETRY_PAUSE = timedelta(minutes=60)
Reason = Literal["scheduled", "catch_up", "retry"]
# Refusals stand until someone changes something; passing errors are worth another try.
REFUSALS = (discord.Forbidden, discord.NotFound)
PASSING_ERRORS = (discord.HTTPException, aiohttp.ClientError, TimeoutError)


def _why(error: BaseException) -> object:
    """An error as a log line may name it: the HTTP status, else its kind (never a message body)."""
    return getattr(error, "status", type(error).__name__)


def post_embed(question: str, day: date, count: int) -> discord.Embed:
    embed = discord.Embed(title=question, description=long_date(day), colour=discord.Colour.from_rgb(91, 141, 239))
    embed.set_footer(text=count_line(count))
    return embed


def scheduled_at(settings: GuildSettings, day: date) -> datetime:
    assert settings.checkin_time is not None
    return datetime.combine(day, time_of(settings.checkin_time), tzinfo=ZoneInfo(settings.timezone))


def is_check_in_day(settings: GuildSettings, day: date) -> bool:
    return day_name(day) in settings.checkin_days


def retry_pause(attempts: int) -> timedelta:
    """1, 2, 4, 8 ... minutes after the 1st, 2nd, 3rd ... failed attempt, at most an hour."""
    return min(timedelta(minutes=2 ** (attempts - 1)), MAX_RETRY_PAUSE)


class CheckinPoster:
    def __init__(self, bot: BeenThere, repository: CheckinRepository) -> None:
        self._bot = bot
        self._repo = repository
        self._locks: dict[int, asyncio.Lock] = {}
        self._counts = Coalescer(lambda work: bot.spawn(work, name="checkin-count"))

    # -- the daily post -----------------------------------------------------------------------------

    async def post_scheduled(self, guild_id: int) -> None:
        await self.post_today(guild_id, "scheduled")

    async def retry(self, guild_id: int) -> None:
        await self.post_today(guild_id, "retry")

    @staticmethod
    async def pending_retries() -> list[tuple[int, datetime]]:
        """Nothing to rebuild after a restart: the start-up catch-up takes up failed posts itself."""
        return []

    async def catch_up_all(self) -> None:
        """At start: confirm posts a crash left unconfirmed, and post today's check-in in servers whose
        post time passed less than 6 hours ago."""
        await self._bot.wait_until_ready()
        for guild_id in await self._bot.guild_config.guild_ids():
            try:
                await self.post_today(guild_id, "catch_up")
            except Exception:
                log.exception("Catch-up check-in failed for server %s", guild_id)
        # After the catch-up, so that a post it already looked for is not looked for twice.
        await self._confirm_unconfirmed()

    async def _confirm_unconfirmed(self) -> None:
        """A post sent just before a long outage is found and recorded (its count, streak day), never re-sent."""
        for post in await self._repo.unconfirmed_posts(since=clock.now().date() - timedelta(days=2)):
            async with self._locks.setdefault(post.guild_id, asyncio.Lock()):
                try:
                    await self._look_for_sent(await self._bot.guild_config.get(post.guild_id), post)
                except Exception:
                    log.exception("Could not confirm the check-in post of server %s", post.guild_id)

    async def post_today(self, guild_id: int, reason: Reason) -> None:
        """Post today's check-in if it is due: at its time, late after a restart (within six hours),
        or again after a failure. Never a second post for the same date."""
        lock = self._locks.setdefault(guild_id, asyncio.Lock())
        async with lock:
            settings = await self._bot.guild_config.get(guild_id)
            if not settings.checkins_configured or settings.checkins_paused:
                return
            today = clock.local_today(settings.timezone)
            if not is_check_in_day(settings, today):
                return
            # Every run, the scheduled one included: a run that fires late, after midnight, must not
            # post the new day's check-in hours early.
            due = scheduled_at(settings, today)
            if not due <= clock.now() < due + CATCH_UP_WINDOW:
                return
            post = await self._claim(settings, today, reason)
            if post is not None:
                await self._send(settings, post)

    async def _claim(self, settings: GuildSettings, today: date, reason: Reason) -> CheckinPost | None:
        assert settings.checkin_channel_id is not None
        existing = await self._repo.post_for(settings.guild_id, today)
        if existing is None:
            if reason == "retry":
                return None  # retries take up a failed or unconfirmed post; they never start a day's post
            return await self._repo.claim_post(
                settings.guild_id, today, settings.checkin_channel_id, settings.checkin_question
            )
        if existing.status == "posted":
            return None  # a doubled run (clocks going back, a restart at the due instant)
        if existing.status == "failed":
            retried = await self._repo.retry_failed_post(
                existing.id, settings.checkin_channel_id, settings.checkin_question
            )
            return await self._repo.post(existing.id) if retried else None
        # 'sending': the process died, or Discord's answer was lost, between recording and confirming.
        found = await self._look_for_sent(settings, existing)
        return existing if found is False else None

    async def _look_for_sent(self, settings: GuildSettings, post: CheckinPost) -> bool | None:
        """Whether the bot's post for `post` is in the channel (confirming it if so); None when unknown.

        While unknown, nothing is sent: better no post than two. A passing error looks again later.
        """
        try:
            found = await self._find_sent_message(post)
        except REFUSALS as error:
            await self._bot.channel_problems.record(
                post.guild_id, post.channel_id, "I couldn't read the channel to check for today's post"
            )
            log.warning("Could not read check-in channel of server %s (HTTP %s)", post.guild_id, error.status)
            return None
        except PASSING_ERRORS as error:
            await self._retry_later(post, _why(error))
            return None
        if found is None:
            return False
        await self._confirm(settings, post, found)
        return True

    async def _retry_later(self, post: CheckinPost, why: object) -> None:
        """Look again (and send if the post isn't there) after a pause that grows with each attempt."""
        await self._repo.mark_unsure(post.id)
        pause = retry_pause(post.attempts)
        self._bot.scheduler.schedule_once(RETRY_KIND, post.guild_id, clock.now() + pause)
        log.warning("Check-in post in server %s: %s; trying again in %s", post.guild_id, why, pause)

    async def _find_sent_message(self, post: CheckinPost) -> discord.Message | None:
        """The bot's message for `post`, searched among everything sent since the intent was recorded."""
        channel = self._bot.get_partial_messageable(post.channel_id, guild_id=post.guild_id)
        prefix = mood_id_prefix(post.guild_id, post.local_date)
        me = self._bot.user
        since = post.created_at - timedelta(minutes=1)
        async for message in channel.history(limit=None, after=since, oldest_first=True):
            if (
                me is not None
                and message.author.id == me.id
                and any(
                    str(getattr(child, "custom_id", "") or "").startswith(prefix)
                    for row in message.components
                    for child in getattr(row, "children", [])
                )
            ):
                return message
        return None

    async def _send(self, settings: GuildSettings, post: CheckinPost) -> None:
        channel = self._bot.get_partial_messageable(post.channel_id, guild_id=post.guild_id)
        count = await self._repo.count_for(post.guild_id, post.local_date)
        try:
            message = await channel.send(
                embed=post_embed(post.question, post.local_date, count),
                view=day_view(post.guild_id, post.local_date),
            )
        except REFUSALS as error:
            problem = (
                "the channel couldn't be found (deleted?)"
                if isinstance(error, discord.NotFound)
                else "I wasn't allowed to post there"
            )
            await self._repo.mark_failed(post.id)
            await self._bot.channel_problems.record(post.guild_id, post.channel_id, problem)
            log.warning("Check-in post failed in server %s: %s", post.guild_id, problem)
            return
        except PASSING_ERRORS as error:
            # Discord may have created the message and only its answer was lost: the row stays
            # 'sending', so the retry looks in the channel before it sends again.
            await self._retry_later(post, _why(error))
            return
        await self._confirm(settings, post, message)

    async def _confirm(self, settings: GuildSettings, post: CheckinPost, message: discord.Message) -> None:
        due = self._reminder_due(settings, post.local_date, message.created_at)
        await self._repo.mark_posted(post.id, message.id, due)
        await self._bot.channel_problems.clear(post.guild_id, post.channel_id)
        if due is not None:
            self._bot.scheduler.schedule_once(REMINDER_KIND, post.id, due)
        # Members may have checked in with /checkin now before the post went out.
        self.refresh_count_soon(post.guild_id, post.local_date)
        log.info("Posted the check-in for %s in server %s", post.local_date, post.guild_id)

    @staticmethod
    def _reminder_due(settings: GuildSettings, day: date, posted_at: datetime) -> datetime | None:
        """Reminders land `reminder_hours` after the post, and only while the check-in day lasts."""
        if not settings.reminder_hours:
            return None
        due = posted_at + timedelta(hours=settings.reminder_hours)
        return due if due.astimezone(ZoneInfo(settings.timezone)).date() == day else None

    # -- the running count ---------------------------------------------------------------------------

    def refresh_count_soon(self, guild_id: int, day: date) -> None:
        """Coalesced: a burst of taps costs a handful of edits, not one per tap."""
        self._counts.request((guild_id, day), lambda: self._refresh_count(guild_id, day))

    async def _refresh_count(self, guild_id: int, day: date) -> None:
        post = await self._repo.post_for(guild_id, day)
        if post is None or post.message_id is None:
            return
        count = await self._repo.count_for(guild_id, day)
        message = self._bot.get_partial_messageable(post.channel_id).get_partial_message(post.message_id)
        try:
            await message.edit(embed=post_embed(post.question, day, count))
        except PASSING_ERRORS as error:
            log.warning("Could not update the check-in count in server %s (%s)", guild_id, _why(error))

    # -- reminders -----------------------------------------------------------------------------------

    async def send_reminders(self, post_id: int) -> None:
        post = await self._repo.post(post_id)
        if post is None or post.status != "posted":
            return
        settings = await self._bot.guild_config.get(post.guild_id)
        if not await self._repo.claim_reminders(post_id):
            return  # already sent (a doubled run)
        if settings.checkins_paused or clock.local_today(settings.timezone) != post.local_date:
            return  # paused, or the day is over: a reminder for a day that has passed helps no one
        guild = self._bot.get_guild(post.guild_id)
        text = REMINDER_DM.format(guild=guild.name if guild else "your community", question=post.question)
        sent = 0
        for user_id in await self._repo.members_to_remind(post.guild_id, post.local_date):
            try:
                dm = await self._bot.create_dm(discord.Object(user_id))
                await dm.send(text, view=day_view(post.guild_id, post.local_date, reminders_on=True))
                sent += 1
            except discord.Forbidden:
                log.info("A member of server %s has DMs closed; reminder skipped", post.guild_id)
            except PASSING_ERRORS as error:  # one failed DM never costs the other members theirs
                log.warning("Reminder DM failed in server %s (%s)", post.guild_id, _why(error))
        log.info("Sent %d check-in reminders in server %s", sent, post.guild_id)
