"""`/config`: how admins set Been There up in their server."""

from __future__ import annotations

from bot.app import BeenThere
from cogs.admin._cog import Admin


async def setup(bot: BeenThere) -> None:
    await bot.add_cog(Admin(bot))
