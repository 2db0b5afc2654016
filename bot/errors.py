"""Answering failures: expected ones clearly, unexpected ones with a short reference that is also logged."""

from __future__ import annotations

import functools
import logging
import secrets
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

import discord
from discord import app_commands

log = logging.getLogger(__name__)
S = TypeVar("S")


async def reply_privately(interaction: discord.Interaction[Any], content: str, **kwargs: Any) -> None:
    """Answer ephemerally, whether or not the interaction was already answered or deferred."""
    if interaction.response.is_done():
        await interaction.followup.send(content, ephemeral=True, **kwargs)
    else:
        await interaction.response.send_message(content, ephemeral=True, **kwargs)


async def report_unexpected(interaction: discord.Interaction[Any], error: BaseException, where: str) -> str:
    """Log the error with a short reference and tell the person that reference."""
    ref = secrets.token_hex(2).upper()
    log.error(
        "Unexpected error (ref %s) in %s, server %s",
        ref,
        where,
        interaction.guild_id,
        exc_info=(type(error), error, error.__traceback__),
    )
    try:
        await reply_privately(
            interaction,
            f"Something went wrong (ref {ref}). Please try again in a moment; "
            "if it keeps happening, tell a server admin and mention the ref.",
        )
    except discord.HTTPException:
        log.warning("Could not tell the user about error ref %s", ref)
    return ref


_EXPECTED: tuple[tuple[type[app_commands.AppCommandError], str], ...] = (
    (app_commands.NoPrivateMessage, "This command works inside a server, not in direct messages."),
    (app_commands.MissingPermissions, "This command is for server admins (the Manage Server permission)."),
    (app_commands.BotMissingPermissions, "I'm missing a permission here: {missing}."),
    (app_commands.CommandOnCooldown, "Please wait a moment before trying that again."),
)


class BeenThereTree(app_commands.CommandTree[Any]):
    async def on_error(self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError) -> None:
        for kind, text in _EXPECTED:
            if isinstance(error, kind):
                missing = ", ".join(getattr(error, "missing_permissions", []))
                await reply_privately(interaction, text.format(missing=missing.replace("_", " ")))
                return
        if isinstance(error, app_commands.CheckFailure):
            await reply_privately(interaction, "Sorry, that command isn't available to you.")
            return
        original = error.original if isinstance(error, app_commands.CommandInvokeError) else error
        name = interaction.command.qualified_name if interaction.command else "a command"
        await report_unexpected(interaction, original, f"/{name}")


Callback = Callable[[S, discord.Interaction[Any]], Coroutine[Any, Any, None]]


def guarded(callback: Callback[S]) -> Callback[S]:
    """For button and modal callbacks: an unexpected error is answered with a ref, never a silent failure."""

    @functools.wraps(callback)
    async def wrapper(self: S, interaction: discord.Interaction[Any]) -> None:
        try:
            await callback(self, interaction)
        except Exception as error:
            await report_unexpected(interaction, error, type(self).__name__)

    return wrapper
