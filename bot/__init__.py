"""Been There: a Discord bot for peer-support group check-ins."""

from bot.app import BeenThere, create_bot
from bot.config import Settings

__all__ = ("BeenThere", "Settings", "create_bot")
