"""The progress chart: one small line chart per dimension, the person's self-rating in each
rotation they answered, under the dimension's full title."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot import charts

if TYPE_CHECKING:  # progress imports this module to draw its chart
    from bot.grow.progress import Progress


def progress_figure(progress: Progress):
    """The chart as a matplotlib figure (its titles are what a test reads)."""
    since = progress.rotations[0] if progress.rotations else progress.week
    return charts.trend_grid(
        f"Your self-rating per rotation (nine weeks each), {since} to {progress.week}",
        [(trend.topic.heading, trend.ratings) for trend in progress.trends],
        progress.rotations)


def render_progress_chart(progress: Progress) -> bytes:
    return charts.png(progress_figure(progress))
