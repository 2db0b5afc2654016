"""Times, days and zones as admins type them; a refusal quotes the value as typed and the expected form."""

from __future__ import annotations

import pytest

from bot.timeparse import (
    InputError,
    describe_days,
    parse_day,
    parse_days,
    parse_time,
    parse_zone,
    suggest_zones,
    time_of,
)

WEEK = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("9:00", "09:00"), ("09:00", "09:00"), (" 18:30 ", "18:30"), ("0:00", "00:00"), ("23:59", "23:59")],
)
def test_parse_time(typed: str, expected: str) -> None:
    assert parse_time(typed) == expected


@pytest.mark.parametrize("typed", ["24:00", "12:60", "9am", "9", "9:5", "09:00:00", "9.00", "", "nine"])
def test_parse_time_refuses_with_the_value_as_typed(typed: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_time(typed)
    message = str(caught.value)
    assert message.startswith(f"`{typed}` isn't a time")
    assert "HH:MM" in message


def test_time_of() -> None:
    assert time_of("09:05").hour == 9
    assert time_of("09:05").minute == 5


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("daily", WEEK),
        ("Daily", WEEK),
        ("every day", WEEK),
        ("weekdays", WEEK[:5]),
        ("weekends", ("sat", "sun")),
        ("mon,wed,fri", ("mon", "wed", "fri")),
        ("fri, mon", ("mon", "fri")),
        ("Monday, Friday", ("mon", "fri")),
        ("tues thurs", ("tue", "thu")),
        ("sun,sun", ("sun",)),
    ],
)
def test_parse_days(typed: str, expected: tuple[str, ...]) -> None:
    assert parse_days(typed) == expected


@pytest.mark.parametrize("typed", ["funday", "mon,funday", "", " , ", "weekdays,sat", "everyday!"])
def test_parse_days_refuses_with_the_value_as_typed(typed: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_days(typed)
    message = str(caught.value)
    assert message.startswith(f"`{typed}` isn't a list of days")
    assert "mon,wed,fri" in message


def test_parse_day() -> None:
    assert parse_day("Wednesday") == "wed"
    assert parse_day(" FRI ") == "fri"
    with pytest.raises(InputError, match=r"^`someday` isn't a day of the week"):
        parse_day("someday")


def test_describe_days() -> None:
    assert describe_days(WEEK) == "every day"
    assert describe_days(WEEK[:5]) == "weekdays"
    assert describe_days(("sat", "sun")) == "weekends"
    assert describe_days(("mon", "wed")) == "Monday, Wednesday"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Europe/Berlin", "Europe/Berlin"),
        ("europe/berlin", "Europe/Berlin"),
        ("  AMERICA/NEW_YORK ", "America/New_York"),
        ("utc", "UTC"),
    ],
)
def test_parse_zone(typed: str, expected: str) -> None:
    assert parse_zone(typed) == expected


@pytest.mark.parametrize("typed", ["Mars/Base", "Berlin", "", "Europe/../UTC"])
def test_parse_zone_refuses_with_the_value_as_typed(typed: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_zone(typed)
    message = str(caught.value)
    assert message.startswith(f"`{typed}` isn't a time zone")
    assert "Europe/Berlin" in message


def test_suggest_zones() -> None:
    assert suggest_zones("berl") == ["Europe/Berlin"]
    assert suggest_zones("Europe/Ber")[0] == "Europe/Berlin"
    assert "America/New_York" in suggest_zones("new york")
    assert suggest_zones("london") == ["Europe/London"]
    # names that start with what was typed come before names that merely contain it
    suggestions = suggest_zones("us")
    assert suggestions[0] == "US/Alaska"
    assert suggestions.index("US/Samoa") < suggestions.index("Africa/Lusaka")


def test_suggest_zones_is_limited() -> None:
    assert len(suggest_zones("")) == 25
    assert len(suggest_zones("a", limit=5)) == 5
    assert suggest_zones("no such place") == []
