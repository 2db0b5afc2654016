"""Numbered migrations tracked with PRAGMA user_version, each applied in one transaction."""

from __future__ import annotations

import logging
import re
import sqlite3
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

log = logging.getLogger(__name__)
_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


class DatabaseError(Exception):
    """The database cannot be used; the message says why and what to do."""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def load_migrations() -> list[Migration]:
    folder = resources.files("bot.db") / "migrations"
    found = []
    for entry in folder.iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    if [m.version for m in found] != list(range(1, len(found) + 1)):
        raise RuntimeError("migrations must be numbered 0001, 0002, ... without gaps")
    return found


def latest_version() -> int:
    return len(load_migrations())


def prepare_path(path: Path) -> None:
    """Create the database's folder, or explain why it can't be used."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DatabaseError(
            f"DATABASE_PATH {str(path)!r} is not usable: cannot create its folder ({error.strerror})."
        ) from None
    if path.is_dir():
        raise DatabaseError(f"DATABASE_PATH {str(path)!r} is a folder; give a file path such as data/beenthere.db.")


def migrate(path: Path) -> tuple[int, int]:
    """Bring the database at `path` to the latest version. Returns (version before, version after).

    Before an existing database is changed, a consistent copy is kept beside it as
    `<name>.v<old version>.bak`.
    """
    prepare_path(path)
    migrations = load_migrations()
    latest = len(migrations)
    try:
        conn = sqlite3.connect(path, isolation_level=None)
    except sqlite3.Error as error:
        raise DatabaseError(f"DATABASE_PATH {str(path)!r} is not usable: {error}.") from None
    try:
        try:
            current = conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as error:
            raise DatabaseError(f"DATABASE_PATH {str(path)!r} is not a usable SQLite database: {error}.") from None
        if current > latest:
            raise DatabaseError(
                f"The database {str(path)!r} is at version {current}, newer than this Been There "
                f"understands ({latest}); run a newer release of the bot, or restore a backup."
            )
        if current == latest:
            return current, current
        if current > 0:
            _backup(conn, path.with_name(f"{path.name}.v{current}.bak"))
        conn.execute("PRAGMA journal_mode=WAL").fetchall()
        for migration in migrations[current:]:
            try:
                _apply(conn, migration)
            except sqlite3.Error as error:
                raise DatabaseError(
                    f"Migration {migration.name} failed and was rolled back ({error}); the database "
                    f"{str(path)!r} is still at version {migration.version - 1}."
                ) from None
            log.info("Applied migration %s", migration.name)
        return current, latest
    except sqlite3.OperationalError as error:
        raise DatabaseError(f"DATABASE_PATH {str(path)!r} is not usable: {error}.") from None
    finally:
        conn.close()


def _backup(conn: sqlite3.Connection, target: Path) -> None:
    copy = sqlite3.connect(target)
    try:
        conn.backup(copy)
    finally:
        copy.close()
    log.info("Kept a copy of the database before migrating: %s", target)


def _apply(conn: sqlite3.Connection, migration: Migration) -> None:
    # executescript runs each statement on its own; the explicit BEGIN ... COMMIT inside the
    # script makes the whole migration, version bump included, one transaction.
    script = f"BEGIN;\n{migration.sql}\nPRAGMA user_version = {migration.version};\nCOMMIT;"
    try:
        conn.executescript(script)
    except sqlite3.Error:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
