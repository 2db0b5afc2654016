"""The testing contract: create_bot builds without connecting; no privileged intents; log levels."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import discord
import pytest

from bot import BeenThere, Settings, create_bot
from bot.logs import setup_logging
from tests.conftest import TOKEN


def test_create_bot_connects_to_nothing_and_opens_no_database(tmp_path: Path) -> None:
    database = tmp_path / "data" / "beenthere.db"
    bot = create_bot(Settings(token=TOKEN, database_path=database))
    assert isinstance(bot, BeenThere)
    assert not database.parent.exists()
    assert bot.http.token is None  # not logged in


def test_the_bot_asks_for_no_privileged_intent_and_pings_no_one(tmp_path: Path) -> None:
    bot = create_bot(Settings(token=TOKEN, database_path=tmp_path / "b.db"))
    assert not (bot.intents.members or bot.intents.presences or bot.intents.message_content)
    assert bot.intents.guilds
    mentions = bot.allowed_mentions
    assert mentions is not None
    assert mentions.to_dict() == discord.AllowedMentions.none().to_dict()


@pytest.fixture
def restore_logging() -> Iterator[None]:
    names = ("bot", "cogs", "discord", "apscheduler", "aiosqlite")
    levels = {name: logging.getLogger(name).level for name in names}
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    yield
    root.handlers[:], root.level = saved
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


def test_log_level_sets_our_loggers_and_discord_stays_at_info_at_most(restore_logging: None) -> None:
    setup_logging(logging.DEBUG)
    assert logging.getLogger("bot").level == logging.DEBUG
    assert logging.getLogger("cogs").level == logging.DEBUG
    assert logging.getLogger("discord").getEffectiveLevel() == logging.INFO  # request bodies hold member text
    assert logging.getLogger("discord.http").getEffectiveLevel() == logging.INFO
    assert logging.getLogger("aiosqlite").getEffectiveLevel() == logging.INFO  # statements hold member text
    setup_logging(logging.WARNING)
    assert logging.getLogger("bot").level == logging.WARNING
    assert logging.getLogger("discord").getEffectiveLevel() == logging.WARNING
