"""Daily check-ins: posts, moods, notes, breaks and reminder opt-ins."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum

from bot import clock
from bot.db.engine import Database, Queries, Row


class TapOutcome(Enum):
    NEW = "new"  # the member's first check-in of the day
    CHANGED = "changed"  # a different mood than before
    UNCHANGED = "unchanged"  # the same mood again


@dataclass(frozen=True)
class CheckinPost:
    id: int
    guild_id: int
    local_date: date
    channel_id: int
    message_id: int | None
    status: str
    attempts: int
    question: str
    created_at: datetime
    reminder_due_at: datetime | None
    reminders_sent_at: datetime | None


@dataclass(frozen=True)
class Note:
    id: int
    guild_id: int
    user_id: int
    local_date: date
    text: str
    shared_at: datetime | None


@dataclass(frozen=True)
class Break:
    start: date
    end: date

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _post(row: Row) -> CheckinPost:
    return CheckinPost(
        id=row["id"],
        guild_id=row["guild_id"],
        local_date=date.fromisoformat(row["local_date"]),
        channel_id=row["channel_id"],
        message_id=row["message_id"],
        status=row["status"],
        attempts=row["attempts"],
        question=row["question"],
        created_at=datetime.fromisoformat(row["created_at"]),
        reminder_due_at=_dt(row["reminder_due_at"]),
        reminders_sent_at=_dt(row["reminders_sent_at"]),
    )


class CheckinRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    # -- posts -------------------------------------------------------------------------------------

    async def claim_post(self, guild_id: int, day: date, channel_id: int, question: str) -> CheckinPost | None:
        """Record the intent to post for `day` before sending. None if the day already has a post row."""
        row = await self._db.fetchone(
            "INSERT INTO checkin_posts (guild_id, local_date, channel_id, status, question, created_at) "
            "VALUES (?, ?, ?, 'sending', ?, ?) ON CONFLICT (guild_id, local_date) DO NOTHING RETURNING *",
            (guild_id, day.isoformat(), channel_id, question, clock.now().isoformat()),
        )
        return _post(row) if row else None

    async def retry_failed_post(self, post_id: int, channel_id: int, question: str) -> bool:
        """Take a failed post back to 'sending' (only one caller wins)."""
        changed = await self._db.execute(
            "UPDATE checkin_posts SET status = 'sending', channel_id = ?, question = ?, attempts = attempts + 1 "
            "WHERE id = ? AND status = 'failed'",
            (channel_id, question, post_id),
        )
        return changed == 1

    async def posted_dates(self, guild_id: int, since: date) -> set[date]:
        """The days the server's check-in was posted, from `since` on."""
        rows = await self._db.fetchall(
            "SELECT local_date FROM checkin_posts WHERE guild_id = ? AND status = 'posted' AND local_date >= ?",
            (guild_id, since.isoformat()),
        )
        return {date.fromisoformat(row["local_date"]) for row in rows}

    async def mark_posted(self, post_id: int, message_id: int, reminder_due_at: datetime | None) -> None:
        await self._db.execute(
            "UPDATE checkin_posts SET status = 'posted', message_id = ?, reminder_due_at = ? WHERE id = ?",
            (message_id, reminder_due_at.isoformat() if reminder_due_at else None, post_id),
        )

    async def mark_unsure(self, post_id: int) -> None:
        """The post may or may not have gone out (a lost response): it stays 'sending', to be looked for."""
        await self._db.execute("UPDATE checkin_posts SET attempts = attempts + 1 WHERE id = ?", (post_id,))

    async def unconfirmed_posts(self, since: date) -> list[CheckinPost]:
        """Posts left 'sending' (a crash or a lost response) for days from `since` on."""
        rows = await self._db.fetchall(
            "SELECT * FROM checkin_posts WHERE status = 'sending' AND local_date >= ?", (since.isoformat(),)
        )
        return [_post(row) for row in rows]

    async def mark_failed(self, post_id: int) -> None:
        await self._db.execute("UPDATE checkin_posts SET status = 'failed' WHERE id = ?", (post_id,))

    async def post(self, post_id: int) -> CheckinPost | None:
        row = await self._db.fetchone("SELECT * FROM checkin_posts WHERE id = ?", (post_id,))
        return _post(row) if row else None

    async def post_for(self, guild_id: int, day: date) -> CheckinPost | None:
        row = await self._db.fetchone(
            "SELECT * FROM checkin_posts WHERE guild_id = ? AND local_date = ?", (guild_id, day.isoformat())
        )
        return _post(row) if row else None

    async def posts_awaiting_reminders(self) -> list[tuple[int, datetime]]:
        rows = await self._db.fetchall(
            "SELECT id, reminder_due_at FROM checkin_posts WHERE status = 'posted' "
            "AND reminder_due_at IS NOT NULL AND reminders_sent_at IS NULL"
        )
        return [(row["id"], datetime.fromisoformat(row["reminder_due_at"])) for row in rows]

    async def claim_reminders(self, post_id: int) -> bool:
        """Mark the post's reminders as sent; False if they already were (a doubled run)."""
        changed = await self._db.execute(
            "UPDATE checkin_posts SET reminders_sent_at = ? WHERE id = ? AND reminders_sent_at IS NULL",
            (clock.now().isoformat(), post_id),
        )
        return changed == 1

    # -- moods -------------------------------------------------------------------------------------

    async def record_mood(self, guild_id: int, user_id: int, day: date, mood: int) -> TapOutcome:
        """Store the member's mood for `day` (one statement, one commit: taps are the hot path)."""
        now = clock.now().isoformat()
        # The update is skipped when the mood is unchanged, so no row comes back in that case.
        row = await self._db.fetchone(
            "INSERT INTO checkins (guild_id, user_id, local_date, mood, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (guild_id, user_id, local_date) "
            "DO UPDATE SET mood = excluded.mood, updated_at = excluded.updated_at, changes = checkins.changes + 1 "
            "WHERE checkins.mood <> excluded.mood "
            "RETURNING changes = 0 AS is_new",
            (guild_id, user_id, day.isoformat(), mood, now, now),
        )
        if row is None:
            return TapOutcome.UNCHANGED
        return TapOutcome.NEW if row["is_new"] else TapOutcome.CHANGED

    async def count_for(self, guild_id: int, day: date) -> int:
        row = await self._db.fetchone(
            "SELECT COUNT(*) AS n FROM checkins WHERE guild_id = ? AND local_date = ?",
            (guild_id, day.isoformat()),
        )
        return int(row["n"]) if row else 0

    async def checked_in_dates(self, guild_id: int, user_id: int) -> list[date]:
        rows = await self._db.fetchall(
            "SELECT local_date FROM checkins WHERE guild_id = ? AND user_id = ? ORDER BY local_date",
            (guild_id, user_id),
        )
        return [date.fromisoformat(row["local_date"]) for row in rows]

    async def moods_since(self, guild_id: int, user_id: int, since: date) -> dict[date, int]:
        rows = await self._db.fetchall(
            "SELECT local_date, mood FROM checkins WHERE guild_id = ? AND user_id = ? AND local_date >= ?",
            (guild_id, user_id, since.isoformat()),
        )
        return {date.fromisoformat(row["local_date"]): row["mood"] for row in rows}

    # -- notes -------------------------------------------------------------------------------------

    async def add_note(self, guild_id: int, user_id: int, day: date, text: str) -> int:
        row = await self._db.fetchone(
            "INSERT INTO checkin_notes (guild_id, user_id, local_date, text, created_at) "
            "VALUES (?, ?, ?, ?, ?) RETURNING id",
            (guild_id, user_id, day.isoformat(), text, clock.now().isoformat()),
        )
        assert row is not None
        return int(row["id"])

    async def note(self, note_id: int) -> Note | None:
        row = await self._db.fetchone("SELECT * FROM checkin_notes WHERE id = ?", (note_id,))
        if row is None:
            return None
        return Note(
            id=row["id"],
            guild_id=row["guild_id"],
            user_id=row["user_id"],
            local_date=date.fromisoformat(row["local_date"]),
            text=row["text"],
            shared_at=_dt(row["shared_at"]),
        )

    async def share_note(self, note_id: int, user_id: int) -> bool:
        """Share the member's own note with coaches; False if it isn't theirs or is gone."""
        changed = await self._db.execute(
            "UPDATE checkin_notes SET shared_at = COALESCE(shared_at, ?) WHERE id = ? AND user_id = ?",
            (clock.now().isoformat(), note_id, user_id),
        )
        return changed == 1

    async def delete_notes_before(self, guild_id: int, cutoff: datetime) -> int:
        return await self._db.execute(
            "DELETE FROM checkin_notes WHERE guild_id = ? AND created_at < ?", (guild_id, cutoff.isoformat())
        )

    # -- breaks ------------------------------------------------------------------------------------

    async def breaks(self, guild_id: int, user_id: int) -> list[Break]:
        rows = await self._db.fetchall(
            "SELECT start_date, end_date FROM checkin_breaks WHERE guild_id = ? AND user_id = ? ORDER BY start_date",
            (guild_id, user_id),
        )
        return [Break(date.fromisoformat(row["start_date"]), date.fromisoformat(row["end_date"])) for row in rows]

    async def start_break(self, guild_id: int, user_id: int, start: date, end: date) -> None:
        """A break from `start` to `end`, replacing any break still running or planned from `start` on."""
        async with self._db.transaction() as tx:
            await self._end_breaks(tx, guild_id, user_id, start)
            await tx.execute(
                "INSERT INTO checkin_breaks (guild_id, user_id, start_date, end_date, created_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (guild_id, user_id, start.isoformat(), end.isoformat(), clock.now().isoformat()),
            )

    async def end_break(self, guild_id: int, user_id: int, today: date) -> bool:
        """End a break covering `today` (or later) so that today counts again. True if there was one."""
        async with self._db.transaction() as tx:
            return await self._end_breaks(tx, guild_id, user_id, today) > 0

    @staticmethod
    async def _end_breaks(tx: Queries, guild_id: int, user_id: int, today: date) -> int:
        removed = await tx.execute(
            "DELETE FROM checkin_breaks WHERE guild_id = ? AND user_id = ? AND start_date >= ?",
            (guild_id, user_id, today.isoformat()),
        )
        shortened = await tx.execute(
            "UPDATE checkin_breaks SET end_date = ? WHERE guild_id = ? AND user_id = ? "
            "AND start_date < ? AND end_date >= ?",
            (
                (today - timedelta(days=1)).isoformat(),
                guild_id,
                user_id,
                today.isoformat(),
                today.isoformat(),
            ),
        )
        return removed + shortened

    # -- reminder opt-ins --------------------------------------------------------------------------

    async def set_reminders(self, guild_id: int, user_id: int, on: bool) -> None:
        if on:
            await self._db.execute(
                "INSERT INTO checkin_reminder_optins (guild_id, user_id, created_at) VALUES (?, ?, ?) "
                "ON CONFLICT (guild_id, user_id) DO NOTHING",
                (guild_id, user_id, clock.now().isoformat()),
            )
        else:
            await self._db.execute(
                "DELETE FROM checkin_reminder_optins WHERE guild_id = ? AND user_id = ?", (guild_id, user_id)
            )

    async def wants_reminders(self, guild_id: int, user_id: int) -> bool:
        row = await self._db.fetchone(
            "SELECT 1 FROM checkin_reminder_optins WHERE guild_id = ? AND user_id = ?", (guild_id, user_id)
        )
        return row is not None

    async def members_to_remind(self, guild_id: int, day: date) -> list[int]:
        """Opted-in members with no check-in on `day` and no break covering it."""
        rows = await self._db.fetchall(
            "SELECT o.user_id FROM checkin_reminder_optins o WHERE o.guild_id = ? "
            "AND NOT EXISTS (SELECT 1 FROM checkins c WHERE c.guild_id = o.guild_id "
            "    AND c.user_id = o.user_id AND c.local_date = ?) "
            "AND NOT EXISTS (SELECT 1 FROM checkin_breaks b WHERE b.guild_id = o.guild_id "
            "    AND b.user_id = o.user_id AND b.start_date <= ? AND b.end_date >= ?) "
            "ORDER BY o.user_id",
            (guild_id, day.isoformat(), day.isoformat(), day.isoformat()),
        )
        return [row["user_id"] for row in rows]
