"""Reading the times, days and zones admins type. Each refusal names the value as typed and the form expected."""

from __future__ import annotations

import re
from datetime import time
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.weekdays import ALL_DAYS, DAY_LABELS

_TIME = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*$")
_DAY_NAMES = {
    **{day: day for day in ALL_DAYS},
    "monday": "mon",
    "tuesday": "tue",
    "tues": "tue",
    "wednesday": "wed",
    "thursday": "thu",
    "thur": "thu",
    "thurs": "thu",
    "friday": "fri",
    "saturday": "sat",
    "sunday": "sun",
}


class InputError(ValueError):
    """A value an admin or member typed that the bot can't use; the message is shown to them."""


def parse_time(text: str) -> str:
    """'9:05' or '09:05' -> '09:05'."""
    match = _TIME.match(text)
    if match:
        hour, minute = int(match.group(1)), int(match.group(2))
        if hour < 24 and minute < 60:
            return f"{hour:02d}:{minute:02d}"
    raise InputError(f"`{text}` isn't a time I can use. Please use HH:MM in 24-hour time, like `09:00` or `18:30`.")


def time_of(hhmm: str) -> time:
    hour, minute = hhmm.split(":")
    return time(int(hour), int(minute))


def parse_days(text: str) -> tuple[str, ...]:
    """'daily', 'weekdays', 'weekends' or a list such as 'mon,wed,fri' -> days in week order."""
    cleaned = text.strip().lower()
    presets = {"daily": ALL_DAYS, "every day": ALL_DAYS, "weekdays": ALL_DAYS[:5], "weekends": ALL_DAYS[5:]}
    if cleaned in presets:
        return presets[cleaned]
    parts = [part.strip() for part in re.split(r"[,\s]+", cleaned) if part.strip()]
    days = {_DAY_NAMES.get(part) for part in parts}
    if not parts or None in days:
        raise InputError(
            f"`{text}` isn't a list of days I can use. Please use `daily`, `weekdays`, `weekends`, "
            "or days separated by commas, like `mon,wed,fri`."
        )
    return tuple(day for day in ALL_DAYS if day in days)


def parse_day(text: str) -> str:
    """One day of the week: 'Mon', 'monday' -> 'mon'."""
    day = _DAY_NAMES.get(text.strip().lower())
    if day is None:
        raise InputError(f"`{text}` isn't a day of the week. Please use a day such as `mon` or `friday`.")
    return day


def describe_days(days: tuple[str, ...]) -> str:
    if days == ALL_DAYS:
        return "every day"
    if days == ALL_DAYS[:5]:
        return "weekdays"
    if days == ALL_DAYS[5:]:
        return "weekends"
    return ", ".join(DAY_LABELS[day] for day in days)


@cache
def zone_names() -> tuple[str, ...]:
    return tuple(sorted(available_timezones()))


def parse_zone(text: str) -> str:
    """An IANA zone name such as 'Europe/Berlin', matched without regard to case."""
    wanted = text.strip()
    by_lower = {name.lower(): name for name in zone_names()}
    name = by_lower.get(wanted.lower())
    if name is not None:
        try:
            ZoneInfo(name)
            return name
        except ZoneInfoNotFoundError:
            pass
    raise InputError(
        f"`{text}` isn't a time zone I know. Please use an IANA zone name such as `Europe/Berlin` "
        "or `America/New_York` (start typing and pick one from the list)."
    )


def suggest_zones(typed: str, limit: int = 25) -> list[str]:
    needle = typed.strip().lower().replace(" ", "_")
    if not needle:
        return list(zone_names()[:limit])
    starts = [name for name in zone_names() if name.lower().startswith(needle)]
    contains = [name for name in zone_names() if needle in name.lower() and name not in starts]
    return (starts + contains)[:limit]
