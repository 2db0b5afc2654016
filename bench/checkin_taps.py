"""How fast check-in taps are recorded, as a ratio against raw sqlite3 in the same run.

Both sides do the same durable work for each tap: one member's mood for one day, committed to disk
(WAL, synchronous=FULL) before the next tap, since a member is told a tap is recorded only once it is.
The baseline is the shortest path: raw sqlite3, one upsert and one commit per tap, on the same disk.

    python bench/checkin_taps.py [--taps N] [--rounds R]

Prints taps per second for each and the ratio (target: at least 0.5).
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from bot.db.checkins import CheckinRepository
from bot.db.engine import Database
from bot.db.migrate import migrate

GUILD = 1
DAY = date(2026, 1, 1)
UPSERT = (
    "INSERT INTO checkins (guild_id, user_id, local_date, mood, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (guild_id, user_id, local_date) DO UPDATE SET mood = excluded.mood, updated_at = excluded.updated_at, "
    "changes = checkins.changes + 1 WHERE checkins.mood <> excluded.mood"
)


def raw_sqlite(path: Path, taps: int) -> float:
    migrate(path)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL").fetchall()
    conn.execute("PRAGMA synchronous=FULL")
    start = time.perf_counter()
    for user in range(taps):
        conn.execute(UPSERT, (GUILD, user, DAY.isoformat(), user % 5 + 1, "t", "t"))  # autocommit: one commit
    elapsed = time.perf_counter() - start
    conn.close()
    return taps / elapsed


async def through_repository(path: Path, taps: int) -> float:
    migrate(path)
    db = await Database.open(path)
    repo = CheckinRepository(db)
    start = time.perf_counter()
    for user in range(taps):
        await repo.record_mood(GUILD, user, DAY, user % 5 + 1)
    elapsed = time.perf_counter() - start
    await db.close()
    return taps / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--taps", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    raw_rates, repo_rates = [], []
    with tempfile.TemporaryDirectory() as folder:
        for round_ in range(args.rounds):
            # Alternate the order so neither side always runs on a warmer disk.
            paths = Path(folder, f"raw{round_}.db"), Path(folder, f"repo{round_}.db")
            if round_ % 2:
                repo_rates.append(asyncio.run(through_repository(paths[1], args.taps)))
                raw_rates.append(raw_sqlite(paths[0], args.taps))
            else:
                raw_rates.append(raw_sqlite(paths[0], args.taps))
                repo_rates.append(asyncio.run(through_repository(paths[1], args.taps)))
    raw, repo = statistics.median(raw_rates), statistics.median(repo_rates)
    print(f"raw sqlite3:      {raw:10.0f} taps/s (median of {args.rounds} rounds of {args.taps})")
    print(f"repository layer: {repo:10.0f} taps/s")
    print(f"ratio: {repo / raw:.2f} (target >= 0.5)")


if __name__ == "__main__":
    main()
