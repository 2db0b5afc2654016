"""`python -m bot` runs Been There; `python -m bot --check` checks a deployment without connecting.

Everything that can be checked offline is checked here, before connecting: discord.py calls setup_hook
only after logging in, too late for a clean exit. A problem is one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys

import aiohttp
import discord
from dotenv import find_dotenv, load_dotenv

from bot.app import create_bot
from bot.config import Settings, SettingsError
from bot.db.migrate import DatabaseError, migrate
from bot.logs import setup_logging
from bot.prompt_library import PromptFileError, load_library

log = logging.getLogger("bot")
EXIT_PROBLEM = 2


def check(settings: Settings) -> list[str]:
    """Validate settings, migrate the database and load the prompt library. Returns what was checked."""
    settings.validate()
    # The prompt files first: a typo in one must not migrate the database on its way to exit 2.
    library = load_library(settings.prompts_dir)
    before, after = migrate(settings.database_path)
    db_line = (
        f"database {settings.database_path}: at version {after}"
        if before == after
        else f"database {settings.database_path}: migrated from version {before} to {after}"
    )
    return [
        "settings: DISCORD_TOKEN is set and well formed",
        db_line,
        f"prompts {settings.prompts_dir}: {len(library.prompts)} prompts, "
        f"{len(library.crisis_phrases)} crisis words and phrases",
    ]


async def run(settings: Settings) -> None:
    bot = create_bot(settings)
    loop = asyncio.get_running_loop()
    stopping = asyncio.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stopping.set)
    async with bot:
        runner = asyncio.create_task(bot.start(settings.token), name="gateway")
        waiter = asyncio.create_task(stopping.wait(), name="signal")
        done, _ = await asyncio.wait({runner, waiter}, return_when=asyncio.FIRST_COMPLETED)
        if waiter in done:
            log.info("Shutting down")
        else:
            waiter.cancel()
        await bot.close()  # scheduler stopped, gateway closed, database closed
        if runner in done:
            runner.result()  # a login failure surfaces here
        else:
            runner.cancel()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Run the Been There Discord bot.")
    parser.add_argument("--check", action="store_true", help="check settings, database and prompts, then exit")
    args = parser.parse_args(argv)
    load_dotenv(find_dotenv(usecwd=True))
    try:
        settings = Settings.from_env()
        setup_logging(
            settings.log_level_number if settings.log_level in logging.getLevelNamesMapping() else 20,
            settings.token,
        )
        checked = check(settings)
    except (SettingsError, DatabaseError, PromptFileError) as problem:
        print(f"Been There can't start: {problem}", file=sys.stderr)
        return EXIT_PROBLEM
    if args.check:
        for line in checked:
            print(f"ok  {line}")
        print("Everything checked out: `python -m bot` will start the bot.")
        return 0
    try:
        asyncio.run(run(settings))
    except discord.LoginFailure:
        print(
            "Been There can't start: Discord refused DISCORD_TOKEN; copy it again from the Bot page "
            "of your Discord application.",
            file=sys.stderr,
        )
        return EXIT_PROBLEM
    except (OSError, aiohttp.ClientError) as error:
        print(
            f"Been There can't reach Discord ({type(error).__name__}); check the network and try again.",
            file=sys.stderr,
        )
        return 1
    except discord.PrivilegedIntentsRequired:
        print(
            "Been There can't start: Discord asked for a privileged intent it should not need.",
            file=sys.stderr,
        )
        return EXIT_PROBLEM
    return 0


if __name__ == "__main__":
    sys.exit(main())
