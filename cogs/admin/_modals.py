"""The crisis-resources modal."""

from __future__ import annotations

from typing import Any

import discord

from bot.errors import guarded
from bot.guild_config import GuildConfig

CRISIS_TEXT_MAX = 1500


class CrisisResourcesModal(discord.ui.Modal, title="Crisis resources"):
    def __init__(self, config: GuildConfig, current: str) -> None:
        super().__init__(timeout=15 * 60)
        self._config = config
        self.resources: discord.ui.TextInput[CrisisResourcesModal] = discord.ui.TextInput(
            label="Shown to members who may be in crisis",
            style=discord.TextStyle.paragraph,
            default=current,
            max_length=CRISIS_TEXT_MAX,
            custom_id="config:crisis:text",
        )
        self.add_item(self.resources)

    @guarded
    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        assert interaction.guild_id is not None
        text = self.resources.value.strip()
        if not text:
            await interaction.response.send_message(
                "The crisis resources can't be empty; nothing was changed.", ephemeral=True
            )
            return
        await self._config.update(interaction.guild_id, crisis_text=text)
        await interaction.response.send_message(
            "Saved. Members who may be in crisis will now see:\n\n" + text, ephemeral=True
        )
