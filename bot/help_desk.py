"""The one entry point for "a member asks for a coach".

Check-ins ("Talk to a coach") and `/reachout` call `HelpDesk.ask_for_coach`. Until the coach-on-call
feature is installed, the bot says plainly that no coach can be reached through it and shows the
server's crisis resources, which is also what the spec asks when no coach role is configured.
The coaches feature replaces `bot.help_desk` with its own implementation when it loads.
"""

from __future__ import annotations

from typing import Any, Protocol

import discord

from bot.errors import reply_privately
from bot.guild_config import GuildConfig

NO_COACH_TEXT = (
    "I'm sorry: no coach can be reached through Been There in this server right now. "
    "You don't have to carry this alone. If you can, reach out to someone you trust.\n\n{resources}"
)


class HelpDesk(Protocol):
    async def ask_for_coach(
        self,
        interaction: discord.Interaction[Any],
        guild_id: int,
        *,
        message: str | None = None,
        urgent: bool = False,
    ) -> None:
        """Take a member's request for a coach (`guild_id` is explicit: the button may be in a DM)."""

    async def coaches_available(self, guild_id: int) -> bool:
        """Whether coaches can be reached here (and so read what members share with them)."""


class NoCoachHelpDesk:
    """Used while no coach feature is installed."""

    def __init__(self, config: GuildConfig) -> None:
        self._config = config

    async def ask_for_coach(
        self,
        interaction: discord.Interaction[Any],
        guild_id: int,
        *,
        message: str | None = None,
        urgent: bool = False,
    ) -> None:
        settings = await self._config.get(guild_id)
        await reply_privately(interaction, NO_COACH_TEXT.format(resources=settings.crisis_text))

    async def coaches_available(self, guild_id: int) -> bool:
        return False
