"""The personal mood chart for /checkin history, drawn headless with matplotlib."""

from __future__ import annotations

import io
from datetime import date, timedelta

from matplotlib.figure import Figure

from cogs.checkins._texts import MOODS

DAYS_SHOWN = 30


def mood_chart(moods: dict[date, int], today: date) -> bytes:
    """A PNG of the last 30 days: one dot per check-in, joined where days follow each other."""
    start = today - timedelta(days=DAYS_SHOWN - 1)
    days = [start + timedelta(days=offset) for offset in range(DAYS_SHOWN)]
    # A bare Figure (no pyplot): nothing global, safe to draw in a worker thread, no screen needed.
    figure = Figure(figsize=(8, 3.2), dpi=100)
    axes = figure.subplots()
    x = list(range(DAYS_SHOWN))  # one slot per day, today last
    values = [moods.get(day) for day in days]
    axes.plot(
        x,
        [float("nan") if value is None else value for value in values],
        color="#5b8def",
        marker="o",
        linewidth=2,
    )
    axes.set_ylim(0.5, 5.5)
    axes.set_yticks(list(MOODS), [MOODS[score] for score in MOODS])
    axes.set_xlim(x[0] - 0.5, x[-1] + 0.5)
    ticks = list(range(DAYS_SHOWN - 1, -1, -7))  # today, and every week before it
    axes.set_xticks([x[i] for i in ticks], [f"{days[i].day} {days[i]:%b}" for i in ticks])
    axes.grid(axis="y", alpha=0.3)
    axes.set_title("Your check-ins, last 30 days", fontsize=11)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
