"""The one small interface repositories speak SQL through, and its SQLite engine.

Engine specifics (PRAGMAs, WAL, the single connection) stay in this module so that the repositories'
portable SQL can move to another engine without rework.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Protocol

import aiosqlite

Row = aiosqlite.Row
Params = Sequence[Any]


class Queries(Protocol):
    """What a repository may do: run a statement, or fetch rows."""

    async def execute(self, sql: str, params: Params = ()) -> int: ...
    async def fetchone(self, sql: str, params: Params = ()) -> Row | None: ...
    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]: ...


class _Runner:
    """Runs statements on a connection; every cursor is read and closed."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run one statement; returns how many rows it changed. (New ids come from `INSERT ... RETURNING id`.)"""
        async with self._conn.execute(sql, params) as cursor:
            return cursor.rowcount

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        # One trip to the connection's thread: execute, read every row, close the cursor.
        return list(await self._conn.execute_fetchall(sql, params))


class Database:
    """One SQLite connection in autocommit mode; a statement outside a transaction is its own commit."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn
        self._runner = _Runner(conn)
        self._lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: Path) -> Database:
        conn = await aiosqlite.connect(path, isolation_level=None)
        conn.row_factory = aiosqlite.Row
        for pragma in (
            "PRAGMA journal_mode=WAL",
            "PRAGMA foreign_keys=ON",
            "PRAGMA busy_timeout=5000",
            # A check-in must be on disk before the member is told it is recorded.
            "PRAGMA synchronous=FULL",
        ):
            async with conn.execute(pragma) as cursor:
                await cursor.fetchall()
        return cls(conn)

    async def execute(self, sql: str, params: Params = ()) -> int:
        async with self._lock:
            return await self._runner.execute(sql, params)

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        async with self._lock:
            return await self._runner.fetchone(sql, params)

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        async with self._lock:
            return await self._runner.fetchall(sql, params)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Queries]:
        """All statements inside commit together or not at all."""
        async with self._lock:
            await self._runner.execute("BEGIN IMMEDIATE")
            try:
                yield self._runner
            except BaseException:
                await self._runner.execute("ROLLBACK")
                raise
            await self._runner.execute("COMMIT")

    async def close(self) -> None:
        await self._conn.close()
