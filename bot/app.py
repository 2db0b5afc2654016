"""The Bot subclass and create_bot(). Nothing here connects until the bot is started."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

import discord
from discord.ext import commands

from bot.config import Settings
from bot.crisis import CrisisDetector
from bot.db.bot_state import BotStateRepository
from bot.db.channel_problems import ChannelProblemsRepository
from bot.db.engine import Database
from bot.db.guild_settings import GuildSettingsRepository
from bot.db.migrate import migrate
from bot.errors import BeenThereTree
from bot.guild_config import GuildConfig
from bot.help_desk import HelpDesk, NoCoachHelpDesk
from bot.prompt_library import PromptLibrary, load_library
from bot.scheduler import JobScheduler

log = logging.getLogger(__name__)
RetentionPurger = Callable[[int, datetime], Awaitable[int]]

INITIAL_EXTENSIONS = (
    "cogs.admin",
    "cogs.owner",
    "cogs.housekeeping",
    "cogs.checkins",
)
TREE_HASH_KEY = "command_tree_hash"


class BeenThere(commands.Bot):
    def __init__(self, settings: Settings) -> None:
        intents = discord.Intents.none()
        intents.guilds = True  # channels, roles and permissions; no privileged intent is needed
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            help_command=None,
            tree_cls=BeenThereTree,
            allowed_mentions=discord.AllowedMentions.none(),
        )
        self.settings = settings
        self._db: Database | None = None
        self._config: GuildConfig | None = None
        self._scheduler: JobScheduler | None = None
        self._library: PromptLibrary | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        self.channel_problems: ChannelProblemsRepository
        self.bot_state: BotStateRepository
        self.crisis: CrisisDetector
        self.help_desk: HelpDesk
        # Each feature adds how to delete its member-written text older than a cutoff (retention).
        self.retention_purgers: list[RetentionPurger] = []

    # Set up in setup_hook; reading them earlier is a programming error.
    @property
    def db(self) -> Database:
        assert self._db is not None, "the database opens in setup_hook"
        return self._db

    @property
    def guild_config(self) -> GuildConfig:
        assert self._config is not None
        return self._config

    @property
    def scheduler(self) -> JobScheduler:
        assert self._scheduler is not None
        return self._scheduler

    @property
    def library(self) -> PromptLibrary:
        assert self._library is not None
        return self._library

    async def setup_hook(self) -> None:
        # 1. The database, migrated. The bot owns it; close() closes it.
        await asyncio.to_thread(migrate, self.settings.database_path)
        self._db = await Database.open(self.settings.database_path)
        # 2. Core repositories and services.
        self.bot_state = BotStateRepository(self._db)
        self.channel_problems = ChannelProblemsRepository(self._db)
        self._config = GuildConfig(GuildSettingsRepository(self._db))
        self._library = load_library(self.settings.prompts_dir)
        self.crisis = CrisisDetector(self._library.crisis_phrases)
        self.help_desk = NoCoachHelpDesk(self._config)
        self._scheduler = JobScheduler(self._config, before_job=self.wait_until_ready)
        # 3. Features: each registers its job kinds and persistent buttons.
        for extension in INITIAL_EXTENSIONS:
            await self.load_extension(extension)
        # 4. The timetable, rebuilt from the database.
        await self._scheduler.start()
        # 5. Commands, synced only when they changed.
        await self.sync_commands_if_changed()

    def command_tree_hash(self) -> str:
        payload = [command.to_dict(self.tree) for command in self.tree.get_commands()]
        payload.sort(key=lambda item: (item.get("type", 1), item["name"]))
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()

    async def sync_commands_if_changed(self) -> None:
        """Sync at start only when the commands changed. A Discord error here never stops the bot:
        the hash is not stored, so the next start tries again (or an owner runs /sync)."""
        try:
            if self.settings.dev_guild_id is not None:
                guild = discord.Object(self.settings.dev_guild_id)
                self.tree.copy_global_to(guild=guild)
                await self.tree.sync(guild=guild)
                log.info("Synced commands to the development server %s", self.settings.dev_guild_id)
                return
            if await self.bot_state.get(TREE_HASH_KEY) == self.command_tree_hash():
                log.info("Commands unchanged since the last sync; not syncing")
                return
            await self.sync_commands()
        except discord.HTTPException as error:
            log.warning("Could not sync commands (HTTP %s); will try again at next start, or use /sync", error.status)

    async def sync_commands(self) -> int:
        synced = await self.tree.sync()
        await self.bot_state.set(TREE_HASH_KEY, self.command_tree_hash())
        log.info("Synced %d commands", len(synced))
        return len(synced)

    def spawn(self, coro: Any, *, name: str) -> asyncio.Task[Any]:
        """Run background work with a kept reference; its errors are logged, never lost."""
        task = asyncio.create_task(coro, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._task_done)
        return task

    def _task_done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("Background task %s failed", task.get_name(), exc_info=task.exception())

    async def close(self) -> None:
        if self._scheduler is not None:
            self._scheduler.shutdown()
        for task in list(self._tasks):
            task.cancel()
        try:
            await super().close()
        finally:
            if self._db is not None:
                await self._db.close()
                self._db = None


def create_bot(settings: Settings) -> BeenThere:
    """Build the bot without connecting to anything."""
    return BeenThere(settings)
