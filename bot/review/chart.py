"""The digest's charts, from figures coaching.figures made (none below the privacy floor):
the weekly one, a team's average self-rating on each dimension of the last rotation beside
the rotation before, this week's highlighted; and `/techlead digest trend`'s, each
dimension over the last three rotations. One bar per dimension, with its full title."""

from __future__ import annotations

from bot import charts
from bot.coaching.digest import Digest
from bot.coaching.trend import TeamTrend


def rotation_figure(digest: Digest):
    """The chart as a matplotlib figure (its labels are what a test reads)."""
    before, last = digest.spans
    current = [n for n, point in enumerate(digest.rotation) if point.week == digest.week]
    return charts.bar_chart(
        f"Team average self-rating, last rotation to {digest.week}",
        [point.topic.heading for point in digest.rotation],
        [point.average for point in digest.rotation],
        [point.week[5:] + (" · this week" if point.week == digest.week else "")
         for point in digest.rotation],
        highlight=current[0] if current else None,
        earlier=[(f"rotation before ({before.label})",
                  [point.previous for point in digest.rotation])],
        name=f"last rotation ({last.label})")


def render_rotation_chart(digest: Digest) -> bytes:
    return charts.png(rotation_figure(digest))


def trend_figure(trend: TeamTrend):
    """The trend chart as a matplotlib figure: the last rotation's bars, the two before
    muted above them."""
    *earlier, last = trend.rotations
    points = [d.points for d in trend.dimensions]
    return charts.bar_chart(
        f"Team average self-rating per rotation, {trend.rotations[0].first} to {last.last}",
        [d.topic.heading for d in trend.dimensions], [p[-1].average for p in points],
        [""] * len(points),
        earlier=[(r.label, [p[k].average for p in points]) for k, r in enumerate(earlier)],
        name=last.label)


def render_trend_chart(trend: TeamTrend) -> bytes:
    return charts.png(trend_figure(trend))
