"""Streaks: consecutive check-in days with an answer.

A check-in day is a day the server's check-in was posted. Only such a day, passed without an answer,
ends a streak; days without a post (not scheduled, paused, the bot was down) and days of the member's
break neither add nor break it. An answer on a scheduled day counts even if the post itself failed
(the member found `/checkin now`), and so does an answer during a break: the member showed up.
Today never ends a streak while it lasts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from bot.db.checkins import Break
from bot.weekdays import day_name


@dataclass(frozen=True)
class Streaks:
    current: int
    longest: int
    total_days: int


def compute_streaks(
    checked: Iterable[date],
    scheduled_days: tuple[str, ...],
    posted: set[date],
    breaks: list[Break],
    today: date,
) -> Streaks:
    dates = sorted(set(checked))
    if not dates:
        return Streaks(0, 0, 0)
    checked_set = set(dates)
    longest = run = 0
    day = dates[0]
    while day <= today:
        if day in checked_set and (day in posted or day_name(day) in scheduled_days):
            run += 1
            longest = max(longest, run)
        elif day in posted and day not in checked_set and day != today and not any(b.covers(day) for b in breaks):
            run = 0
        day += timedelta(days=1)
    return Streaks(current=run, longest=longest, total_days=len(dates))
