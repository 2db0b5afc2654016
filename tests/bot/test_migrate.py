"""Numbered migrations: all or nothing, a backup before changing a database, and no downgrades."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from bot.db import migrate as migrate_module
from bot.db.migrate import DatabaseError, Migration, _apply, latest_version, load_migrations, migrate


def connect(path: Path) -> closing[sqlite3.Connection]:
    return closing(sqlite3.connect(path, isolation_level=None))


def user_version(path: Path) -> int:
    with connect(path) as conn:
        version: int = conn.execute("PRAGMA user_version").fetchone()[0]
    return version


def tables(path: Path) -> set[str]:
    with connect(path) as conn:
        return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def make_v1_database(path: Path) -> None:
    """A database as the first release left it: migration 0001 only, with one server configured."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=WAL").fetchall()
        _apply(conn, load_migrations()[0])
        conn.execute(
            "INSERT INTO guild_settings (guild_id, timezone, checkin_time, updated_at) VALUES (?, ?, ?, ?)",
            (42, "Europe/Berlin", "09:00", "2025-01-01T00:00:00+00:00"),
        )
    finally:
        conn.close()


def test_migrations_are_numbered_from_one() -> None:
    migrations = load_migrations()
    assert [m.version for m in migrations] == list(range(1, latest_version() + 1))
    assert latest_version() >= 2
    assert migrations[0].name == "0001_core.sql"


def test_fresh_database_reaches_the_latest_version_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "new" / "folder" / "beenthere.db"
    assert migrate(path) == (0, latest_version())
    assert user_version(path) == latest_version()
    with connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert {"bot_state", "guild_settings", "channel_problems", "checkin_posts"} <= tables(path)
    assert not list(tmp_path.rglob("*.bak")), "a new database has nothing to back up"


def test_migrating_again_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "beenthere.db"
    migrate(path)
    assert migrate(path) == (latest_version(), latest_version())
    assert not list(tmp_path.glob("*.bak"))


def test_upgrade_from_version_1_keeps_data_and_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "beenthere.db"
    make_v1_database(path)
    assert user_version(path) == 1

    assert migrate(path) == (1, latest_version())

    assert user_version(path) == latest_version()
    with connect(path) as conn:
        row = conn.execute("SELECT timezone, checkin_time FROM guild_settings WHERE guild_id = 42").fetchone()
    assert row == ("Europe/Berlin", "09:00")
    assert "checkin_posts" in tables(path)

    backup = tmp_path / "beenthere.db.v1.bak"
    assert backup.is_file()
    assert user_version(backup) == 1
    assert "checkin_posts" not in tables(backup)
    with connect(backup) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT timezone FROM guild_settings WHERE guild_id = 42").fetchone() == ("Europe/Berlin",)


def test_a_newer_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "beenthere.db"
    migrate(path)
    newer = latest_version() + 1
    with connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {newer}")
    before = path.read_bytes()

    with pytest.raises(DatabaseError) as caught:
        migrate(path)

    message = str(caught.value)
    assert f"version {newer}" in message
    assert f"({latest_version()})" in message
    assert str(path) in message
    assert path.read_bytes() == before
    assert user_version(path) == newer
    assert not list(tmp_path.glob("*.bak"))


def test_a_failing_migration_rolls_back_entirely(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "beenthere.db"
    first = load_migrations()[0]
    broken = Migration(
        2,
        "0002_broken.sql",
        "CREATE TABLE half_done (id INTEGER PRIMARY KEY);\n"
        "INSERT INTO half_done (id) VALUES (1);\n"
        "ALTER TABLE no_such_table ADD COLUMN x TEXT;\n",
    )
    monkeypatch.setattr(migrate_module, "load_migrations", lambda: [first])
    migrate(path)
    assert user_version(path) == 1

    monkeypatch.setattr(migrate_module, "load_migrations", lambda: [first, broken])
    with pytest.raises(DatabaseError, match=r"0002_broken\.sql.*still at version 1"):
        migrate(path)

    assert user_version(path) == 1
    assert "half_done" not in tables(path)
    assert "guild_settings" in tables(path)


def test_a_migration_failing_on_data_is_a_database_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "beenthere.db"
    first = load_migrations()[0]
    monkeypatch.setattr(migrate_module, "load_migrations", lambda: [first])
    migrate(path)
    with connect(path) as conn:
        conn.execute("INSERT INTO bot_state (key, value) VALUES ('a', 'same'), ('b', 'same')")
    unique = Migration(2, "0002_unique.sql", "CREATE UNIQUE INDEX bot_state_value ON bot_state (value);")
    monkeypatch.setattr(migrate_module, "load_migrations", lambda: [first, unique])

    with pytest.raises(DatabaseError, match="UNIQUE"):
        migrate(path)
    assert user_version(path) == 1


def test_a_path_under_a_regular_file_is_refused(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("not a folder")
    with pytest.raises(DatabaseError, match=r"DATABASE_PATH .* cannot create its folder"):
        migrate(blocker / "beenthere.db")
    assert blocker.read_text() == "not a folder"


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="is a folder"):
        migrate(tmp_path)


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "beenthere.db"
    path.write_bytes(b"this is not SQLite, just a text file that happens to be long enough" * 20)
    with pytest.raises(DatabaseError, match="not a usable SQLite database"):
        migrate(path)
