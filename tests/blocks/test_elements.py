"""The small constructors: each keeps its text inside Slack's limits, marking any cut."""

from __future__ import annotations

from bot.blocks import elements as bk
from bot.blocks.mrkdwn import escape
from tests.blocks.conftest import AMPERSANDS, users
from tests.fakes import blockkit

LONG = "words and more words " * 200  # 4,200 characters of mrkdwn, nothing to escape


def one(block: dict) -> dict:
    message = bk.message("fallback", [block])
    blockkit.assert_valid_message(message)
    return block


def test_header_is_plain_text_clipped_to_150():
    assert one(bk.header("Title & <co>"))["text"] == {"type": "plain_text",
                                                     "text": "Title & <co>"}
    text = one(bk.header(LONG))["text"]["text"]
    assert len(text) == 150 and text.endswith("…")


def test_section_text_and_fields_are_clipped_with_a_marker():
    block = one(bk.section(LONG, fields=[LONG, "short"]))
    assert len(block["text"]["text"]) == 3000 and block["text"]["text"].endswith("…")
    first, second = block["fields"]
    assert len(first["text"]) == 2000 and first["text"].endswith("…")
    assert second == {"type": "mrkdwn", "text": "short"}


def test_a_section_of_escaped_text_is_never_cut_inside_an_entity():
    for extra in range(5):
        block = one(bk.section("x" * extra + escape(AMPERSANDS)))
        assert block["text"]["text"].endswith("&amp;…")


def test_a_section_of_mentions_is_never_cut_inside_a_mention():
    names = ", ".join(f"<@{u}>" for u in users(250))
    block = one(bk.section(names))
    text = block["text"]["text"]
    assert text.endswith("…") and len(text) <= 3000
    assert blockkit.markup_problems(text) == []


def test_section_fields_alone_and_text_alone():
    assert "text" not in one(bk.section(fields=["a", "b"]))
    assert "fields" not in one(bk.section("a"))


def test_context_elements_are_mrkdwn_clipped_to_2000():
    block = one(bk.context("one", LONG))
    assert [e["type"] for e in block["elements"]] == ["mrkdwn", "mrkdwn"]
    assert len(block["elements"][1]["text"]) == 2000
    assert block["elements"][1]["text"].endswith("…")


def test_button_text_is_clipped_to_75_and_keeps_its_value():
    element = bk.button(LONG, "act", "value", style="danger")
    block = one(bk.actions("blk", element))
    assert block == {"type": "actions", "block_id": "blk", "elements": [element]}
    assert len(element["text"]["text"]) == 75 and element["text"]["text"].endswith("…")
    assert (element["action_id"], element["value"], element["style"]) == ("act", "value",
                                                                           "danger")
    assert "style" not in bk.button("Go", "act", "v")


def test_divider():
    assert one(bk.divider()) == {"type": "divider"}


def test_message_fallback_is_clipped_to_3000_without_breaking_markup():
    message = bk.message(escape(AMPERSANDS), [bk.section("x")])
    assert len(message["text"]) <= 3000 and message["text"].endswith("&amp;…")
    blockkit.assert_valid_message(message)
    assert bk.message("short", [])["text"] == "short"


def test_message_fallback_is_plain_words_keeping_entities_and_mentions():
    message = bk.message("*Done* for <@U0123456789>: `/techlead team` &amp; _more_\n>quoted",
                         [bk.section("x")])
    assert message["text"] == "Done for <@U0123456789>: /techlead team &amp; more\nquoted"
    blockkit.assert_valid_message(message)
