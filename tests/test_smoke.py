import discord
import simcord

from tests.conftest import ADMIN_PERMISSIONS


async def test_config_show(simcord_env: simcord.Env) -> None:
    env = simcord_env
    guild = env.create_guild("Harbor")
    general = guild.create_text_channel("general")
    admin_role = guild.create_role("Admins", permissions=ADMIN_PERMISSIONS)
    admin = guild.add_member(env.create_user("ada"), roles=[admin_role])
    await env.settle()
    result = await admin.slash(general, "config checkins", channel=general, time="09:00")
    print(result.response.content)
    result = await admin.slash(general, "config show")
    print(result.response.content)
    await env.advance_time(9 * 3600 + 60)
