"""Per-server settings: one row per server in `guild_settings`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from bot import clock
from bot.db.engine import Database, Row
from bot.weekdays import ALL_DAYS

Feature = Literal["checkins", "stories", "coaches"]
FEATURES: tuple[Feature, ...] = ("checkins", "stories", "coaches")
DEFAULT_QUESTION = "How are you arriving today?"
DEFAULT_CRISIS_TEXT = (
    "If you are in crisis or thinking about ending your life, please reach out now:\n"
    "- In the US, call or text **988** (Suicide & Crisis Lifeline), any time.\n"
    "- Elsewhere, find a free, confidential line near you at **findahelpline.com**.\n"
    "- If you are in immediate danger, call your local emergency number.\n"
    "Been There is a peer-support bot, not a crisis service."
)


@dataclass(frozen=True)
class GuildSettings:
    guild_id: int
    timezone: str = "UTC"
    checkin_channel_id: int | None = None
    checkin_time: str | None = None
    checkin_days: tuple[str, ...] = ALL_DAYS
    checkin_question: str = DEFAULT_QUESTION
    reminder_hours: int = 0
    checkins_paused: bool = False
    story_channel_id: int | None = None
    story_day: str | None = None
    story_time: str | None = None
    stories_paused: bool = False
    coach_role_id: int | None = None
    alerts_channel_id: int | None = None
    support_channel_id: int | None = None
    escalate_after: int = 10
    coaches_paused: bool = False
    digest_time: str | None = None
    crisis_text: str = DEFAULT_CRISIS_TEXT
    retention_days: int = 90

    @property
    def checkins_configured(self) -> bool:
        return self.checkin_channel_id is not None and self.checkin_time is not None

    @property
    def stories_configured(self) -> bool:
        return self.story_channel_id is not None and self.story_day is not None and self.story_time is not None

    @property
    def coaches_configured(self) -> bool:
        return self.coach_role_id is not None and self.alerts_channel_id is not None

    def paused(self, feature: Feature) -> bool:
        return bool(getattr(self, f"{feature}_paused"))

    def channels(self) -> dict[str, int]:
        """Every configured channel, by what it is used for."""
        named = {
            "check-ins": self.checkin_channel_id,
            "stories": self.story_channel_id,
            "coach alerts": self.alerts_channel_id,
            "support threads": self.support_channel_id,
        }
        return {purpose: channel for purpose, channel in named.items() if channel is not None}


def _from_row(row: Row) -> GuildSettings:
    return GuildSettings(
        guild_id=row["guild_id"],
        timezone=row["timezone"],
        checkin_channel_id=row["checkin_channel_id"],
        checkin_time=row["checkin_time"],
        checkin_days=tuple(row["checkin_days"].split(",")),
        checkin_question=row["checkin_question"] or DEFAULT_QUESTION,
        reminder_hours=row["reminder_hours"],
        checkins_paused=bool(row["checkins_paused"]),
        story_channel_id=row["story_channel_id"],
        story_day=row["story_day"],
        story_time=row["story_time"],
        stories_paused=bool(row["stories_paused"]),
        coach_role_id=row["coach_role_id"],
        alerts_channel_id=row["alerts_channel_id"],
        support_channel_id=row["support_channel_id"],
        escalate_after=row["escalate_after"],
        coaches_paused=bool(row["coaches_paused"]),
        digest_time=row["digest_time"],
        crisis_text=row["crisis_text"] or DEFAULT_CRISIS_TEXT,
        retention_days=row["retention_days"],
    )


class GuildSettingsRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def get(self, guild_id: int) -> GuildSettings | None:
        row = await self._db.fetchone("SELECT * FROM guild_settings WHERE guild_id = ?", (guild_id,))
        return _from_row(row) if row else None

    async def guild_ids(self) -> list[int]:
        rows = await self._db.fetchall("SELECT guild_id FROM guild_settings ORDER BY guild_id")
        return [row["guild_id"] for row in rows]

    async def update(self, guild_id: int, **values: Any) -> None:
        """Create the server's row if needed and set the given columns.

        Column names come only from the fixed set of keyword arguments used in this package's callers.
        """
        columns = [name for name in values if name in _COLUMNS]
        if len(columns) != len(values):
            raise ValueError(f"unknown settings: {sorted(set(values) - set(columns))}")
        now = clock.now().isoformat()
        names = ", ".join(columns)
        marks = ", ".join("?" for _ in columns)
        updates = ", ".join(f"{name} = excluded.{name}" for name in columns)
        await self._db.execute(
            f"INSERT INTO guild_settings (guild_id, {names}, updated_at) VALUES (?, {marks}, ?) "
            f"ON CONFLICT (guild_id) DO UPDATE SET {updates}, updated_at = excluded.updated_at",
            (guild_id, *[_to_column(values[name]) for name in columns], now),
        )


_COLUMNS = frozenset(
    {
        "timezone",
        "checkin_channel_id",
        "checkin_time",
        "checkin_days",
        "checkin_question",
        "reminder_hours",
        "checkins_paused",
        "story_channel_id",
        "story_day",
        "story_time",
        "stories_paused",
        "coach_role_id",
        "alerts_channel_id",
        "support_channel_id",
        "escalate_after",
        "coaches_paused",
        "digest_time",
        "crisis_text",
        "retention_days",
    }
)


def _to_column(value: object) -> object:
    if isinstance(value, tuple):
        return ",".join(value)
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, datetime):
        return value.isoformat()
    return value
