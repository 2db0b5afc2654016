"""Daily housekeeping: member-written text older than the server's retention is deleted."""

from __future__ import annotations

import logging
from datetime import timedelta

from apscheduler.triggers.base import BaseTrigger
from discord.ext import commands

from bot import clock
from bot.app import BeenThere
from bot.db.guild_settings import GuildSettings
from bot.scheduler import weekly_trigger
from bot.weekdays import ALL_DAYS

log = logging.getLogger(__name__)
# A quiet hour in the server's own night.
PURGE_TIME = "03:30"


def retention_trigger(settings: GuildSettings) -> BaseTrigger:
    return weekly_trigger(PURGE_TIME, ALL_DAYS, settings.timezone)


class Housekeeping(commands.Cog):
    def __init__(self, bot: BeenThere) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        self.bot.scheduler.add_recurring_kind(
            "retention", retention_trigger, self.purge, label="Deleting old notes and stories"
        )

    async def purge(self, guild_id: int) -> None:
        settings = await self.bot.guild_config.get(guild_id)
        cutoff = clock.now() - timedelta(days=settings.retention_days)
        deleted = 0
        for purger in self.bot.retention_purgers:
            deleted += await purger(guild_id, cutoff)
        log.info("Retention: deleted %d old items in server %s", deleted, guild_id)


async def setup(bot: BeenThere) -> None:
    await bot.add_cog(Housekeeping(bot))
