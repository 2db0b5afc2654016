"""A small community to act in: one server, a check-in channel, an admin and members."""

from __future__ import annotations

from dataclasses import dataclass

import discord
import pytest_asyncio
import simcord

from tests.conftest import ADMIN_PERMISSIONS


@dataclass
class World:
    env: simcord.Env
    guild: simcord.GuildHandle
    channel: simcord.ChannelHandle
    admin: simcord.MemberActor
    ana: simcord.MemberActor
    ben: simcord.MemberActor


async def build_world(env: simcord.Env, name: str = "Harbor") -> World:
    guild = env.create_guild(name)
    channel = guild.create_text_channel("check-ins")
    admins = guild.create_role("Admins", permissions=ADMIN_PERMISSIONS)
    admin = guild.add_member(env.create_user(f"admin-{name.lower()}"), roles=[admins])
    ana = guild.add_member(env.create_user(f"ana-{name.lower()}"))
    ben = guild.add_member(env.create_user(f"ben-{name.lower()}"))
    await env.settle()
    return World(env, guild, channel, admin, ana, ben)


@pytest_asyncio.fixture
async def world(simcord_env: simcord.Env) -> World:
    return await build_world(simcord_env)


def bot_posts(channel: simcord.ChannelHandle, env: simcord.Env) -> list[discord.Message]:
    """The bot's check-in posts in a channel, oldest first."""
    me = env.bot.user
    assert me is not None
    return [
        message
        for message in channel.history()
        if message.author.id == me.id
        and any(
            str(getattr(c, "custom_id", "")).startswith("checkin:mood:")
            for row in message.components
            for c in row.children
        )
    ]


def custom_ids(message: discord.Message) -> list[str]:
    return [str(getattr(child, "custom_id", "")) for row in message.components for child in row.children]
