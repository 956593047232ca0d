"""`/techlead history`: a person's own reflections, a page at a time."""

from __future__ import annotations

import pytest

from bot import ids
from bot.blocks.history import PER_PAGE, SHOWN_CHARS, build_history, reflection_line
from bot.blocks.mrkdwn import escape
from bot.values import Numbered
from storage.models import KEEP_PRIVATE, SHARING_LEVELS
from tests.blocks.conftest import (
    AMPERSANDS,
    LONG,
    TRICKY,
    WEEK,
    guide_with,
    huge_topic,
    reflection,
)
from tests.fakes import blockkit


def pages(message: dict) -> dict[str, int]:
    """The paging buttons: label -> the page it asks for."""
    found = {}
    for button in blockkit.buttons(message):
        assert button["action_id"] == ids.HISTORY_PAGE
        decoded = Numbered.decode(button["value"])
        assert decoded is not None
        found[button["text"]["text"]] = decoded.number
    return found


def test_no_reflections_yet(guide):
    message = build_history(guide, [], 0, 1)
    blockkit.assert_valid_message(message)
    assert message["text"].startswith("You have no reflections yet.")
    assert blockkit.buttons(message) == []


def test_one_reflection(guide):
    message = build_history(guide, [reflection(text=TRICKY)], 1, 1)
    blockkit.assert_valid_message(message)
    blockkit.assert_no_pings(message)
    assert message["blocks"][0]["text"]["text"] == "Your reflections"
    assert message["blocks"][1]["text"]["text"] == (
        f"*3. Planning &amp; Estimation* · {WEEK} · 4/5, more Tech Lead\n{escape(TRICKY)}")
    assert "Page 1 of 1 · 1 reflections" in blockkit.shown(message)
    assert pages(message) == {}
    assert message["text"] == "Your reflections, page 1 of 1"


@pytest.mark.parametrize("text", [LONG, AMPERSANDS, TRICKY * 40])
def test_a_full_page_of_the_longest_reflections_fits_in_one_message(guide, text):
    rows = [reflection(text=text, id=n, sharing=SHARING_LEVELS[(n + 2) % 3], rating=n % 5 + 1)
            for n in range(PER_PAGE)]
    message = build_history(guide, rows, 12, 2)
    blockkit.assert_valid_message(message)
    blockkit.assert_no_pings(message)
    sections = [b["text"]["text"] for b in message["blocks"][1:1 + PER_PAGE]]
    for section in sections:
        head, body = section.split("\n", 1)
        assert body.endswith("…"), "clipped, and marked"
        assert escape(text).startswith(body[:-1])
        assert len(body) <= SHOWN_CHARS
    assert sections[0].split("\n")[0].endswith("1/5, mostly Software Engineer · private")
    assert sections[1].split("\n")[0].endswith("2/5, more Software Engineer")


def test_a_page_of_reflections_on_a_topic_at_the_guides_limits(guide):
    big = guide_with(huge_topic())
    rows = [reflection("huge", text=LONG, id=n, sharing=KEEP_PRIVATE) for n in range(PER_PAGE)]
    blockkit.assert_valid_message(build_history(big, rows, 5, 1))


@pytest.mark.parametrize(("page", "expected"), [
    (1, {"Older": 2}), (2, {"Newer": 1, "Older": 3}), (3, {"Newer": 2}),
])
def test_paging_buttons(guide, page, expected):
    rows = [reflection(id=n) for n in range(PER_PAGE if page < 3 else 2)]
    message = build_history(guide, rows, 2 * PER_PAGE + 2, page)
    blockkit.assert_valid_message(message)
    assert pages(message) == expected
    assert f"Page {page} of 3 · 12 reflections" in blockkit.shown(message)
    assert message["text"] == f"Your reflections, page {page} of 3"


def test_newer_comes_before_older(guide):
    message = build_history(guide, [reflection()], 12, 2)
    assert [b["text"]["text"] for b in blockkit.buttons(message)] == ["Newer", "Older"]


def test_a_reflection_on_a_topic_the_guide_no_longer_has(guide):
    line = reflection_line(guide, reflection("gone & <away>", rating=1))
    assert line.startswith(f"*gone &amp; &lt;away&gt;* · {WEEK} · 1/5, mostly Software")
    assert blockkit.markup_problems(line) == []


def test_a_rating_without_a_label_shows_no_label(guide):
    line = reflection_line(guide, reflection(rating=0))
    assert f"· {WEEK} · 0/5, \n" in line
