"""The timetable: every server's recurring jobs and every one-off job, rebuilt from the database.

Features register *job kinds* when they load:
- a recurring kind says, from a server's settings, when its job runs (a trigger, or None for "not now");
- a one-off kind (a reminder, an escalation) is keyed by a row id and says which rows still have work due.

Jobs carry only ids and call a coroutine that reloads state, so the in-memory job store is enough:
at start everything is rebuilt from the feature tables, and overdue one-offs run once, at once.
A failing job is logged and never stops another server's jobs.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from apscheduler.job import Job
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger

from bot import clock
from bot.db.guild_settings import GuildSettings
from bot.guild_config import GuildConfig
from bot.timeparse import time_of

log = logging.getLogger(__name__)

JobRunner = Callable[[int], Awaitable[None]]
TriggerFor = Callable[[GuildSettings], BaseTrigger | None]
PendingLoader = Callable[[], Awaitable[list[tuple[int, datetime]]]]
# A cron job may fire this late (a busy loop, a slow start) and still run; later it waits for its next time.
RECURRING_GRACE_SECONDS = 15 * 60


@dataclass(frozen=True)
class RecurringKind:
    trigger_for: TriggerFor
    run: JobRunner
    label: str


@dataclass(frozen=True)
class OneOffKind:
    run: JobRunner
    pending: PendingLoader


def weekly_trigger(hhmm: str, days: tuple[str, ...], zone: str) -> CronTrigger:
    """At local `hhmm` on `days` in `zone` (daylight saving included)."""
    at = time_of(hhmm)
    return CronTrigger(day_of_week=",".join(days), hour=at.hour, minute=at.minute, timezone=zone)


class JobScheduler:
    def __init__(self, config: GuildConfig, before_job: Callable[[], Awaitable[object]] | None = None) -> None:
        self._config = config
        self._before_job = before_job
        self._aps = AsyncIOScheduler(timezone="UTC", job_defaults={"coalesce": True, "max_instances": 1})
        self._recurring: dict[str, RecurringKind] = {}
        self._one_off: dict[str, OneOffKind] = {}
        config.on_change(self.reschedule_guild)

    # -- registration (features, while loading) --------------------------------------------------

    def add_recurring_kind(self, kind: str, trigger_for: TriggerFor, run: JobRunner, *, label: str) -> None:
        self._recurring[kind] = RecurringKind(trigger_for, run, label)

    def add_one_off_kind(self, kind: str, run: JobRunner, pending: PendingLoader) -> None:
        self._one_off[kind] = OneOffKind(run, pending)

    @property
    def recurring_kinds(self) -> dict[str, RecurringKind]:
        return dict(self._recurring)

    # -- lifecycle ---------------------------------------------------------------------------------

    async def start(self) -> None:
        """Build every server's jobs and every pending one-off from the database, then start."""
        for guild_id in await self._config.guild_ids():
            await self.reschedule_guild(guild_id)
        for kind, one_off in self._one_off.items():
            for item_id, due in await one_off.pending():
                self.schedule_once(kind, item_id, due)
        self._aps.start()

    def shutdown(self) -> None:
        if self._aps.running:
            self._aps.shutdown(wait=False)

    @property
    def running(self) -> bool:
        return bool(self._aps.running)

    # -- jobs ----------------------------------------------------------------------------------------

    async def reschedule_guild(self, guild_id: int) -> None:
        settings = await self._config.get(guild_id)
        for kind, recurring in self._recurring.items():
            job_id = f"{kind}:{guild_id}"
            try:
                trigger = recurring.trigger_for(settings)
            except Exception:
                log.exception("Could not build the %s schedule for server %s", kind, guild_id)
                trigger = None
            if trigger is None:
                self._remove(job_id)
                continue
            self._aps.add_job(
                self._run,
                trigger,
                args=(kind, guild_id),
                id=job_id,
                name=job_id,
                replace_existing=True,
                misfire_grace_time=RECURRING_GRACE_SECONDS,
            )

    def schedule_once(self, kind: str, item_id: int, due: datetime) -> None:
        """Run `kind` for `item_id` at `due`; if that has passed, as soon as possible (never dropped)."""
        if kind not in self._one_off:
            raise KeyError(f"unknown one-off job kind {kind!r}")
        self._aps.add_job(
            self._run,
            DateTrigger(max(due, clock.now())),
            args=(kind, item_id),
            id=f"{kind}:{item_id}",
            name=f"{kind}:{item_id}",
            replace_existing=True,
            misfire_grace_time=None,
        )

    def cancel_once(self, kind: str, item_id: int) -> None:
        self._remove(f"{kind}:{item_id}")

    def next_run(self, kind: str, key: int) -> datetime | None:
        job: Job | None = self._aps.get_job(f"{kind}:{key}")
        if job is None:
            return None
        # A job added before the scheduler starts has no next_run_time yet.
        when: datetime | None = getattr(job, "next_run_time", None)
        return when

    def _remove(self, job_id: str) -> None:
        if self._aps.get_job(job_id) is not None:
            self._aps.remove_job(job_id)

    async def _run(self, kind: str, key: int) -> None:
        runner = self._recurring[kind].run if kind in self._recurring else self._one_off[kind].run
        try:
            if self._before_job is not None:
                await self._before_job()
            await runner(key)
        except Exception:
            log.exception("Scheduled job %s for %s failed", kind, key)
