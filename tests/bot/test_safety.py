"""Bot-wide safety: unexpected errors answered with a ref, nobody pinged, member text kept out of logs."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

import pytest
import simcord

from bot.guild_config import GuildConfig
from bot.logs import setup_logging
from tests.conftest import TOKEN, CoachesReachable, World, bot_posts

HOUR = 3600


async def test_an_unexpected_error_in_a_command_is_answered_with_a_ref_that_is_logged(
    world: World, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(self: GuildConfig, guild_id: int) -> None:
        raise RuntimeError("database on fire")

    monkeypatch.setattr(GuildConfig, "get", broken)
    with caplog.at_level(logging.ERROR, logger="bot"):
        result = await world.admin.slash(world.channel, "config show")
    simcord.assert_error(world.env, RuntimeError)
    assert result.response.ephemeral
    match = re.search(r"Something went wrong \(ref ([0-9A-F]{4})\)", result.response.content)
    assert match, result.response.content
    logged = [r for r in caplog.records if match.group(1) in r.getMessage()]
    assert logged and logged[0].exc_info is not None and "/config show" in logged[0].getMessage()


async def test_an_unexpected_error_in_a_button_is_answered_with_a_ref(
    world: World, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    w = world
    await w.admin.slash(w.channel, "config checkins", channel=w.channel, time="09:00")
    await w.env.advance_time(9 * HOUR + 60)
    [post] = bot_posts(w.channel, w.env)
    cog = w.env.bot.get_cog("Checkins")

    async def broken(*args: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(cog.repo, "record_mood", broken)  # type: ignore[union-attr]
    with caplog.at_level(logging.ERROR, logger="bot"):
        result = await w.ana.click(post, label="4 Good")
    match = re.search(r"Something went wrong \(ref ([0-9A-F]{4})\)", result.response.content)
    assert match and result.response.ephemeral
    assert any(match.group(1) in r.getMessage() for r in caplog.records)


async def test_no_message_the_bot_sends_can_ping_anyone(world: World) -> None:
    w = world
    await w.admin.slash(w.channel, "config checkins", channel=w.channel, time="09:00")
    await w.env.advance_time(9 * HOUR + 60)
    await w.ana.slash(w.channel, "checkin now")  # an ephemeral interaction reply
    await w.ana.click(bot_posts(w.channel, w.env)[0], label="2 Low")  # the count edit follows
    bodies = [
        r.json
        for r in w.env.http_requests
        if r.method in {"POST", "PATCH"}
        and isinstance(r.json, dict)
        # Only message content can ping (embeds never do): every body with content must allow no mention.
        and "content" in r.json.get("data", r.json)
    ]
    assert bodies
    for body in bodies:
        data = body.get("data", body)
        mentions = data.get("allowed_mentions")
        assert mentions is not None, body
        assert mentions.get("parse") == [] and not mentions.get("users") and not mentions.get("roles")


@pytest.fixture
def project_logging(capsys: pytest.CaptureFixture[str]) -> Iterator[None]:
    """The bot's own logging setup at its most verbose, undone afterwards."""
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    names = ("bot", "cogs", "discord", "apscheduler", "aiosqlite")
    levels = {name: logging.getLogger(name).level for name in names}
    setup_logging(logging.DEBUG, TOKEN)
    yield
    root.handlers[:], root.level = saved
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


async def test_logs_never_hold_what_a_member_wrote_nor_the_token(
    capsys: pytest.CaptureFixture[str], world: World, project_logging: None
) -> None:
    w = world
    w.env.bot.help_desk = CoachesReachable(w.env.bot.guild_config)
    logging.getLogger("bot.test").debug("a token %s in a message", TOKEN)
    await w.admin.slash(w.channel, "config checkins", channel=w.channel, time="09:00")
    await w.env.advance_time(9 * HOUR + 60)
    [post] = bot_posts(w.channel, w.env)
    shown = await w.ana.click(post, label="Add a note")
    saved = await w.ana.submit_modal(shown, {"checkin:note:text": "my sister does not know about the relapse"})
    await w.ana.click(saved.response.message, label="Share this note with coaches")
    logged = capsys.readouterr().err
    assert "Posted the check-in" in logged  # the bot's own DEBUG/INFO lines are there
    assert "relapse" not in logged
    assert TOKEN not in logged and "[token]" in logged
