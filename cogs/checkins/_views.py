"""Persistent check-in buttons. Each custom_id carries what it needs (server, day, score), so the
buttons keep working after a restart; callbacks hand over to the cog, which reloads state."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import discord

from bot.errors import guarded
from cogs.checkins._texts import MOOD_EMOJI, MOODS

if TYPE_CHECKING:
    from cogs.checkins._cog import Checkins

NOTE_MAX = 1000


def day_key(day: date) -> str:
    return f"{day:%Y%m%d}"


def mood_id_prefix(guild_id: int, day: date) -> str:
    """What every mood button of that server's day starts with (how the bot finds its own post)."""
    return f"checkin:mood:{guild_id}:{day_key(day)}:"


def _parse_day(key: str) -> date:
    return datetime.strptime(key, "%Y%m%d").date()


def _cog(interaction: discord.Interaction[Any]) -> Checkins:
    cog = interaction.client.get_cog("Checkins")
    assert cog is not None, "the check-ins cog handles its own buttons"
    return cog  # type: ignore[no-any-return]


class MoodButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"checkin:mood:(?P<guild>\d+):(?P<day>\d{8}):(?P<score>[1-5])",
):
    def __init__(self, guild_id: int, day: date, score: int) -> None:
        self.guild_id, self.day, self.score = guild_id, day, score
        super().__init__(
            discord.ui.Button(
                label=f"{score} {MOODS[score]}",
                emoji=MOOD_EMOJI[score],
                style=discord.ButtonStyle.secondary,
                custom_id=f"{mood_id_prefix(guild_id, day)}{score}",
                row=0,
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> MoodButton:
        return cls(int(match["guild"]), _parse_day(match["day"]), int(match["score"]))

    @guarded
    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await _cog(interaction).on_mood(interaction, self.guild_id, self.day, self.score)


class NoteButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"checkin:note:(?P<guild>\d+):(?P<day>\d{8})"
):
    def __init__(self, guild_id: int, day: date) -> None:
        self.guild_id, self.day = guild_id, day
        super().__init__(
            discord.ui.Button(
                label="Add a note",
                emoji="📝",
                style=discord.ButtonStyle.primary,
                custom_id=f"checkin:note:{guild_id}:{day_key(day)}",
                row=1,
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> NoteButton:
        return cls(int(match["guild"]), _parse_day(match["day"]))

    @guarded
    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await _cog(interaction).on_note_button(interaction, self.guild_id, self.day)


class CoachButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"checkin:coach:(?P<guild>\d+)"):
    def __init__(self, guild_id: int) -> None:
        self.guild_id = guild_id
        super().__init__(
            discord.ui.Button(
                label="Talk to a coach",
                emoji="🤝",
                style=discord.ButtonStyle.success,
                custom_id=f"checkin:coach:{guild_id}",
                row=1,
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> CoachButton:
        return cls(int(match["guild"]))

    @guarded
    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await _cog(interaction).on_talk_to_coach(interaction, self.guild_id)


class ReminderButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"checkin:remind:(?P<guild>\d+):(?P<day>\d{8}):(?P<on>[01])",
):
    """ "Remind me" (turns reminders on) or "Stop reminders" (turns them off), beside that day's buttons."""

    def __init__(self, guild_id: int, day: date, turn_on: bool) -> None:
        self.guild_id, self.day, self.turn_on = guild_id, day, turn_on
        super().__init__(
            discord.ui.Button(
                label="Remind me" if turn_on else "Stop reminders",
                emoji="⏰" if turn_on else "🔕",
                style=discord.ButtonStyle.secondary,
                custom_id=f"checkin:remind:{guild_id}:{day_key(day)}:{int(turn_on)}",
                row=1,
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ReminderButton:
        return cls(int(match["guild"]), _parse_day(match["day"]), match["on"] == "1")

    @guarded
    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await _cog(interaction).on_reminder_toggle(interaction, self.guild_id, self.day, self.turn_on)


class ShareNoteButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"checkin:share:(?P<note>\d+)"):
    def __init__(self, note_id: int) -> None:
        self.note_id = note_id
        super().__init__(
            discord.ui.Button(
                label="Share this note with coaches",
                style=discord.ButtonStyle.secondary,
                custom_id=f"checkin:share:{note_id}",
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ShareNoteButton:
        return cls(int(match["note"]))

    @guarded
    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await _cog(interaction).on_share_note(interaction, self.note_id)


DYNAMIC_ITEMS = (MoodButton, NoteButton, CoachButton, ReminderButton, ShareNoteButton)


def day_view(guild_id: int, day: date, *, reminders_on: bool | None = None) -> discord.ui.View:
    """The mood buttons, "Add a note" and "Talk to a coach"; with `reminders_on`, the reminder toggle too."""
    view = discord.ui.View(timeout=None)
    for score in MOODS:
        view.add_item(MoodButton(guild_id, day, score))
    view.add_item(NoteButton(guild_id, day))
    view.add_item(CoachButton(guild_id))
    if reminders_on is not None:
        view.add_item(ReminderButton(guild_id, day, turn_on=not reminders_on))
    return view


def low_mood_view(guild_id: int, day: date) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(CoachButton(guild_id))
    view.add_item(NoteButton(guild_id, day))
    return view


def share_note_view(note_id: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(ShareNoteButton(note_id))
    return view


NOTE_INPUT_ID = "checkin:note:text"
NOTE_MODAL_ID = re.compile(r"checkin:notemodal:(?P<guild>\d+):(?P<day>\d{8})")


class NoteModal(discord.ui.Modal, title="A note for today"):
    """The note form. Its submission is handled by the cog from the interaction itself (see
    `parse_note_submission`), so a note written while the bot restarted is still saved."""

    def __init__(self, guild_id: int, day: date) -> None:
        super().__init__(timeout=30 * 60, custom_id=f"checkin:notemodal:{guild_id}:{day_key(day)}")
        self.add_item(
            discord.ui.TextInput(
                label="Anything you'd like to write down",
                style=discord.TextStyle.paragraph,
                placeholder="Only you can see this, unless you choose to share it with a coach.",
                max_length=NOTE_MAX,
                custom_id=NOTE_INPUT_ID,
            )
        )


def parse_note_submission(interaction: discord.Interaction[Any]) -> tuple[int, date, str] | None:
    """(server, day, text) when `interaction` submits a note form, else None."""
    data: dict[str, Any] = dict(interaction.data or {})
    if interaction.type is not discord.InteractionType.modal_submit:
        return None
    match = NOTE_MODAL_ID.fullmatch(str(data.get("custom_id", "")))
    if match is None:
        return None
    return int(match["guild"]), _parse_day(match["day"]), _input_value(data.get("components", []), NOTE_INPUT_ID)


def _input_value(components: list[dict[str, Any]], custom_id: str) -> str:
    for component in components:
        if component.get("custom_id") == custom_id:
            return str(component.get("value", ""))
        nested = component.get("components") or ([component["component"]] if "component" in component else [])
        found = _input_value(nested, custom_id)
        if found:
            return found
    return ""
