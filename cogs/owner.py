"""`/sync` for the bot's owner: push the command tree to Discord now."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import BeenThere


class Owner(commands.Cog):
    def __init__(self, bot: BeenThere) -> None:
        self.bot = bot

    @app_commands.command(name="sync", description="Sync Been There's commands with Discord (bot owner)")
    @app_commands.default_permissions(administrator=True)
    async def sync(self, interaction: discord.Interaction[Any]) -> None:
        if not await self.bot.is_owner(interaction.user):
            await interaction.response.send_message("Only the bot's owner can sync commands.", ephemeral=True)
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        count = await self.bot.sync_commands()
        await interaction.followup.send(f"Synced {count} commands.", ephemeral=True)


async def setup(bot: BeenThere) -> None:
    await bot.add_cog(Owner(bot))
