"""`/techlead history`: a person's own reflections, newest first, a page at a time."""

from __future__ import annotations

from bot import ids
from bot.blocks import elements as bk
from bot.blocks.mrkdwn import escape, escape_within
from bot.blocks.nudge import RATING_LABELS
from bot.blocks.sharing import tag
from bot.values import Numbered
from content import Guide

PER_PAGE = 5
# A section holds 3,000 characters, but Slack refuses a message with much more than
# 12,000 characters of text in all (msg_blocks_too_long): five of these and their heading
# lines stay under it.
SHOWN_CHARS = 2000


def reflection_line(guide: Guide, row) -> str:
    """Heading line plus the escaped, clipped text of one stored reflection."""
    try:
        heading = guide.topic(row.dimension).heading
    except KeyError:
        heading = row.dimension
    shared = tag(row.sharing)
    return (f"*{escape(heading)}* · {row.week} · {row.rating}/5, "
            f"{RATING_LABELS.get(row.rating, '')}{shared}\n"
            f"{escape_within(row.text, SHOWN_CHARS)}")


def build_history(guide: Guide, rows: list, total: int, page: int) -> dict:
    if total == 0:
        text = ("You have no reflections yet. `/techlead reflect` starts one; "
                "`/techlead subscribe` brings a weekly prompt.")
        return bk.message(text, [bk.section(text)])
    pages = (total + PER_PAGE - 1) // PER_PAGE
    blocks = [bk.header("Your reflections")]
    blocks += [bk.section(reflection_line(guide, row)) for row in rows]
    blocks.append(bk.context(f"Page {page} of {pages} · {total} reflections · only you see "
                             "this"))
    # Both buttons are HISTORY_PAGE, and an action_id must be unique within its block:
    # one block each.
    if page > 1:
        blocks.append(bk.actions(f"{ids.HISTORY_PAGES}_newer", bk.button(
            "Newer", ids.HISTORY_PAGE, Numbered(page - 1).encode())))
    if page < pages:
        blocks.append(bk.actions(f"{ids.HISTORY_PAGES}_older", bk.button(
            "Older", ids.HISTORY_PAGE, Numbered(page + 1).encode())))
    return bk.message(f"Your reflections, page {page} of {pages}", blocks)
