"""Daily check-ins: one tap to say how you are, streaks, private notes, reminders and a mood chart."""

from __future__ import annotations

from bot.app import BeenThere
from cogs.checkins._cog import Checkins


async def setup(bot: BeenThere) -> None:
    await bot.add_cog(Checkins(bot))
