"""The timetable: recurring job kinds per server and one-off kinds by id.

Future features register kinds like these: a weekly story prompt (a day and a local time), the daily coach
digest, escalations by request id and reminders by post id. Two halves:

- a JobScheduler of its own over a GuildConfig on a real, migrated database, on the real clock with jobs due
  within milliseconds (plain pytest-asyncio): start, one-offs, cancelling, failures, rescheduling;
- the bot's own scheduler on simcord's virtual clock, with dummy kinds configured through `/config`, for
  runs at a local day and time, a failing server next to a working one, and overdue one-offs after a restart.

simcord only moves the clock for work the bot started (an interaction, an event, its setup): a schedule
changed from the test body (e.g. `await env.bot.guild_config.update(...)`) gets a real-time timer and does not
fire on `advance_time`, so the simcord tests below change settings through slash commands.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import simcord
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.date import DateTrigger

from bot import clock
from bot.db.engine import Database
from bot.db.guild_settings import GuildSettings, GuildSettingsRepository
from bot.db.migrate import migrate
from bot.guild_config import GuildConfig
from bot.scheduler import JobScheduler, weekly_trigger
from bot.weekdays import ALL_DAYS
from tests.conftest import BotFactory, build_world, utc

MINUTE = 60
HOUR = 60 * MINUTE
DAY = 24 * HOUR
GUILD_A = 111
GUILD_B = 222
SOON = timedelta(milliseconds=50)


# -- the kinds future features will register ---------------------------------------------------------


def story_trigger(settings: GuildSettings) -> BaseTrigger | None:
    """Weekly story prompt: a day of the week at a local time; none while paused or not set up."""
    if not settings.stories_configured or settings.stories_paused:
        return None
    assert settings.story_time is not None and settings.story_day is not None
    return weekly_trigger(settings.story_time, (settings.story_day,), settings.timezone)


def digest_trigger(settings: GuildSettings) -> BaseTrigger | None:
    """Daily coach digest at the digest time, if one is set."""
    if settings.digest_time is None:
        return None
    return weekly_trigger(settings.digest_time, ALL_DAYS, settings.timezone)


def soon_trigger(settings: GuildSettings) -> BaseTrigger | None:
    """A recurring kind due within milliseconds on the real clock (for the real-clock tests)."""
    if settings.stories_paused:
        return None
    return DateTrigger(clock.now() + SOON)


@dataclass
class Recorder:
    """A job runner that records (when, key) and raises for the keys in `failing`."""

    runs: list[tuple[datetime, int]] = field(default_factory=list)
    failing: set[int] = field(default_factory=set)

    async def __call__(self, key: int) -> None:
        self.runs.append((clock.now(), key))
        if key in self.failing:
            raise RuntimeError(f"job for {key} broke")

    def keys(self) -> list[int]:
        return [key for _, key in self.runs]


def pending_of(items: list[tuple[int, datetime]]) -> Callable[[], Awaitable[list[tuple[int, datetime]]]]:
    async def pending() -> list[tuple[int, datetime]]:
        return list(items)

    return pending


def failures(caplog: pytest.LogCaptureFixture) -> set[str]:
    return {r.getMessage() for r in caplog.records if r.name == "bot.scheduler" and r.levelno >= logging.ERROR}


# -- part 1: a JobScheduler of its own, on the real clock ---------------------------------------------


@asynccontextmanager
async def standalone(
    tmp_path: Path, before_job: Callable[[], Awaitable[object]] | None = None
) -> AsyncIterator[tuple[GuildConfig, JobScheduler]]:
    """A GuildConfig on its own migrated database and a JobScheduler over it, not started yet."""
    path = tmp_path / "scheduler.db"
    migrate(path)
    db = await Database.open(path)
    config = GuildConfig(GuildSettingsRepository(db))
    scheduler = JobScheduler(config, before_job=before_job)
    try:
        yield config, scheduler
    finally:
        scheduler.shutdown()
        await db.close()


async def eventually(condition: Callable[[], bool]) -> None:
    """Wait (real time, at most 3 s) until `condition()` holds."""
    for _ in range(300):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("timed out waiting for the scheduled job")


async def test_start_runs_overdue_one_offs_at_once_and_keeps_later_ones(tmp_path: Path) -> None:
    escalations = Recorder()
    now = clock.now()
    due_later = now + timedelta(hours=1)
    pending = [(7, now - timedelta(days=3)), (8, now - timedelta(seconds=1)), (9, due_later)]
    async with standalone(tmp_path) as (_config, scheduler):
        scheduler.add_one_off_kind("escalation", escalations, pending_of(pending))
        await scheduler.start()
        # Overdue by days or by a second: run once, at once; never dropped as a misfire.
        await eventually(lambda: len(escalations.runs) == 2)
        assert sorted(escalations.keys()) == [7, 8]
        assert all(when - now < timedelta(seconds=2) for when, _ in escalations.runs)
        assert scheduler.next_run("escalation", 7) is None
        assert scheduler.next_run("escalation", 8) is None
        assert scheduler.next_run("escalation", 9) == due_later
        await asyncio.sleep(0.2)
        assert len(escalations.runs) == 2  # each ran once


async def test_schedule_once_in_the_past_runs_at_once_and_the_same_id_replaces(tmp_path: Path) -> None:
    reminders = Recorder()
    async with standalone(tmp_path) as (_config, scheduler):
        scheduler.add_one_off_kind("reminder", reminders, pending_of([]))
        await scheduler.start()
        scheduler.schedule_once("reminder", 5, clock.now() - timedelta(hours=2))
        await eventually(lambda: reminders.keys() == [5])
        # Scheduled twice under one id: one job, at the later time.
        scheduler.schedule_once("reminder", 6, clock.now() + SOON)
        later = clock.now() + timedelta(hours=3)
        scheduler.schedule_once("reminder", 6, later)
        assert scheduler.next_run("reminder", 6) == later
        await asyncio.sleep(0.2)
        assert reminders.keys() == [5]
        with pytest.raises(KeyError, match="nudge"):
            scheduler.schedule_once("nudge", 1, clock.now())


async def test_cancel_once_removes_the_job(tmp_path: Path) -> None:
    escalations = Recorder()
    async with standalone(tmp_path) as (_config, scheduler):
        scheduler.add_one_off_kind("escalation", escalations, pending_of([]))
        await scheduler.start()
        due = clock.now() + timedelta(milliseconds=150)
        scheduler.schedule_once("escalation", 41, due)
        scheduler.schedule_once("escalation", 42, due)
        assert scheduler.next_run("escalation", 41) == due
        scheduler.cancel_once("escalation", 41)
        assert scheduler.next_run("escalation", 41) is None
        scheduler.cancel_once("escalation", 41)  # already gone (acknowledged twice): harmless
        scheduler.cancel_once("escalation", 999)
        await eventually(lambda: escalations.keys() == [42])
        await asyncio.sleep(0.2)
        assert escalations.keys() == [42]


async def test_a_failing_job_is_logged_and_other_jobs_still_run(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    stories = Recorder(failing={GUILD_A})
    escalations = Recorder(failing={1})
    caplog.set_level(logging.INFO, logger="bot.scheduler")
    async with standalone(tmp_path) as (config, scheduler):
        scheduler.add_recurring_kind("story_prompt", soon_trigger, stories, label="Story prompt")
        scheduler.add_one_off_kind(
            "escalation", escalations, pending_of([(1, clock.now() + SOON), (2, clock.now() + 2 * SOON)])
        )
        await config.update(GUILD_A, story_day="mon")
        await config.update(GUILD_B, story_day="mon")
        await scheduler.start()
        await eventually(lambda: len(stories.runs) == 2 and len(escalations.runs) == 2)
        assert sorted(stories.keys()) == [GUILD_A, GUILD_B]
        assert sorted(escalations.keys()) == [1, 2]
        assert failures(caplog) == {
            f"Scheduled job story_prompt for {GUILD_A} failed",
            "Scheduled job escalation for 1 failed",
        }
        logged = [r for r in caplog.records if r.name == "bot.scheduler" and r.exc_info]
        assert all("broke" in str(r.exc_info[1]) for r in logged if r.exc_info)
        assert scheduler.running
        # The failing server still gets its next run.
        await scheduler.reschedule_guild(GUILD_A)
        await eventually(lambda: stories.keys().count(GUILD_A) == 2)


async def test_reschedule_guild_removes_a_job_whose_trigger_is_none(tmp_path: Path) -> None:
    stories = Recorder()
    async with standalone(tmp_path) as (config, scheduler):
        scheduler.add_recurring_kind("story_prompt", story_trigger, stories, label="Story prompt")
        await config.update(GUILD_A, story_channel_id=5, story_day="wed", story_time="19:00")
        await scheduler.start()
        assert scheduler.next_run("story_prompt", GUILD_A) is not None
        # Every change reschedules at once (the config calls reschedule_guild).
        await config.update(GUILD_A, stories_paused=True)
        assert scheduler.next_run("story_prompt", GUILD_A) is None
        await scheduler.reschedule_guild(GUILD_A)  # nothing left to remove: fine
        assert scheduler.next_run("story_prompt", GUILD_A) is None
        await config.update(GUILD_A, stories_paused=False)
        assert scheduler.next_run("story_prompt", GUILD_A) is not None
        await config.update(GUILD_A, story_day=None)
        assert scheduler.next_run("story_prompt", GUILD_A) is None
        await asyncio.sleep(0.1)
        assert stories.runs == []


async def test_a_trigger_that_cannot_be_built_is_logged_and_other_kinds_are_kept(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    def broken_trigger(settings: GuildSettings) -> BaseTrigger | None:
        raise ValueError("bad settings")

    caplog.set_level(logging.INFO, logger="bot.scheduler")
    async with standalone(tmp_path) as (config, scheduler):
        scheduler.add_recurring_kind("story_prompt", broken_trigger, Recorder(), label="Story prompt")
        scheduler.add_recurring_kind("digest", digest_trigger, Recorder(), label="Coach digest")
        await config.update(GUILD_A, digest_time="07:00")
        await scheduler.start()
        assert scheduler.next_run("story_prompt", GUILD_A) is None
        assert scheduler.next_run("digest", GUILD_A) is not None
        assert f"Could not build the story_prompt schedule for server {GUILD_A}" in failures(caplog)


async def test_start_builds_every_configured_servers_jobs_at_their_local_times(tmp_path: Path) -> None:
    async with standalone(tmp_path) as (config, scheduler):
        scheduler.add_recurring_kind("story_prompt", story_trigger, Recorder(), label="Story prompt")
        scheduler.add_recurring_kind("digest", digest_trigger, Recorder(), label="Coach digest")
        await config.update(GUILD_A, timezone="Europe/Berlin", story_channel_id=5, story_day="wed", story_time="19:00")
        await config.update(GUILD_B, timezone="America/New_York", digest_time="20:30")
        assert not scheduler.running
        await scheduler.start()
        assert scheduler.running
        now = clock.now()
        story = scheduler.next_run("story_prompt", GUILD_A)
        assert story is not None
        local = story.astimezone(ZoneInfo("Europe/Berlin"))
        assert (local.strftime("%a"), local.hour, local.minute) == ("Wed", 19, 0)
        assert now < story <= now + timedelta(days=7)
        digest = scheduler.next_run("digest", GUILD_B)
        assert digest is not None
        local = digest.astimezone(ZoneInfo("America/New_York"))
        assert (local.hour, local.minute) == (20, 30)
        assert now < digest <= now + timedelta(days=1)
        assert scheduler.next_run("digest", GUILD_A) is None
        assert scheduler.next_run("story_prompt", GUILD_B) is None


async def test_before_job_is_awaited_before_every_job(tmp_path: Path) -> None:
    """The bot passes wait_until_ready here, so no job talks to Discord before the bot is connected."""
    order: list[str] = []

    async def before() -> None:
        order.append("ready?")

    async def run(key: int) -> None:
        order.append(f"run {key}")

    async with standalone(tmp_path, before_job=before) as (config, scheduler):
        scheduler.add_recurring_kind("story_prompt", soon_trigger, run, label="Story prompt")
        scheduler.add_one_off_kind("reminder", run, pending_of([(3, clock.now())]))
        await scheduler.start()
        await eventually(lambda: order == ["ready?", "run 3"])
        await config.update(GUILD_A, story_day="mon")
        await eventually(lambda: order == ["ready?", "run 3", "ready?", f"run {GUILD_A}"])


# -- part 2: the bot's scheduler on simcord's virtual clock --------------------------------------------


async def test_weekly_and_daily_kinds_run_at_the_servers_local_times(simcord_env: simcord.Env) -> None:
    env = simcord_env
    s = await build_world(env, "Harbor")
    stories, digest = Recorder(), Recorder()
    env.bot.scheduler.add_recurring_kind("story_prompt", story_trigger, stories, label="Story prompt")
    env.bot.scheduler.add_recurring_kind("digest", digest_trigger, digest, label="Coach digest")
    assert env.now() == utc(1, 1) and env.now().strftime("%a") == "Thu"

    await s.admin.slash(s.channel, "config timezone", zone="Europe/Berlin")
    result = await s.admin.slash(s.channel, "config stories", channel=s.channel, day="wed", time="19:00")
    assert "Next: Wed 07 Jan 19:00 (Europe/Berlin)." in result.response.content
    await s.admin.slash(s.channel, "config digest", time="20:00")
    assert env.bot.scheduler.next_run("story_prompt", s.guild.id) == utc(1, 7, 18)  # 19:00 CET
    assert env.bot.scheduler.next_run("digest", s.guild.id) == utc(1, 1, 19)
    show = (await s.admin.slash(s.channel, "config show")).response.content
    assert "- Story prompt: Wed 07 Jan 19:00" in show
    assert "- Coach digest: Thu 01 Jan 20:00" in show

    await env.advance_time(6 * DAY + 18 * HOUR - MINUTE)
    assert stories.runs == []
    assert digest.runs == [(utc(1, day, 19), s.guild.id) for day in range(1, 7)]
    await env.advance_time(2 * MINUTE)
    assert stories.runs == [(utc(1, 7, 18), s.guild.id)]
    assert env.bot.scheduler.next_run("story_prompt", s.guild.id) == utc(1, 14, 18)

    # Paused, the weekly job is gone; resumed, it is back for the next Wednesday.
    await s.admin.slash(s.channel, "config pause", feature="stories")
    assert env.bot.scheduler.next_run("story_prompt", s.guild.id) is None
    await env.advance_time(7 * DAY)
    assert len(stories.runs) == 1
    await s.admin.slash(s.channel, "config resume", feature="stories")
    assert env.bot.scheduler.next_run("story_prompt", s.guild.id) == utc(1, 21, 18)
    await env.advance_time(7 * DAY)
    assert stories.runs[-1] == (utc(1, 21, 18), s.guild.id)
    assert len(stories.runs) == 2


async def test_a_failing_servers_job_does_not_stop_another_servers(
    simcord_env: simcord.Env, caplog: pytest.LogCaptureFixture
) -> None:
    env = simcord_env
    a = await build_world(env, "Alpha")
    b = await build_world(env, "Beta")
    stories = Recorder(failing={a.guild.id})
    env.bot.scheduler.add_recurring_kind("story_prompt", story_trigger, stories, label="Story prompt")
    caplog.set_level(logging.INFO, logger="bot.scheduler")
    for s in (a, b):
        await s.admin.slash(s.channel, "config stories", channel=s.channel, day="thu", time="12:00")
    await env.advance_time(13 * HOUR)
    assert sorted(stories.runs) == sorted([(utc(1, 1, 12), a.guild.id), (utc(1, 1, 12), b.guild.id)])
    assert f"Scheduled job story_prompt for {a.guild.id} failed" in failures(caplog)
    # Next week both run again: the failure cost the failing server nothing beyond that run.
    assert env.bot.scheduler.next_run("story_prompt", a.guild.id) == utc(1, 8, 12)
    await env.advance_time(7 * DAY)
    assert sorted(stories.keys()) == sorted([a.guild.id, b.guild.id] * 2)


async def test_overdue_one_offs_run_at_once_after_a_restart(
    simcord_env: simcord.Env, bots: BotFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = simcord_env
    await build_world(env, "Harbor")
    await env.advance_time(HOUR)
    now = env.now()
    escalations = Recorder()
    ready_when_run: list[bool] = []
    # Rows a feature table would hold: one due while the bot was down, one due later.
    pending = pending_of([(1, now - timedelta(minutes=30)), (2, now + timedelta(minutes=30))])
    original_start = JobScheduler.start

    async def start_with_escalations(self: JobScheduler) -> None:
        # What a feature does in cog_load: register its one-off kind before the scheduler starts.
        async def run(key: int) -> None:
            ready_when_run.append(env.bot.is_ready())
            await escalations(key)

        self.add_one_off_kind("escalation", run, pending)
        await original_start(self)

    monkeypatch.setattr(JobScheduler, "start", start_with_escalations)
    await env.restart_bot(bots())
    await env.settle()
    assert escalations.runs == [(now, 1)]
    assert env.bot.scheduler.next_run("escalation", 2) == now + timedelta(minutes=30)
    await env.advance_time(HOUR)
    assert escalations.runs == [(now, 1), (now + timedelta(minutes=30), 2)]
    assert ready_when_run == [True, True]  # before_job waited for the gateway
