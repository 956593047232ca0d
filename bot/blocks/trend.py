"""A team's averages across rotations in words: the weekly chart's text fallback and alt
text (the last rotation beside the one before), and `/techlead digest trend`'s table.
Every figure here comes from coaching.figures; a missing one shows as "–", said why."""

from __future__ import annotations

from bot.blocks import elements as bk
from bot.blocks.digest import FLOOR_REASON
from bot.blocks.mrkdwn import clip, escape, plural
from bot.coaching.digest import Digest
from bot.coaching.trend import TeamTrend
from content import Topic

NO_FIGURE = "–"
HEAD = "Dimension"  # a table's first column: a code block's first line must not start blank
TITLE_CELL = 28  # a table's dimension column, before escaping
ALT_TITLE = 40  # a dimension's title in alt text, which should stay short to be read out
FALLBACK_TEXT = "Average self-rating over the last rotation and the one before"


def value(average: float | None) -> str:
    return NO_FIGURE if average is None else f"{average:.1f}"


def title_cell(topic: Topic) -> str:
    """`N. Title` padded to one width in a code block ("&amp;" shows as one character, so
    the title is padded before it is escaped)."""
    return f"{topic.number}. {escape(f'{clip(topic.title, TITLE_CELL):<{TITLE_CELL}}')}"


def no_figure_note(floor: int) -> str:
    """Why a "–" stands where a figure would be."""
    if floor <= 1:
        return f"{NO_FIGURE} : no shared ratings that week."
    return (f"{NO_FIGURE} : no figure; one needs {plural(floor, 'shared rating')} in its "
            f"week, {FLOOR_REASON}. Private answers never count.")


def build_chart_fallback(digest: Digest) -> dict:
    """The chart's figures as text, when its image cannot be uploaded."""
    before, last = digest.spans
    lines = [f"{HEAD:<{TITLE_CELL + 3}} {'before':>6} {'last':>6}"]
    for point in digest.rotation:
        mark = " ◀ this week" if point.week == digest.week else ""
        lines.append(f"{title_cell(point.topic)} {value(point.previous):>6} "
                     f"{value(point.average):>6}{mark}")
    text = (f"*Average self-rating over the last rotation ({last.label}) and the one before "
            f"({before.label})*\n```" + "\n".join(lines) + "```")
    blocks = [bk.section(text)]
    if any(None in (p.average, p.previous) for p in digest.rotation):
        blocks.append(bk.context(no_figure_note(digest.floor)))
    return bk.message(FALLBACK_TEXT, blocks)


def chart_file(digest: Digest) -> dict:
    """The chart upload's file name, title and alt text (files.uploadV2 arguments); the
    alt text reads out both series."""
    before, last = digest.spans
    bars = "; ".join(f"{clip(p.topic.heading, ALT_TITLE)} {value(p.average)} "
                     f"(before {value(p.previous)})" for p in digest.rotation)
    missing = any(None in (p.average, p.previous) for p in digest.rotation)
    return {"filename": f"team-rotation-{digest.week}.png",
            "title": f"Team average self-rating, last rotation to {digest.week}",
            "alt_txt": (f"Bar chart of the team's average self-rating per dimension over the "
                        f"last rotation, {last.label}, each beside the rotation before, "
                        f"{before.label}: {bars}."
                        + (f" {no_figure_note(digest.floor)}" if missing else ""))}


def trend_table(trend: TeamTrend) -> str:
    """Dimension by rotation, oldest first, in a code block."""
    width = max(len(r.label) for r in trend.rotations)
    lines = [f"{HEAD:<{TITLE_CELL + 3}}" + "".join(f"  {r.label:>{width}}"
                                                   for r in trend.rotations)]
    lines += [title_cell(d.topic) + "".join(f"  {value(p.average):>{width}}"
                                            for p in d.points) for d in trend.dimensions]
    return "```" + "\n".join(lines) + "```"


CHART_NOTES = {
    True: "The chart of these figures is in our DM.",
    False: "I couldn't send the chart just now; the table has the same figures.",
    None: "No chart yet: no rotation has enough shared ratings for a figure.",
}


def build_team_trend(trend: TeamTrend, *, chart_attached: bool | None) -> dict:
    """`/techlead digest trend`: the table, the floor, and whether the chart was sent
    (None: there was nothing to draw)."""
    first, last = trend.rotations[0], trend.rotations[-1]
    rotations = plural(len(trend.rotations), "rotation")
    heading = (f"*Your team's average self-rating per dimension, {rotations} from "
               f"{first.first} to {last.last}* (nine weeks each; a figure averages the "
               "ratings shared on the dimension's week)")
    blocks = [bk.header(f"Team trend · {trend.week}"),
              bk.section(heading + "\n" + trend_table(trend)),
              bk.context(no_figure_note(trend.floor)),
              bk.context(CHART_NOTES[chart_attached])]
    return bk.message(f"Team trend to {trend.week}: average self-rating per dimension over "
                      f"{rotations}", blocks)


def trend_chart_file(trend: TeamTrend) -> dict:
    """The trend chart upload's file name, title and alt text, every figure read out."""
    first, last = trend.rotations[0], trend.rotations[-1]
    labels = ", ".join(r.label for r in trend.rotations)
    bars = "; ".join(f"{clip(d.topic.heading, ALT_TITLE)} "
                     + ", ".join(value(p.average) for p in d.points) for d in trend.dimensions)
    return {"filename": f"team-trend-{trend.week}.png",
            "title": f"Team average self-rating per rotation, {first.first} to {last.last}",
            "alt_txt": (f"Bar chart of the team's average self-rating per dimension, one bar "
                        f"per rotation, oldest first ({labels}): {bars}. "
                        f"{no_figure_note(trend.floor)}")}
