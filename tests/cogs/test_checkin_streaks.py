"""Streak arithmetic, on its own."""

from datetime import date, timedelta

from bot.db.checkins import Break
from bot.db.guild_settings import ALL_DAYS
from cogs.checkins._streaks import compute_streaks

MON = date(2026, 1, 5)
WEEKDAYS = ALL_DAYS[:5]


def days(*offsets: int) -> list[date]:
    return [MON + timedelta(days=offset) for offset in offsets]


def test_no_check_ins_means_no_streak() -> None:
    streaks = compute_streaks([], ALL_DAYS, [], MON)
    assert (streaks.current, streaks.longest, streaks.total_days) == (0, 0, 0)


def test_consecutive_days_count_and_today_unanswered_does_not_break() -> None:
    streaks = compute_streaks(days(0, 1, 2), ALL_DAYS, [], MON + timedelta(days=3))
    assert (streaks.current, streaks.longest, streaks.total_days) == (3, 3, 3)


def test_a_missed_scheduled_day_ends_the_current_streak_but_not_the_longest() -> None:
    streaks = compute_streaks(days(0, 1, 2, 4), ALL_DAYS, [], MON + timedelta(days=4))
    assert (streaks.current, streaks.longest, streaks.total_days) == (1, 3, 4)


def test_unscheduled_days_neither_add_nor_break() -> None:
    # Fri, then Mon: the weekend is not scheduled on a weekdays schedule.
    streaks = compute_streaks(days(4, 7), WEEKDAYS, [], MON + timedelta(days=7))
    assert streaks.current == 2
    # A check-in on an unscheduled day (via /checkin now) does not add to the streak.
    streaks = compute_streaks(days(4, 5, 7), WEEKDAYS, [], MON + timedelta(days=7))
    assert streaks.current == 2 and streaks.total_days == 3


def test_break_days_without_a_check_in_neither_add_nor_break() -> None:
    on_break = [Break(MON + timedelta(days=1), MON + timedelta(days=3))]
    streaks = compute_streaks(days(0, 4), ALL_DAYS, on_break, MON + timedelta(days=4))
    assert streaks.current == 2
    # The day after a break ends counts as usual.
    streaks = compute_streaks(days(0, 5), ALL_DAYS, on_break, MON + timedelta(days=5))
    assert streaks.current == 1


def test_a_check_in_during_a_break_still_counts() -> None:
    on_break = [Break(MON, MON + timedelta(days=2))]
    streaks = compute_streaks(days(0, 1, 3), ALL_DAYS, on_break, MON + timedelta(days=3))
    assert streaks.current == 3
