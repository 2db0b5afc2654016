"""Daily check-ins end to end: the real bot on a simulated Discord, driven as members would."""

from __future__ import annotations

import datetime as dt
from typing import Any

import aiohttp
import discord
import pytest
import simcord

from tests.conftest import CoachesReachable, World, bot_posts, custom_ids

HOUR = 3600
DAY = 24 * HOUR


async def setup_checkins(w: World, **options: object) -> None:
    result = await w.admin.slash(w.channel, "config checkins", channel=w.channel, time="09:00", **options)
    assert "Daily check-ins will be posted" in result.response.content


async def todays_post(w: World) -> discord.Message:
    posts = bot_posts(w.channel, w.env)
    assert posts, "no check-in post yet"
    return posts[-1]


def mood_id(post: discord.Message, score: int) -> str:
    return next(cid for cid in custom_ids(post) if cid.startswith("checkin:mood:") and cid.endswith(f":{score}"))


async def tap(w: World, member: simcord.MemberActor, post: discord.Message, score: int) -> str:
    result = await member.click(post, custom_id=mood_id(post, score))
    assert result.response is not None and result.response.ephemeral
    return result.response.content


async def test_the_post_appears_at_the_local_time_with_question_date_and_buttons(world: World) -> None:
    w = world
    await setup_checkins(w, question="How's your heart today?")
    await w.env.advance_time(9 * HOUR - 60)
    assert bot_posts(w.channel, w.env) == []
    await w.env.advance_time(120)
    post = await todays_post(w)
    embed = post.embeds[0]
    assert embed.title == "How's your heart today?"
    assert embed.description == "Thursday 1 January"
    assert embed.footer.text == "Be the first to check in today."
    ids = custom_ids(post)
    assert [cid.rsplit(":", 1)[1] for cid in ids[:5]] == ["1", "2", "3", "4", "5"]
    assert all(cid.startswith("checkin:") for cid in ids)
    labels = [child.label for row in post.components for child in row.children]
    assert labels == ["1 Struggling", "2 Low", "3 Okay", "4 Good", "5 Great", "Add a note", "Talk to a coach"]


async def test_a_tap_records_one_mood_a_day_and_a_second_tap_changes_it(world: World) -> None:
    w = world
    await setup_checkins(w)
    await w.env.advance_time(9 * HOUR + 60)
    post = await todays_post(w)
    reply = await tap(w, w.ana, post, 4)
    assert "Thanks for checking in: **Good**" in reply
    assert "first check-in" in reply
    reply = await tap(w, w.ana, post, 3)
    assert "changed today's check-in to **Okay**" in reply
    repo = w.env.bot.get_cog("Checkins").repo  # type: ignore[union-attr]
    moods = await repo.moods_since(w.guild.id, w.ana.id, dt.date(2026, 1, 1))
    assert moods == {dt.date(2026, 1, 1): 3}


async def test_the_count_on_the_post_is_kept_current_with_few_edits_and_never_says_who(world: World) -> None:
    w = world
    await setup_checkins(w)
    await w.env.advance_time(9 * HOUR + 60)
    post = await todays_post(w)
    edits_before = _edits_of(w.env, post.id)
    await tap(w, w.ana, post, 5)
    await tap(w, w.ben, post, 1)
    await tap(w, w.admin, post, 3)
    await tap(w, w.ana, post, 4)  # a change, not a new member
    await w.env.advance_time(10)
    post = await todays_post(w)
    assert post.embeds[0].footer.text == "3 members have checked in so far."
    everything = str(post.embeds[0].to_dict()) + post.content
    for member in (w.ana, w.ben, w.admin):
        assert member.name not in everything and str(member.id) not in everything
    assert "Struggling" not in everything
    # Each new member updated the count (simcord runs taps one at a time, so nothing coalesces here;
    # tests/bot/test_coalesce.py shows a burst folding into a few edits). A changed mood edits nothing.
    assert _edits_of(w.env, post.id) - edits_before == 3


def _edits_of(env: simcord.Env, message_id: int) -> int:
    return sum(1 for r in env.http_requests if r.method == "PATCH" and r.path.endswith(f"/messages/{message_id}"))


async def test_a_tap_on_an_earlier_days_post_says_the_day_has_passed(world: World) -> None:
    w = world
    await setup_checkins(w)
    await w.env.advance_time(9 * HOUR + 60)
    yesterday = await todays_post(w)
    await w.env.advance_time(DAY)
    reply = await tap(w, w.ana, yesterday, 4)
    assert "Thursday 1 January" in reply and "has passed" in reply and "/checkin now" in reply
    repo = w.env.bot.get_cog("Checkins").repo  # type: ignore[union-attr]
    assert await repo.checked_in_dates(w.guild.id, w.ana.id) == []


