"""Streak arithmetic, on its own."""

from datetime import date, timedelta

from bot.db.checkins import Break
from bot.weekdays import ALL_DAYS
from cogs.checkins._streaks import compute_streaks

MON = date(2026, 1, 5)
WEEKDAYS = ALL_DAYS[:5]


def days(*offsets: int) -> list[date]:
    return [MON + timedelta(days=offset) for offset in offsets]


def posted(first: int, last: int, schedule: tuple[str, ...] = ALL_DAYS) -> set[date]:
    """The days a post went out, from MON+first to MON+last, on `schedule`."""
    return {day for day in days(*range(first, last + 1)) if ALL_DAYS[day.weekday()] in schedule}


def streaks_of(checked: list[date], schedule: tuple[str, ...], posts: set[date], today: int, breaks=()):  # type: ignore[no-untyped-def]
    result = compute_streaks(checked, schedule, posts, list(breaks), MON + timedelta(days=today))
    return result.current, result.longest, result.total_days


def test_no_check_ins_means_no_streak() -> None:
    assert streaks_of([], ALL_DAYS, posted(0, 3), today=3) == (0, 0, 0)


def test_consecutive_days_count_and_today_unanswered_does_not_break() -> None:
    assert streaks_of(days(0, 1, 2), ALL_DAYS, posted(0, 3), today=3) == (3, 3, 3)


def test_a_missed_check_in_day_ends_the_current_streak_but_not_the_longest() -> None:
    assert streaks_of(days(0, 1, 2, 4), ALL_DAYS, posted(0, 4), today=4) == (1, 3, 4)


def test_unscheduled_days_neither_add_nor_break() -> None:
    # Fri, then Mon: the weekend has no post on a weekdays schedule.
    assert streaks_of(days(4, 7), WEEKDAYS, posted(0, 7, WEEKDAYS), today=7)[0] == 2
    # A check-in on an unscheduled day (via /checkin now) does not add to the streak.
    assert streaks_of(days(4, 5, 7), WEEKDAYS, posted(0, 7, WEEKDAYS), today=7) == (2, 2, 3)


def test_days_without_a_post_neither_add_nor_break() -> None:
    # Tue and Wed had no post (check-ins paused, or the bot was down all day).
    posts = posted(0, 4) - set(days(1, 2))
    assert streaks_of(days(0, 3, 4), ALL_DAYS, posts, today=4)[0] == 3


def test_an_answer_on_a_scheduled_day_whose_post_failed_still_counts() -> None:
    posts = posted(0, 2) - set(days(1))
    assert streaks_of(days(0, 1, 2), ALL_DAYS, posts, today=2)[0] == 3


def test_break_days_without_a_check_in_neither_add_nor_break() -> None:
    on_break = [Break(MON + timedelta(days=1), MON + timedelta(days=3))]
    assert streaks_of(days(0, 4), ALL_DAYS, posted(0, 4), today=4, breaks=on_break)[0] == 2
    # After the break, a missed day ends the streak as usual.
    assert streaks_of(days(0, 5), ALL_DAYS, posted(0, 5), today=5, breaks=on_break)[0] == 1


def test_a_check_in_during_a_break_still_counts() -> None:
    on_break = [Break(MON, MON + timedelta(days=2))]
    assert streaks_of(days(0, 1, 3), ALL_DAYS, posted(0, 3), today=3, breaks=on_break)[0] == 3
