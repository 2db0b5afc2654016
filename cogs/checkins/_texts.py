"""What the check-ins feature says to members. Warm, plain and short; a streak is never a loss."""

from __future__ import annotations

from datetime import date

from bot.db.checkins import TapOutcome
from cogs.checkins._streaks import Streaks

MOODS = {1: "Struggling", 2: "Low", 3: "Okay", 4: "Good", 5: "Great"}
MOOD_EMOJI = {1: "🌧️", 2: "🌥️", 3: "⛅", 4: "🌤️", 5: "☀️"}
LOW_MOOD = 2


def long_date(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B}"


def count_line(count: int) -> str:
    if count == 0:
        return "Be the first to check in today."
    if count == 1:
        return "1 member has checked in so far."
    return f"{count} members have checked in so far."


def streak_line(streaks: Streaks) -> str:
    if streaks.current == 0:
        return f"You've checked in on {streaks.total_days} day{'s' if streaks.total_days != 1 else ''} in all."
    if streaks.total_days <= 1:
        return "That's your first check-in here. Glad you're with us."
    if streaks.current >= 2:
        return f"That's {streaks.current} check-in days in a row, and {streaks.total_days} days in all."
    # A streak that ended is never framed as a loss.
    return f"Welcome back, it's good to see you. You've checked in on {streaks.total_days} days in all."


def mood_reply(mood: int, outcome: TapOutcome, streaks: Streaks) -> str:
    if outcome is TapOutcome.CHANGED:
        first = f"Got it: I've changed today's check-in to **{MOODS[mood]}**."
    elif outcome is TapOutcome.UNCHANGED:
        first = f"You're checked in for today as **{MOODS[mood]}**."
    else:
        first = f"Thanks for checking in: **{MOODS[mood]}** {MOOD_EMOJI[mood]}"
    lines = [first, streak_line(streaks)]
    if mood <= LOW_MOOD:
        lines.append(
            "I'm sorry today is hard. If you'd like support, tap **Talk to a coach**; nothing is shared "
            "unless you choose it. You can also add a private note, just for you."
        )
    return "\n".join(lines)


def not_today(day: date, today: date) -> str:
    if day < today:
        return (
            f"That check-in was for {long_date(day)}, and that day has passed. "
            "You can check in for today with `/checkin now`."
        )
    return f"That check-in is for {long_date(day)}, which hasn't started here yet. `/checkin now` is for today."


def crisis_reply(crisis_text: str, then: str) -> str:
    return (
        "Thank you for writing this down. It sounds like you're carrying something very heavy, "
        f"and you deserve support right now.\n\n{crisis_text}\n\n{then}"
    )


NOT_SET_UP = "Check-ins aren't set up in this server yet. A server admin can start them with `/config checkins`."
PAUSED = "Check-ins are paused in this server for now. You're still welcome here."
NOTE_SAVED = "Saved. Your note is private: only you can see it."
NOTE_SAVED_SHAREABLE = NOTE_SAVED + " If you'd like a coach to read it, you can share it below."
NOTE_SHARED = (
    "Shared with the coaches. They read shared notes in their daily summary, so it may be a while. "
    "If you need someone sooner, tap **Talk to a coach**."
)
NOTE_NOT_YOURS = "That note isn't available any more."
REMINDERS_ON = "I'll send you one gentle reminder on check-in days you haven't checked in yet."
REMINDERS_OFF = "Okay, no more reminders. You can turn them back on any time with `/checkin now`."
REMINDER_DM = "Hi, just a gentle nudge from **{guild}**: {question} Tap below whenever you're ready."


def history_text(streaks: Streaks) -> str:
    if streaks.total_days == 0:
        return "You haven't checked in here yet. Whenever you're ready, `/checkin now` is there for you."
    current = (
        f"Current streak: **{streaks.current}** check-in day{'s' if streaks.current != 1 else ''}"
        if streaks.current
        else "Your next check-in starts a new streak"
    )
    return (
        f"{current} · longest: **{streaks.longest}** · "
        f"checked in on **{streaks.total_days}** day{'s' if streaks.total_days != 1 else ''} in all."
    )


def break_started(end: date) -> str:
    return (
        f"Take the time you need. Your break runs through {long_date(end)}: no reminders until then, "
        "and your streak will be right here when you're back. `/checkin back` ends it early."
    )


BACK = "Welcome back. It's good to see you."
NOT_ON_BREAK = "You're not on a break right now, so there's nothing to end. Welcome all the same."