async def test_a_low_mood_offers_a_coach_and_nothing_reaches_coaches_unless_chosen(world: World) -> None:
    w = world
    alerts = w.guild.create_text_channel("coaches")
    support = w.guild.create_text_channel("support")
    coaches = w.guild.create_role("Coaches")
    await w.admin.slash(w.channel, "config coaches", role=coaches, alerts=alerts, support=support)
    await setup_checkins(w)
    await w.env.advance_time(9 * HOUR + 60)
    post = await todays_post(w)
    result = await w.ana.click(post, custom_id=mood_id(post, 1))
    assert "If you'd like support, tap **Talk to a coach**" in result.response.content
    assert "checkin:coach:" in str(result.response.components)
    shown = await w.ana.click(post, label="Add a note")
    await w.ana.submit_modal(shown, {"checkin:note:text": "Rough night."})
    assert alerts.history() == [] and support.history() == []  # nothing went to the coaches
    high = await tap(w, w.ben, post, 5)
    assert "coach" not in high


async def test_talk_to_a_coach_without_a_coach_feature_shows_crisis_resources(world: World) -> None:
    w = world
    await setup_checkins(w)
    await w.env.advance_time(9 * HOUR + 60)
    post = await todays_post(w)
    result = await w.ana.click(post, label="Talk to a coach")
    assert result.response.ephemeral
    assert "no coach can be reached through Been There" in result.response.content
    assert "988" in result.response.content and "findahelpline.com" in result.response.content


async def test_a_note_is_private_and_can_be_shared_with_coaches(world: World) -> None:
    w = world
    w.env.bot.help_desk = CoachesReachable(w.env.bot.guild_config)
    await setup_checkins(w)
    await w.env.advance_time(9 * HOUR + 60)
    post = await todays_post(w)
    shown = await w.ana.click(post, label="Add a note")
    assert shown.modal is not None
    saved = await w.ana.submit_modal(shown, {"checkin:note:text": "Slept badly, but I went for a walk."})
    assert saved.response.ephemeral and "only you can see it" in saved.response.content
    assert "988" not in saved.response.content
    repo = w.env.bot.get_cog("Checkins").repo  # type: ignore[union-attr]
    note_id = int(custom_ids(saved.response.message)[0].rsplit(":", 1)[1])
    note = await repo.note(note_id)
    assert note is not None and note.shared_at is None and note.user_id == w.ana.id
    # The note went nowhere but the database: no channel message carries it.
    for channel in w.guild.channels.values():
        assert not any("Slept badly" in m.content for m in channel.history())
    shared = await w.ana.click(saved.response.message, label="Share this note with coaches")
    assert "Shared with the coaches" in shared.response.content and "may be a while" in shared.response.content
    note = await repo.note(note_id)
    assert note is not None and note.shared_at is not None


async def test_a_note_is_not_offered_to_coaches_who_cannot_be_reached(world: World) -> None:
    w = world
    await setup_checkins(w)
    await w.env.advance_time(9 * HOUR + 60)
    shown = await w.ana.click(await todays_post(w), label="Add a note")
    saved = await w.ana.submit_modal(shown, {"checkin:note:text": "Just for me."})
    assert saved.response.content == "Saved. Your note is private: only you can see it."
    assert saved.response.components == []


async def test_someone_else_cannot_share_a_members_note(world: World) -> None:
    # A member's share button is in a message only they can see; the repository checks ownership anyway.
    w = world
    await setup_checkins(w)
    repo = w.env.bot.get_cog("Checkins").repo  # type: ignore[union-attr]
    note_id = await repo.add_note(w.guild.id, w.ana.id, dt.date(2026, 1, 1), "private")
    assert not await repo.share_note(note_id, w.ben.id)
    note = await repo.note(note_id)
    assert note is not None and note.shared_at is None
    assert await repo.share_note(note_id, w.ana.id)


async def test_a_note_with_crisis_language_is_answered_at_once_with_crisis_resources(world: World) -> None:
    w = world
    await setup_checkins(w)
    await w.env.advance_time(9 * HOUR + 60)
    post = await todays_post(w)
    shown = await w.ana.click(post, label="Add a note")
    saved = await w.ana.submit_modal(shown, {"checkin:note:text": "Honestly I WANT TO DIE some days."})
    assert "988" in saved.response.content and "findahelpline.com" in saved.response.content
    assert "not a crisis service" in saved.response.content


