"""SIGINT and SIGTERM stop the bot cleanly: scheduler stopped, gateway closed, database closed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import bot

PROJECT_ROOT = Path(bot.__file__).resolve().parent.parent

# Runs the real entry point with the network part of start() replaced: setup_hook runs for real
# (database, extensions, scheduler), then the "gateway" waits until the signal arrives.
SCRIPT = textwrap.dedent(
    """
    import asyncio, sys
    import bot.__main__ as entry
    from bot.app import BeenThere

    made = []

    async def offline_start(self, token, *, reconnect=True):
        made.append(self)
        self.sync_commands_if_changed = lambda: asyncio.sleep(0)
        await self.setup_hook()
        print("ready", flush=True)
        await asyncio.Event().wait()

    BeenThere.start = offline_start
    code = entry.main([])
    the_bot = made[0]
    print(f"exit={code} scheduler_running={the_bot.scheduler.running} "
          f"db_open={the_bot._db is not None} closed={the_bot.is_closed()}", flush=True)
    sys.exit(code)
    """
)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_shuts_the_bot_down_cleanly(tmp_path: Path, signum: signal.Signals) -> None:
    env = {key: value for key, value in os.environ.items() if key not in {"DISCORD_TOKEN", "DATABASE_PATH"}}
    env |= {
        "DISCORD_TOKEN": "MTIz.NDU2.Nzg5",
        "DATABASE_PATH": str(tmp_path / "beenthere.db"),
        "PYTHONPATH": str(PROJECT_ROOT),
    }
    process = subprocess.Popen(
        [sys.executable, "-c", SCRIPT],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "ready"
        process.send_signal(signum)
        out, err = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 0, err
    assert "exit=0 scheduler_running=False db_open=False closed=True" in out
    assert "Traceback" not in err
