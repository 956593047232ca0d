"""Plain-text rendering for a terminal (the CLI and anyone checking content by eye)."""

from __future__ import annotations

import re
import textwrap

from .model import Guide, Topic

SEPARATOR = " | "
ENGINEER, LEAD = "Software Engineer", "Tech Lead"
# Below this a column cannot hold a typical word, so the table never gets narrower
# (30 characters with a label column, 19 without) whatever width is asked for.
MIN_COLUMN = 8
# The overview's label column takes at most this share of the width; the roles matter more.
LABEL_SHARE = 0.3
HELP_ALIASES = 4

# Guide cells use Slack mrkdwn; only whole-word markers count, so snake_case survives.
_BOLD = re.compile(r"(?<!\w)\*(\S(?:.*?\S)?)\*(?!\w)")
_ITALIC = re.compile(r"(?<!\w)_(\S(?:.*?\S)?)_(?!\w)")


def plain(text: str) -> str:
    """Drop mrkdwn emphasis: "*and*" -> "and", "_x_" -> "x"."""
    return _ITALIC.sub(r"\1", _BOLD.sub(r"\1", text))


def render_topic(topic: Topic, width: int = 100) -> str:
    labelled = any(row.label for row in topic.rows)
    headers = ["", ENGINEER, LEAD] if labelled else [ENGINEER, LEAD]
    table = [[plain(row.label or ""), plain(row.engineer), plain(row.lead)] if labelled
             else [plain(row.engineer), plain(row.lead)] for row in topic.rows]
    widths = _column_widths(headers, table, width)
    wrapped = [[_wrap(cell, w) for cell, w in zip(cells, widths, strict=True)] for cells in table]
    rule = "-+-".join("-" * w for w in widths)
    # Rows that wrap onto several lines blur together without a rule between them.
    between = [rule] if any(len(lines) > 1 for cells in wrapped for lines in cells) else []
    out = [*_wrap(topic.heading, width), ""]
    out += _row_lines([_wrap(h, w) for h, w in zip(headers, widths, strict=True)], widths)
    out.append(rule)
    for k, cells in enumerate(wrapped):
        out += (between if k else []) + _row_lines(cells, widths)
    if topic.key_difference:
        out += ["", "Key difference:"]
        for line in topic.key_difference:
            out += textwrap.wrap(plain(line), width, initial_indent="> ",
                                 subsequent_indent="> ", break_on_hyphens=False)
    return "\n".join(out)


def render_help(guide: Guide) -> str:
    """One entry per topic: slug and summary, then a few other names it answers to."""
    pad = max(len(t.slug) for t in guide.topics) + 2
    out = [f"{guide.title}: topics", ""]
    for topic in guide.topics:
        names = ([str(topic.number)] if topic.is_dimension else []) + list(topic.aliases)
        out.append(f"  {topic.slug:<{pad}}{plain(topic.summary)}")
        out.append(f"  {'':<{pad}}also: {', '.join(names[:HELP_ALIASES])}")
    return "\n".join(out)


def _column_widths(headers: list[str], table: list[list[str]], width: int) -> list[int]:
    """Label column sized to its content (capped); the two roles share the rest equally."""
    columns = len(headers)
    available = max(width - len(SEPARATOR) * (columns - 1), MIN_COLUMN * columns)
    if columns == 2:
        return [available // 2, available - available // 2]
    longest = max(len(cells[0]) for cells in [headers, *table])
    label = max(MIN_COLUMN, min(longest, int(available * LABEL_SHARE)))
    rest = available - label
    return [label, rest // 2, rest - rest // 2]


def _wrap(text: str, width: int) -> list[str]:
    # Keep hyphenated words ("post-delivery") whole; textwrap splits them by default.
    return textwrap.wrap(text, max(width, 1), break_on_hyphens=False) or [""]


def _row_lines(cells: list[list[str]], widths: list[int]) -> list[str]:
    """Side-by-side wrapped cells, padded so every column lines up."""
    height = max(len(lines) for lines in cells)
    padded = [lines + [""] * (height - len(lines)) for lines in cells]
    return [
        SEPARATOR.join(f"{lines[n]:<{w}}" for lines, w in zip(padded, widths, strict=True)).rstrip()
        for n in range(height)
    ]
