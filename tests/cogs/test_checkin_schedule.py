"""Check-ins over time: restarts, catch-up, no doubled posts, failing channels, daylight saving."""

from __future__ import annotations

import datetime as dt
from typing import Any

import discord
import pytest
import simcord

from bot.weekdays import ALL_DAYS
from tests.conftest import BotFactory, World, bot_posts, build_world, custom_ids

HOUR = 3600
DAY = 24 * HOUR


async def setup_checkins(w: World, time: str = "09:00", **options: object) -> None:
    result = await w.admin.slash(w.channel, "config checkins", channel=w.channel, time=time, **options)
    assert "Daily check-ins will be posted" in result.response.content


def repo(env: simcord.Env):  # type: ignore[no-untyped-def]
    return env.bot.get_cog("Checkins").repo  # type: ignore[union-attr]


async def test_buttons_keep_working_after_a_restart(world: World, bots: BotFactory) -> None:
    w = world
    await setup_checkins(w)
    await w.env.advance_time(9 * HOUR + 60)
    [post] = bot_posts(w.channel, w.env)
    await w.env.restart_bot(bots())
    mood = next(cid for cid in custom_ids(post) if cid.endswith(":4"))
    result = await w.ana.click(post, custom_id=mood)
    assert "**Good**" in result.response.content
    assert await repo(w.env).checked_in_dates(w.guild.id, w.ana.id) == [dt.date(2026, 1, 1)]


async def test_a_bot_down_at_post_time_posts_when_it_starts_again_within_six_hours(
    world: World, bots: BotFactory
) -> None:
    w = world
    await w.env.advance_time(11 * HOUR)  # 11:00: the 09:00 post time has passed, unseen
    await setup_checkins(w)
    assert bot_posts(w.channel, w.env) == []
    await w.env.restart_bot(bots())
    await w.env.settle()
    assert len(bot_posts(w.channel, w.env)) == 1
    await w.env.restart_bot(bots())  # a second restart the same day does not post again
    await w.env.settle()
    assert len(bot_posts(w.channel, w.env)) == 1


async def test_no_catch_up_more_than_six_hours_late(world: World, bots: BotFactory) -> None:
    w = world
    await w.env.advance_time(15 * HOUR + 60)  # 15:01, more than 6 hours after 09:00
    await setup_checkins(w)
    await w.env.restart_bot(bots())
    await w.env.settle()
    assert bot_posts(w.channel, w.env) == []
    await w.env.advance_time(18 * HOUR)  # the next day's post comes as usual
    assert len(bot_posts(w.channel, w.env)) == 1


async def test_a_post_sent_but_not_recorded_before_a_crash_is_not_sent_twice(world: World, bots: BotFactory) -> None:
    w = world
    await setup_checkins(w)
    await w.env.advance_time(9 * HOUR + 60)
    [post] = bot_posts(w.channel, w.env)
    # The process died after Discord accepted the post but before the database recorded it.
    await w.env.bot.db.execute("UPDATE checkin_posts SET status = 'sending', message_id = NULL")
    await w.env.restart_bot(bots())
    await w.env.settle()
    assert [p.id for p in bot_posts(w.channel, w.env)] == [post.id]
    recorded = await repo(w.env).post_for(w.guild.id, dt.date(2026, 1, 1))
    assert recorded.status == "posted" and recorded.message_id == post.id


async def test_a_post_recorded_but_never_sent_before_a_crash_is_sent_once(world: World, bots: BotFactory) -> None:
    w = world
    await setup_checkins(w)
    await w.env.advance_time(8 * HOUR)
    # The process died between recording the intent and sending the post.
    await repo(w.env).claim_post(w.guild.id, dt.date(2026, 1, 1), w.channel.id, "How are you arriving today?")
    await w.env.advance_time(2 * HOUR)
    await w.env.restart_bot(bots())
    await w.env.settle()
    assert len(bot_posts(w.channel, w.env)) == 1


async def test_a_doubled_scheduled_run_posts_once(world: World) -> None:
    w = world
    await setup_checkins(w)
    await w.env.advance_time(9 * HOUR + 60)
    poster = w.env.bot.get_cog("Checkins").poster  # type: ignore[union-attr]
    await poster.post_scheduled(w.guild.id)  # as on the night clocks go back, or a restart at the due instant
    await w.env.settle()
    assert len(bot_posts(w.channel, w.env)) == 1


