"""Safe text: escaping, clipping with a marker, never cutting markup in half."""

from __future__ import annotations

import pytest

from bot.blocks.mrkdwn import (
    clip,
    clip_mrkdwn,
    escape,
    escape_within,
    plain,
    plural,
    typed,
    unescape,
)
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


@pytest.mark.parametrize(("count", "expected"), [
    (0, "0 reflections"), (1, "1 reflection"), (2, "2 reflections"), (1200, "1,200 reflections"),
])
def test_plural(count, expected):
    assert plural(count, "reflection") == expected


def test_plural_of_several_words_and_an_irregular_one():
    assert plural(1, "team membership") == "1 team membership"
    assert plural(3, "team membership") == "3 team memberships"
    assert plural(1, "person", "people") == "1 person"
    assert plural(2, "person", "people") == "2 people"


@pytest.mark.parametrize(("text", "expected"), [
    ("*Your team* (2 members)", "Your team (2 members)"),
    ("an _aside_, ~gone~ and `/techlead team`.", "an aside, gone and /techlead team."),
    ("*`/techlead x`* and _*both*_", "/techlead x and both"),
    ("```5 ███ 1\n4 ██ 2```", "5 ███ 1\n4 ██ 2"),
    (">quoted\n> also quoted\nnot &gt; this", "quoted\nalso quoted\nnot &gt; this"),
    ("snake_case_name, 2 * 3 * 4, a*b*c, * not bold *", "snake_case_name, 2 * 3 * 4, a*b*c, "
                                                        "* not bold *"),
    ("a &amp; b &lt;c&gt; <@U0123456789> <!here>", "a &amp; b &lt;c&gt; <@U0123456789> <!here>"),
])
def test_plain_drops_the_marks_and_keeps_entities_and_mentions(text, expected):
    assert plain(text) == expected


def test_plain_leaves_an_unpaired_mark_alone_rather_than_pairing_it_with_the_next_run():
    """Typed text cut short can leave a mark open; the template's own marks after it still
    pair with each other."""
    text = "“a `cod…” is not a number, e.g. `/techlead pause 2`."
    assert plain(text) == "“a `cod…” is not a number, e.g. /techlead pause 2."
    assert plain("“*bold…” then *this* and `that`") == "“*bold…” then this and that"


def test_plain_of_what_a_person_typed_keeps_it_escaped():
    assert plain(escape(TRICKY)) == ("a &amp; b &lt; c &gt; d bold it strike code "
                                     "&lt;!channel&gt; &lt;@U123&gt; &lt;https://x.example|ok&gt;")
    assert blockkit.CONTROL.search(plain(escape(TRICKY))) is None
