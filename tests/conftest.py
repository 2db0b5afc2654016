"""Shared fixtures: the real bot on a simulated Discord, with APScheduler on simcord's clock."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any

import apscheduler.executors.base
import apscheduler.schedulers.base
import apscheduler.triggers.date
import apscheduler.triggers.interval
import discord
import pytest
import pytest_asyncio
import simcord
from apscheduler.events import EVENT_JOB_ERROR

from bot import BeenThere, Settings, create_bot
from bot.help_desk import NoCoachHelpDesk

TOKEN = "MTIz.NDU2.Nzg5"
_APSCHEDULER_MODULES = (
    apscheduler.schedulers.base,
    apscheduler.executors.base,
    apscheduler.triggers.date,
    apscheduler.triggers.interval,
)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(token=TOKEN, database_path=tmp_path / "data" / "beenthere.db")


class BotFactory:
    """Builds bots for one test and closes every one of them (simcord never calls close)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.bots: list[BeenThere] = []
        self.job_errors: list[Any] = []

    def __call__(self) -> BeenThere:
        bot = create_bot(self.settings)
        original_setup = bot.setup_hook

        async def setup_hook() -> None:
            await original_setup()
            # APScheduler swallows job exceptions: collect them so a test fails on one.
            bot.scheduler._aps.add_listener(self.job_errors.append, EVENT_JOB_ERROR)

        bot.setup_hook = setup_hook  # type: ignore[method-assign]
        self.bots.append(bot)
        return bot

    async def close_all(self) -> None:
        for bot in self.bots:
            if not bot.is_closed() or bot._db is not None:
                await bot.close()


@pytest_asyncio.fixture
async def bots(settings: Settings) -> AsyncIterator[BotFactory]:
    factory = BotFactory(settings)
    yield factory
    await factory.close_all()
    assert not factory.job_errors, f"scheduled jobs raised: {factory.job_errors}"


@pytest.fixture
def simcord_bot(bots: BotFactory) -> BeenThere:
    return bots()


@contextmanager
def apscheduler_on(env: simcord.Env) -> Iterator[None]:
    """Make APScheduler read simcord's virtual clock (it reads datetime.now directly)."""

    class VirtualDatetime(datetime):
        @classmethod
        def now(cls, tz: tzinfo | None = None) -> Any:
            moment = env.now()
            return moment.astimezone(tz) if tz else moment.replace(tzinfo=None)

    saved = [(module, module.datetime) for module in _APSCHEDULER_MODULES]
    for module, _ in saved:
        module.datetime = VirtualDatetime
    try:
        yield
    finally:
        for module, original in saved:
            module.datetime = original


@pytest_asyncio.fixture
async def simcord_env(simcord_bot: BeenThere, request: pytest.FixtureRequest) -> AsyncIterator[simcord.Env]:
    """simcord's own fixture, with APScheduler moved onto the virtual clock before the bot starts."""
    marker = request.node.get_closest_marker("simcord")
    env = simcord.Env(simcord_bot, **(marker.kwargs if marker else {}))
    with apscheduler_on(env):
        await env.start()
        try:
            yield env
        finally:
            await env.shutdown()
            if env.check_errors:
                env._raise_errors_since(env._errors_acknowledged)


ADMIN_PERMISSIONS = discord.Permissions(manage_guild=True)


def utc(month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A moment in 2026, the simulated year (simcord's clock starts on Thursday 1 January 2026, 00:00 UTC)."""
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


class CoachesReachable(NoCoachHelpDesk):
    """Stands in for the coach-on-call feature (a later issue) where a test needs coaches to be
    reachable: they can then receive notes members choose to share."""

    async def coaches_available(self, guild_id: int) -> bool:
        return True


# -- a small community to act in: one server, a check-in channel, an admin and members --------------


@dataclass
class World:
    env: simcord.Env
    guild: simcord.GuildHandle
    channel: simcord.ChannelHandle
    admin: simcord.MemberActor
    ana: simcord.MemberActor
    ben: simcord.MemberActor


async def build_world(env: simcord.Env, name: str = "Harbor") -> World:
    guild = env.create_guild(name)
    channel = guild.create_text_channel("check-ins")
    admins = guild.create_role("Admins", permissions=ADMIN_PERMISSIONS)
    admin = guild.add_member(env.create_user(f"admin-{name.lower()}"), roles=[admins])
    ana = guild.add_member(env.create_user(f"ana-{name.lower()}"))
    ben = guild.add_member(env.create_user(f"ben-{name.lower()}"))
    await env.settle()
    return World(env, guild, channel, admin, ana, ben)


@pytest_asyncio.fixture
async def world(simcord_env: simcord.Env) -> World:
    return await build_world(simcord_env)


def bot_posts(channel: simcord.ChannelHandle, env: simcord.Env) -> list[discord.Message]:
    """The bot's check-in posts in a channel, oldest first."""
    me = env.bot.user
    assert me is not None
    return [
        message
        for message in channel.history()
        if message.author.id == me.id
        and any(
            str(getattr(c, "custom_id", "")).startswith("checkin:mood:")
            for row in message.components
            for c in row.children
        )
    ]


def custom_ids(message: discord.Message) -> list[str]:
    return [str(getattr(child, "custom_id", "")) for row in message.components for child in row.children]
