"""The digest's chart: a team's average self-rating on each dimension of the last rotation,
one bar per dimension with its full title; this week's highlighted."""

from __future__ import annotations

from bot import charts
from bot.coaching.digest import Digest


def rotation_figure(digest: Digest):
    """The chart as a matplotlib figure (its labels are what a test reads)."""
    current = [n for n, point in enumerate(digest.rotation) if point.week == digest.week]
    return charts.bar_chart(
        f"Team average self-rating, last rotation to {digest.week}",
        [point.topic.heading for point in digest.rotation],
        [point.average for point in digest.rotation],
        [point.week[5:] + (" · this week" if point.week == digest.week else "")
         for point in digest.rotation],
        highlight=current[0] if current else None)


def render_rotation_chart(digest: Digest) -> bytes:
    return charts.png(rotation_figure(digest))