async def test_a_deleted_channel_is_logged_shown_and_does_not_stop_other_servers(world: World) -> None:
    w = world
    other = await build_world(w.env, "Lighthouse")
    await setup_checkins(w)
    await setup_checkins(other)
    w.env.inject_error("*", f"/channels/{w.channel.id}*", status=404, code=10003, times=None)
    await w.env.advance_time(9 * HOUR + 60)
    assert len(bot_posts(other.channel, w.env)) == 1
    show = await w.admin.slash(w.guild.create_text_channel("admin"), "config show")
    assert "couldn't be found" in show.response.content
    post = await repo(w.env).post_for(w.guild.id, dt.date(2026, 1, 1))
    assert post.status == "failed"


async def test_the_post_follows_the_servers_zone_across_daylight_saving(world: World) -> None:
    w = world
    await w.admin.slash(w.channel, "config timezone", zone="America/New_York")
    await setup_checkins(w)
    await w.env.advance_time(14 * HOUR + 60)  # 09:01 in New York in winter (UTC-5)
    assert len(bot_posts(w.channel, w.env)) == 1
    # Jump to Saturday 7 March 2026, the day before clocks go forward, without living every day.
    await w.env.advance_time((dt.datetime(2026, 3, 7, 12, tzinfo=dt.UTC) - w.env.now()).total_seconds())
    count = len(bot_posts(w.channel, w.env))
    await w.env.advance_time((dt.datetime(2026, 3, 8, 12, 59, tzinfo=dt.UTC) - w.env.now()).total_seconds())
    assert len(bot_posts(w.channel, w.env)) == count + 1  # the 7 March post at 14:00 UTC
    await w.env.advance_time(2 * 60)  # 13:01 UTC is 09:01 in New York on the first day of summer time
    posts = bot_posts(w.channel, w.env)
    assert len(posts) == count + 2
    summer_nine = dt.datetime(2026, 3, 8, 13, 0, tzinfo=dt.UTC)
    assert summer_nine <= posts[-1].created_at < summer_nine + dt.timedelta(minutes=2)
    assert posts[-1].embeds[0].description == "Sunday 8 March"


async def test_a_member_in_two_servers_has_separate_check_ins(world: World) -> None:
    w = world
    other = await build_world(w.env, "Lighthouse")
    shared = w.env.create_user("sam")
    sam_here = w.guild.add_member(shared)
    sam_there = other.guild.add_member(shared)
    await setup_checkins(w)
    await setup_checkins(other)
    await w.env.advance_time(9 * HOUR + 60)
    [here] = bot_posts(w.channel, w.env)
    [there] = bot_posts(other.channel, w.env)
    await sam_here.click(here, custom_id=next(c for c in custom_ids(here) if c.endswith(":2")))
    await sam_there.click(there, custom_id=next(c for c in custom_ids(there) if c.endswith(":5")))
    day = dt.date(2026, 1, 1)
    assert await repo(w.env).moods_since(w.guild.id, shared.id, day) == {day: 2}
    assert await repo(w.env).moods_since(other.guild.id, shared.id, day) == {day: 5}


async def test_notes_older_than_the_retention_are_deleted(world: World) -> None:
    w = world
    await setup_checkins(w)
    await w.admin.slash(w.channel, "config retention", days=7)
    note_id = await repo(w.env).add_note(w.guild.id, w.ana.id, dt.date(2026, 1, 1), "kept a week")
    await w.env.advance_time(7 * DAY)  # 8 Jan 00:00: the note is exactly 7 days old, not older
    assert await repo(w.env).note(note_id) is not None
    await w.env.advance_time(4 * HOUR)  # the 03:30 purge of 8 Jan: by then it is older than 7 days
    assert await repo(w.env).note(note_id) is None


async def test_a_note_written_while_the_bot_restarted_is_still_saved(world: World, bots: BotFactory) -> None:
    w = world
    await setup_checkins(w)
    await w.env.advance_time(9 * HOUR + 60)
    [post] = bot_posts(w.channel, w.env)
    shown = await w.ana.click(post, label="Add a note")
    await w.env.restart_bot(bots())  # a deploy while Ana is still typing
    saved = await w.ana.submit_modal(shown, {"checkin:note:text": "Typed through a restart."})
    assert "only you can see it" in saved.response.content
    rows = await w.env.bot.db.fetchall("SELECT text FROM checkin_notes WHERE user_id = ?", (w.ana.id,))
    assert [row["text"] for row in rows] == ["Typed through a restart."]


