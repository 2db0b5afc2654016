"""The one place that says what time it is.

Every timestamp the bot stores or compares comes from here, looked up at each call through
``discord.utils.utcnow`` so that a simulated Discord (tests) can move the clock.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import discord


def now() -> datetime:
    """The current instant, timezone-aware, in UTC."""
    return discord.utils.utcnow()


def local_now(zone: str) -> datetime:
    """The current instant in a server's zone."""
    return now().astimezone(ZoneInfo(zone))


def local_today(zone: str) -> date:
    """A member's "day": the server's local date."""
    return local_now(zone).date()
