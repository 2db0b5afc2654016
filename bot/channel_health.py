"""Which permissions the bot needs in a channel, and which of them it lacks."""

from __future__ import annotations

import discord

BASE_PERMISSIONS = (
    "view_channel",
    "send_messages",
    "embed_links",
    "read_message_history",
    "attach_files",
)
THREAD_PERMISSIONS = (
    "create_public_threads",
    "create_private_threads",
    "send_messages_in_threads",
    "manage_threads",
)


def permission_label(name: str) -> str:
    return name.replace("_", " ").title().replace("In ", "in ")


def missing_permissions(channel: discord.abc.GuildChannel, *, threads: bool = False) -> list[str]:
    """The names (as Discord shows them) of the permissions the bot lacks in `channel`."""
    me = channel.guild.me
    granted = channel.permissions_for(me)
    needed = BASE_PERMISSIONS + (THREAD_PERMISSIONS if threads else ())
    return [permission_label(name) for name in needed if not getattr(granted, name)]
