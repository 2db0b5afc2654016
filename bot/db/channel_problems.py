"""Problems the bot met when it last used a channel, shown by /config show until they clear."""

from __future__ import annotations

from bot import clock
from bot.db.engine import Database


class ChannelProblemsRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def record(self, guild_id: int, channel_id: int, problem: str) -> None:
        await self._db.execute(
            "INSERT INTO channel_problems (guild_id, channel_id, problem, seen_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (guild_id, channel_id) DO UPDATE SET problem = excluded.problem, "
            "seen_at = excluded.seen_at",
            (guild_id, channel_id, problem, clock.now().isoformat()),
        )

    async def clear(self, guild_id: int, channel_id: int) -> None:
        await self._db.execute(
            "DELETE FROM channel_problems WHERE guild_id = ? AND channel_id = ?", (guild_id, channel_id)
        )

    async def for_guild(self, guild_id: int) -> dict[int, str]:
        rows = await self._db.fetchall(
            "SELECT channel_id, problem FROM channel_problems WHERE guild_id = ?", (guild_id,)
        )
        return {row["channel_id"]: row["problem"] for row in rows}
