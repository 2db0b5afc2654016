"""Days of the week as Been There stores them ('mon' ... 'sun') and shows them."""

from __future__ import annotations

from datetime import date

ALL_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_LABELS = dict(
    zip(ALL_DAYS, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"), strict=True)
)


def day_name(day: date) -> str:
    """The stored name of `day`'s weekday, e.g. 'mon'."""
    return ALL_DAYS[day.weekday()]
