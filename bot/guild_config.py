"""Per-server settings, cached in memory; every write clears the cache and tells the listeners."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from bot.db.guild_settings import GuildSettings, GuildSettingsRepository

log = logging.getLogger(__name__)
ChangeListener = Callable[[int], Awaitable[None]]


class GuildConfig:
    def __init__(self, repository: GuildSettingsRepository) -> None:
        self._repository = repository
        self._cache: dict[int, GuildSettings] = {}
        self._listeners: list[ChangeListener] = []

    def on_change(self, listener: ChangeListener) -> None:
        """Call `listener(guild_id)` after each change (the scheduler reschedules there)."""
        self._listeners.append(listener)

    async def get(self, guild_id: int) -> GuildSettings:
        cached = self._cache.get(guild_id)
        if cached is None:
            cached = await self._repository.get(guild_id) or GuildSettings(guild_id=guild_id)
            self._cache[guild_id] = cached
        return cached

    async def guild_ids(self) -> list[int]:
        return await self._repository.guild_ids()

    async def update(self, guild_id: int, **values: Any) -> GuildSettings:
        await self._repository.update(guild_id, **values)
        self._cache.pop(guild_id, None)
        for listener in self._listeners:
            await listener(guild_id)
        return await self.get(guild_id)
