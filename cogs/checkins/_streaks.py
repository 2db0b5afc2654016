"""Streaks: consecutive scheduled check-in days with an answer.

Days without a scheduled check-in are skipped. A day of a member's break without a check-in is skipped
too: it neither adds to nor breaks the streak (a check-in during a break still counts: the member
showed up). Today does not break a streak until it is over.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from bot.db.checkins import Break
from bot.db.guild_settings import ALL_DAYS


@dataclass(frozen=True)
class Streaks:
    current: int
    longest: int
    total_days: int


def compute_streaks(
    checked: Iterable[date], scheduled_days: tuple[str, ...], breaks: list[Break], today: date
) -> Streaks:
    dates = sorted(set(checked))
    if not dates:
        return Streaks(0, 0, 0)
    scheduled = frozenset(ALL_DAYS.index(day) for day in scheduled_days)
    checked_set = set(dates)
    longest = run = 0
    day = dates[0]
    while day <= today:
        if day.weekday() not in scheduled:
            pass
        elif day in checked_set:
            run += 1
            longest = max(longest, run)
        elif day != today and not any(b.covers(day) for b in breaks):
            run = 0
        day += timedelta(days=1)
    return Streaks(current=run, longest=longest, total_days=len(dates))
