"""`python -m bot`: every offline problem is one line on stderr and exit status 2, before connecting."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

import bot
import prompts
from bot.db.migrate import latest_version

TOKEN = "MTIzNDU2Nzg5MDEy.R2hvc3Q.c2VjcmV0LXRva2VuLXBhcnQ"
PROJECT_ROOT = Path(bot.__file__).resolve().parent.parent
PACKAGE_PROMPTS = Path(prompts.__file__).resolve().parent
SETTINGS = ("DISCORD_TOKEN", "DATABASE_PATH", "PROMPTS_DIR", "LOG_LEVEL", "DEV_GUILD_ID")


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    # `.env` is looked up from the working directory upwards: none may be found by accident.
    assert not [folder for folder in (tmp_path, *tmp_path.parents) if (folder / ".env").exists()]
    return tmp_path


def run_bot(workdir: Path, *args: str, **settings: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key not in SETTINGS}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")]))
    env.update(settings)
    result = subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert TOKEN not in result.stdout + result.stderr, "the token must never be printed"
    return result


def refused(result: subprocess.CompletedProcess[str]) -> str:
    """The one line a refused start prints; checks the exit status and that nothing else was said."""
    assert result.returncode == 2, result
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Been There can't start: ")
    return lines[0]


def user_version(path: Path) -> int:
    with closing(sqlite3.connect(path)) as conn:
        version: int = conn.execute("PRAGMA user_version").fetchone()[0]
    return version


def test_no_token(workdir: Path) -> None:
    line = refused(run_bot(workdir))
    assert "DISCORD_TOKEN is not set" in line
    assert not (workdir / "data").exists()


def test_an_empty_token_from_env_example(workdir: Path) -> None:
    (workdir / ".env").write_text("DISCORD_TOKEN=\n")
    assert "DISCORD_TOKEN is not set" in refused(run_bot(workdir))


def test_malformed_token(workdir: Path) -> None:
    line = refused(run_bot(workdir, DISCORD_TOKEN="MTIzNDU2Nzg5MDEy.R2hvc3Q"))
    assert "DISCORD_TOKEN does not look like a bot token" in line
    assert "MTIzNDU2Nzg5MDEy" not in line


@pytest.mark.parametrize(
    ("setting", "value", "named"),
    [("LOG_LEVEL", "chatty", "LOG_LEVEL"), ("DEV_GUILD_ID", "my-server", "DEV_GUILD_ID")],
)
def test_other_bad_settings(workdir: Path, setting: str, value: str, named: str) -> None:
    line = refused(run_bot(workdir, "--check", DISCORD_TOKEN=TOKEN, **{setting: value}))
    assert named in line
    assert value.lower() in line.lower()


def test_unusable_database_path(workdir: Path) -> None:
    (workdir / "data").write_text("a file where the folder should be")
    line = refused(run_bot(workdir, DISCORD_TOKEN=TOKEN, DATABASE_PATH="data/beenthere.db"))
    assert "DATABASE_PATH 'data/beenthere.db' is not usable" in line


def test_check_passes_and_creates_the_database(workdir: Path) -> None:
    # A decoy prompts/ in the working directory: the default is the project's own library.
    (workdir / "prompts").mkdir()
    (workdir / "prompts" / "broken.toml").write_text("[[prompt\n")

    result = run_bot(workdir, "--check", DISCORD_TOKEN=TOKEN)

    assert result.returncode == 0, result
    assert "Traceback" not in result.stderr
    database = workdir / "data" / "beenthere.db"  # the default, relative to the working directory
    assert user_version(database) == latest_version()
    out = result.stdout
    assert "DISCORD_TOKEN is set and well formed" in out
    assert f"database data/beenthere.db: migrated from version 0 to {latest_version()}" in out
    assert f"prompts {PACKAGE_PROMPTS}:" in out
    assert "crisis words" in out

    again = run_bot(workdir, "--check", DISCORD_TOKEN=TOKEN)
    assert again.returncode == 0, again
    assert f"database data/beenthere.db: at version {latest_version()}" in again.stdout


def test_check_refuses_a_database_newer_than_the_code(workdir: Path) -> None:
    database = workdir / "beenthere.db"
    with closing(sqlite3.connect(database)) as conn:
        conn.execute(f"PRAGMA user_version = {latest_version() + 3}")
    before = database.read_bytes()

    line = refused(run_bot(workdir, "--check", DISCORD_TOKEN=TOKEN, DATABASE_PATH=str(database)))

    assert f"at version {latest_version() + 3}, newer than this Been There understands ({latest_version()})" in line
    assert database.read_bytes() == before


def test_malformed_prompt_file(workdir: Path) -> None:
    library = workdir / "my-prompts"
    shutil.copytree(PACKAGE_PROMPTS, library, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    broken = library / "extra.toml"
    broken.write_text('[[prompt]]\nid = "x"\ntheme = "t"\ntext = "unterminated\n')

    line = refused(run_bot(workdir, DISCORD_TOKEN=TOKEN, PROMPTS_DIR=str(library)))

    assert str(broken) in line
    assert "line 4" in line
    # Nothing was changed on the way to the refusal: the database was not created.
    assert not (workdir / "data").exists()


def test_env_file_in_the_working_directory_is_read(workdir: Path) -> None:
    (workdir / ".env").write_text(f"DISCORD_TOKEN={TOKEN}\nDATABASE_PATH=state/bot.sqlite\n")

    result = run_bot(workdir, "--check")

    assert result.returncode == 0, result
    assert (workdir / "state" / "bot.sqlite").is_file()
    assert "database state/bot.sqlite" in result.stdout


def test_the_environment_wins_over_env_file(workdir: Path) -> None:
    (workdir / ".env").write_text("DISCORD_TOKEN=not-a-token\n")
    result = run_bot(workdir, "--check", DISCORD_TOKEN=TOKEN)
    assert result.returncode == 0, result