async def test_a_post_that_fails_for_a_passing_reason_is_retried(world: World) -> None:
    w = world
    await setup_checkins(w)
    w.env.inject_error("POST", f"/channels/{w.channel.id}/messages", status=503, times=2)
    await w.env.advance_time(9 * HOUR + 30)  # 09:00 fails
    assert bot_posts(w.channel, w.env) == []
    await w.env.advance_time(60)  # 09:01: the first retry fails too
    assert bot_posts(w.channel, w.env) == []
    await w.env.advance_time(2 * 60)  # 09:03: the second retry, two minutes later, gets through
    assert len(bot_posts(w.channel, w.env)) == 1
    await w.env.advance_time(6 * HOUR)
    assert len(bot_posts(w.channel, w.env)) == 1


async def test_a_refused_post_is_tried_again_when_an_admin_fixes_the_settings(world: World) -> None:
    w = world
    await setup_checkins(w)
    w.env.inject_error("POST", f"/channels/{w.channel.id}/messages", status=403, code=50013)
    await w.env.advance_time(9 * HOUR + 60)
    assert bot_posts(w.channel, w.env) == []
    show = await w.admin.slash(w.channel, "config show")
    assert "I wasn't allowed to post there" in show.response.content
    await w.env.advance_time(HOUR)
    assert bot_posts(w.channel, w.env) == []  # no blind retries of a refusal
    await setup_checkins(w)  # the admin fixed the permission and saves again
    await w.env.settle()
    assert len(bot_posts(w.channel, w.env)) == 1
    show = await w.admin.slash(w.channel, "config show")
    assert "check-ins: <#" in show.response.content and "all good" in show.response.content


async def test_a_post_of_unknown_fate_is_not_sent_when_the_channel_cannot_be_read(
    world: World, bots: BotFactory
) -> None:
    w = world
    await setup_checkins(w)
    await w.env.advance_time(9 * HOUR + 60)
    await w.env.bot.db.execute("UPDATE checkin_posts SET status = 'sending', message_id = NULL")
    w.env.inject_error("GET", f"/channels/{w.channel.id}/messages*", status=403, code=50001, times=None)
    await w.env.restart_bot(bots())
    await w.env.settle()
    assert len(bot_posts(w.channel, w.env)) == 1  # at most once beats twice
    show = await w.admin.slash(w.channel, "config show")
    assert "couldn't read the channel" in show.response.content


async def test_reconfiguring_keeps_the_options_left_out(world: World) -> None:
    w = world
    await setup_checkins(w, days="weekdays", question="How's the weather inside?", reminder_hours=3)
    reply = await w.admin.slash(w.channel, "config checkins", channel=w.channel, time="10:00")
    assert "weekdays" in reply.response.content and "How's the weather inside?" in reply.response.content
    settings = await w.env.bot.guild_config.get(w.guild.id)
    assert (settings.checkin_time, settings.checkin_days, settings.reminder_hours) == ("10:00", ALL_DAYS[:5], 3)


async def test_a_reminder_that_would_land_after_midnight_is_not_sent(world: World) -> None:
    w = world
    await setup_checkins(w, time="21:00", reminder_hours=4)
    now = await w.ana.slash(w.channel, "checkin now")
    await w.ana.click(now.response.message, label="Remind me")
    await w.env.advance_time(DAY + 2 * HOUR)  # past 01:00, when a reminder would have come
    assert w.ana.user.dm_channel.history() == []


async def test_paused_days_do_not_end_a_streak(world: World) -> None:
    w = world
    await setup_checkins(w)
    await w.env.advance_time(9 * HOUR + 60)  # Thu
    await w.ana.click(bot_posts(w.channel, w.env)[-1], label="4 Good")
    await w.admin.slash(w.channel, "config pause", feature="checkins")
    await w.env.advance_time(2 * DAY)  # Fri and Sat: no post
    await w.admin.slash(w.channel, "config resume", feature="checkins")
    await w.env.advance_time(DAY)  # Sun
    reply = await w.ana.click(bot_posts(w.channel, w.env)[-1], label="4 Good")
    assert "2 check-in days in a row" in reply.response.content