async def test_a_note_longer_than_1000_characters_is_refused_by_the_modal(world: World) -> None:
    w = world
    await setup_checkins(w)
    await w.env.advance_time(9 * HOUR + 60)
    shown = await w.ana.click(await todays_post(w), label="Add a note")
    assert shown.modal is not None
    assert shown.modal["components"][0]["components"][0]["max_length"] == 1000


async def test_streaks_count_consecutive_scheduled_days_and_welcome_members_back(world: World) -> None:
    w = world
    await setup_checkins(w, days="weekdays")
    await w.env.advance_time(9 * HOUR + 60)  # Thu 1 Jan
    assert "first check-in" in await tap(w, w.ana, await todays_post(w), 4)
    await w.env.advance_time(DAY)  # Fri
    assert "2 check-in days in a row" in await tap(w, w.ana, await todays_post(w), 4)
    await w.env.advance_time(3 * DAY)  # Mon: the weekend had no check-in, so it neither adds nor breaks
    assert "3 check-in days in a row" in await tap(w, w.ana, await todays_post(w), 4)
    await w.env.advance_time(2 * DAY)  # Wed: Tuesday was missed
    reply = await tap(w, w.ana, await todays_post(w), 4)
    assert "Welcome back" in reply and "4 days in all" in reply
    for word in ("lost", "broke", "missed", "reset"):
        assert word not in reply.lower()


async def test_checkin_now_is_ephemeral_and_offers_reminders_that_toggle(world: World) -> None:
    w = world
    await setup_checkins(w, reminder_hours=2)
    result = await w.ana.slash(w.channel, "checkin now")
    assert result.response.ephemeral
    assert "How are you arriving today?" in result.response.content
    labels = [c["label"] for row in result.response.components for c in row["components"]]
    assert labels[-1] == "Remind me"
    toggled = await w.ana.click(result.response.message, label="Remind me")
    assert "gentle reminder" in toggled.followups[0].content
    flipped = [c["label"] for row in toggled.response.components for c in row["components"]]
    assert flipped[-1] == "Stop reminders"
    repo = w.env.bot.get_cog("Checkins").repo  # type: ignore[union-attr]
    assert await repo.wants_reminders(w.guild.id, w.ana.id)
    again = await w.ana.slash(w.channel, "checkin now")
    assert [c["label"] for row in again.response.components for c in row["components"]][-1] == "Stop reminders"
    off = await w.ana.click(again.response.message, label="Stop reminders")
    assert "no more reminders" in off.followups[0].content
    assert not await repo.wants_reminders(w.guild.id, w.ana.id)


async def test_checkin_now_offers_no_reminders_where_the_server_sends_none(world: World) -> None:
    w = world
    await setup_checkins(w)  # reminder_hours 0
    result = await w.ana.slash(w.channel, "checkin now")
    labels = [c["label"] for row in result.response.components for c in row["components"]]
    assert "Remind me" not in labels and "Stop reminders" not in labels


async def test_checkin_now_records_from_the_ephemeral_buttons(world: World) -> None:
    w = world
    await setup_checkins(w)
    result = await w.ana.slash(w.channel, "checkin now")
    tapped = await w.ana.click(result.response.message, custom_id=mood_id(result.response.message, 5))
    assert "**Great**" in tapped.response.content


async def test_checkin_commands_explain_when_check_ins_are_not_set_up_or_paused(world: World) -> None:
    w = world
    result = await w.ana.slash(w.channel, "checkin now")
    assert result.response.ephemeral and "aren't set up" in result.response.content
    await setup_checkins(w)
    await w.admin.slash(w.channel, "config pause", feature="checkins")
    result = await w.ana.slash(w.channel, "checkin now")
    assert "paused" in result.response.content
    await w.env.advance_time(DAY)
    assert bot_posts(w.channel, w.env) == []


