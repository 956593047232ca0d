"""Safe text: escaping, clipping with a marker, never cutting markup in half."""

from __future__ import annotations

import pytest

from bot.blocks.mrkdwn import clip, clip_mrkdwn, escape, escape_within, typed, unescape
from tests.blocks.conftest import AMPERSANDS, LONG, TRICKY, TRICKY_AS_SENT
from tests.fakes import blockkit


def test_escape_turns_the_three_control_characters_into_entities():
    assert escape("a & b < c > d") == "a &amp; b &lt; c &gt; d"
    assert escape("&lt;") == "&amp;lt;", "an entity someone typed shows as typed"
    assert escape("<!channel> <@U123>") == "&lt;!channel&gt; &lt;@U123&gt;"
    assert blockkit.markup_problems(escape(TRICKY)) == []
    assert blockkit.CONTROL.search(escape(TRICKY)) is None


def test_unescape_undoes_slack_escaping_once():
    assert unescape(TRICKY_AS_SENT) == TRICKY
    assert unescape(escape("&amp;lt;")) == "&amp;lt;"
    assert unescape(escape(TRICKY)) == TRICKY


@pytest.mark.parametrize("limit", [1, 2, 10, 75, 150])
def test_clip_marks_the_cut(limit):
    assert clip("short", 150) == "short"
    clipped = clip(LONG, limit)
    assert len(clipped) == limit and clipped.endswith("…")
    assert LONG.startswith(clipped[:-1])


def test_clip_mrkdwn_never_cuts_an_entity_or_a_mention_in_half():
    text = escape("a & b") + " <@U0123456789> " + escape("<c>") + " <https://x.example|x> end"
    for limit in range(1, len(text) + 2):
        clipped = clip_mrkdwn(text, limit)
        assert len(clipped) <= limit
        assert blockkit.markup_problems(clipped) == [], (limit, clipped)
        if len(text) > limit:
            assert clipped.endswith("…")
            assert text.startswith(clipped[:-1])
        else:
            assert clipped == text


@pytest.mark.parametrize("text", [LONG, AMPERSANDS, TRICKY * 40])
@pytest.mark.parametrize("limit", [1, 5, 6, 599, 600, 2700, 3000])
def test_escape_within_fits_and_never_splits_an_entity(text, limit):
    shown = escape_within(text, limit)
    assert len(shown) <= limit
    assert blockkit.markup_problems(shown) == []
    assert blockkit.CONTROL.search(shown) is None
    if len(escape(text)) > limit:
        assert shown.endswith("…")
        assert escape(text).startswith(shown[:-1])
    else:
        assert shown == escape(text)


def test_escape_within_keeps_as_much_as_fits():
    shown = escape_within(AMPERSANDS, 600)
    assert shown == "&amp;" * 119 + "…"  # 119 × 5 + 1 = 596; a 120th would not fit


def test_typed_text_is_shown_once_escaped_and_clipped_with_a_marker():
    assert typed(TRICKY_AS_SENT, 500) == escape(TRICKY)
    assert typed("a   b\n c", 60) == "a b c"
    long = typed(escape("&" * 100), 20)
    assert long == "&amp;" * 19 + "…"
    assert blockkit.markup_problems(typed(TRICKY_AS_SENT, 30)) == []