async def test_a_members_day_is_the_servers_local_date(world: World) -> None:
    w = world
    await w.admin.slash(w.channel, "config timezone", zone="Pacific/Auckland")  # UTC+13 in January
    await setup_checkins(w, time="06:00")
    await w.env.advance_time(17 * HOUR + 60)  # 17:01 UTC on 1 Jan is 06:01 on 2 Jan in Auckland
    [post] = bot_posts(w.channel, w.env)
    assert post.embeds[0].description == "Friday 2 January"
    await w.ana.click(post, label="3 Okay")
    assert await repo(w.env).checked_in_dates(w.guild.id, w.ana.id) == [dt.date(2026, 1, 2)]
    await w.env.advance_time(18 * HOUR)  # 11:01 UTC on 2 Jan: 00:01 on 3 Jan in Auckland
    late = await w.ana.click(post, label="4 Good")
    assert "has passed" in late.response.content


async def test_a_failed_post_is_retried_after_a_restart(world: World, bots: BotFactory) -> None:
    w = world
    await setup_checkins(w)
    w.env.inject_error("POST", f"/channels/{w.channel.id}/messages", status=500)
    await w.env.advance_time(9 * HOUR + 30)
    assert bot_posts(w.channel, w.env) == []
    await w.env.restart_bot(bots())  # before the retry was due: the pending retry went with the old process
    await w.env.settle()
    assert len(bot_posts(w.channel, w.env)) == 1


async def test_a_post_whose_answer_was_lost_is_not_sent_again(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    w = world
    await setup_checkins(w)
    send = discord.PartialMessageable.send
    calls = 0

    async def created_then_lost(self: discord.PartialMessageable, *args: Any, **kwargs: Any) -> discord.Message:
        nonlocal calls
        message = await send(self, *args, **kwargs)
        calls += 1
        if calls == 1:
            raise TimeoutError  # Discord created the message; its answer never arrived
        return message

    monkeypatch.setattr(discord.PartialMessageable, "send", created_then_lost)
    await w.env.advance_time(9 * HOUR + 10 * 60)  # past the first retry
    [post] = bot_posts(w.channel, w.env)
    recorded = await repo(w.env).post_for(w.guild.id, dt.date(2026, 1, 1))
    assert recorded.status == "posted" and recorded.message_id == post.id


async def test_a_passing_error_while_looking_for_the_post_is_retried(world: World, bots: BotFactory) -> None:
    w = world
    await w.env.advance_time(10 * HOUR)  # 10:00; the bot was down at 09:00
    await setup_checkins(w)
    await repo(w.env).claim_post(w.guild.id, dt.date(2026, 1, 1), w.channel.id, "How are you arriving today?")
    # Both looks at start (the catch-up, then confirming what is still unconfirmed) meet a server error.
    w.env.inject_error("GET", f"/channels/{w.channel.id}/messages*", status=503, times=2)
    await w.env.restart_bot(bots())
    await w.env.settle()
    assert bot_posts(w.channel, w.env) == []  # unsure for now: nothing sent
    await w.env.advance_time(5 * 60)
    assert len(bot_posts(w.channel, w.env)) == 1


async def test_a_scheduled_run_firing_after_midnight_does_not_post_the_new_day_early(world: World) -> None:
    w = world
    await setup_checkins(w, time="23:55")
    await w.env.advance_time(5 * 60)  # 00:05 on Thursday: as if Wednesday's 23:55 run fired ten minutes late
    await w.env.bot.get_cog("Checkins").poster.post_scheduled(w.guild.id)  # type: ignore[union-attr]
    await w.env.settle()
    assert bot_posts(w.channel, w.env) == []
    await w.env.advance_time(24 * HOUR)
    assert [p.embeds[0].description for p in bot_posts(w.channel, w.env)] == ["Thursday 1 January"]


async def test_a_post_sent_before_a_long_outage_is_recorded_not_resent(world: World, bots: BotFactory) -> None:
    w = world
    await setup_checkins(w)
    await w.env.advance_time(9 * HOUR + 60)
    [post] = bot_posts(w.channel, w.env)
    await w.env.bot.db.execute("UPDATE checkin_posts SET status = 'sending', message_id = NULL")
    await w.env.advance_time(8 * HOUR)  # back at 17:01, past the six-hour window
    await w.env.restart_bot(bots())
    await w.env.settle()
    assert [p.id for p in bot_posts(w.channel, w.env)] == [post.id]
    recorded = await repo(w.env).post_for(w.guild.id, dt.date(2026, 1, 1))
    assert recorded.status == "posted" and recorded.message_id == post.id