async def test_reminders_reach_opted_in_members_who_have_not_checked_in(world: World) -> None:
    w = world
    await setup_checkins(w, reminder_hours=3)
    carl = w.guild.add_member(w.env.create_user("carl"))
    for member in (w.ana, w.ben, carl):
        now = await member.slash(w.channel, "checkin now")
        await member.click(now.response.message, label="Remind me")
    await w.env.advance_time(9 * HOUR + 60)
    await tap(w, w.ben, await todays_post(w), 4)  # Ben checked in: no reminder for him
    await carl.slash(w.channel, "checkin break", days=2)  # Carl is on a break: no reminder
    await w.env.advance_time(3 * HOUR - 120)
    assert w.ana.user.dm_channel.history() == []
    await w.env.advance_time(120)
    dms = w.ana.user.dm_channel.history()
    assert len(dms) == 1 and "gentle nudge" in dms[0].content and "Harbor" in dms[0].content
    assert w.ben.user.dm_channel.history() == []
    assert carl.user.dm_channel.history() == []
    # The reminder's buttons record today's check-in from the DM.
    reply = await w.ana.user.click(dms[0], custom_id=mood_id(dms[0], 3))
    assert "**Okay**" in reply.response.content
    await w.env.advance_time(6 * HOUR)
    assert len(w.ana.user.dm_channel.history()) == 1  # one reminder, not more


async def test_closed_dms_are_skipped_and_other_members_still_get_their_reminder(world: World) -> None:
    w = world
    await setup_checkins(w, reminder_hours=1)
    for member in (w.ana, w.ben):
        now = await member.slash(w.channel, "checkin now")
        await member.click(now.response.message, label="Remind me")
    first, second = sorted((w.ana, w.ben), key=lambda m: m.id)
    w.env.inject_error("POST", f"/channels/{first.user.dm_channel.id}/messages", status=403, code=50007)
    await w.env.advance_time(10 * HOUR + 60)
    assert first.user.dm_channel.history() == []
    assert len(second.user.dm_channel.history()) == 1


async def test_a_network_error_on_one_reminder_does_not_cost_the_others_theirs(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = world
    await setup_checkins(w, reminder_hours=1)
    for member in (w.ana, w.ben):
        now = await member.slash(w.channel, "checkin now")
        await member.click(now.response.message, label="Remind me")
    first, second = sorted((w.ana, w.ben), key=lambda m: m.id)
    send = discord.DMChannel.send

    async def flaky(self: discord.DMChannel, *args: Any, **kwargs: Any) -> discord.Message:
        if self.id == first.user.dm_channel.id:
            raise aiohttp.ClientConnectionError("connection reset")
        return await send(self, *args, **kwargs)

    monkeypatch.setattr(discord.DMChannel, "send", flaky)
    await w.env.advance_time(10 * HOUR + 60)
    assert first.user.dm_channel.history() == []
    assert len(second.user.dm_channel.history()) == 1


async def test_history_shows_a_chart_and_streaks_privately(world: World) -> None:
    w = world
    await setup_checkins(w)
    empty = await w.ana.slash(w.channel, "checkin history")
    assert empty.response.ephemeral and "haven't checked in here yet" in empty.response.content
    await w.env.advance_time(9 * HOUR + 60)
    await tap(w, w.ana, await todays_post(w), 2)
    await w.env.advance_time(DAY)
    await tap(w, w.ana, await todays_post(w), 4)
    result = await w.ana.slash(w.channel, "checkin history")
    assert result.response.ephemeral
    assert "Current streak: **2**" in result.response.content
    assert "longest: **2**" in result.response.content and "**2** days in all" in result.response.content
    [attachment] = result.response.attachments
    assert attachment.filename == "checkins.png"
    assert (await attachment.read()).startswith(b"\x89PNG")


async def test_a_break_keeps_the_streak_and_back_ends_it(world: World) -> None:
    w = world
    await setup_checkins(w)
    await w.env.advance_time(9 * HOUR + 60)  # Thu
    await tap(w, w.ana, await todays_post(w), 4)
    await w.env.advance_time(DAY)  # Fri
    await tap(w, w.ana, await todays_post(w), 4)
    result = await w.ana.slash(w.channel, "checkin break", days=3)  # Fri..Sun... from today
    assert result.response.ephemeral and "Take the time you need" in result.response.content
    assert "Sunday 4 January" in result.response.content
    await w.env.advance_time(3 * DAY)  # Mon: Sat and Sun were break days
    reply = await tap(w, w.ana, await todays_post(w), 4)
    assert "3 check-in days in a row" in reply  # Thu, Fri (checked in on the break's first day), Mon
    back = await w.ana.slash(w.channel, "checkin back")
    assert "not on a break" in back.response.content
    await w.ana.slash(w.channel, "checkin break", days=5)
    back = await w.ana.slash(w.channel, "checkin back")
    assert "Welcome back" in back.response.content


async def test_break_days_are_limited_to_1_to_30(world: World) -> None:
    w = world
    with pytest.raises(simcord.OptionError):
        await w.ana.slash(w.channel, "checkin break", days=31)
    with pytest.raises(simcord.OptionError):
        await w.ana.slash(w.channel, "checkin break", days=0)
