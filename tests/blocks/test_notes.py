"""Short ephemeral notes: one section, an optional hint, extra blocks in between."""

from __future__ import annotations

from bot.blocks import elements as bk
from bot.blocks.notes import build_note, build_sorry
from tests.fakes import blockkit


def test_a_note_is_its_text_as_section_and_fallback():
    note = build_note("Done &amp; dusted.")
    blockkit.assert_valid_message(note)
    assert note == {"text": "Done &amp; dusted.", "blocks": [
        {"type": "section", "text": {"type": "mrkdwn", "text": "Done &amp; dusted."}}]}


def test_the_hint_comes_last_as_context_after_any_extra_blocks():
    extra = bk.actions("extra", bk.button("Go", "go", "1"))
    note = build_note("Text", "A hint", extra)
    blockkit.assert_valid_message(note)
    assert [b["type"] for b in note["blocks"]] == ["section", "actions", "context"]
    assert note["blocks"][2]["elements"][0]["text"] == "A hint"
    assert [b["type"] for b in build_note("Text", None, extra)["blocks"]] == ["section",
                                                                           "actions"]
    assert [b["type"] for b in build_note("Text", "")["blocks"]] == ["section"]


def test_a_note_too_long_for_a_section_is_clipped_with_a_marker():
    note = build_note("word " * 1000, "hint " * 1000)
    blockkit.assert_valid_message(note)
    section, hint = note["blocks"]
    assert section["text"]["text"].endswith("…") and len(section["text"]["text"]) == 3000
    assert hint["elements"][0]["text"].endswith("…")
    assert note["text"].endswith("…")


def test_sorry():
    sorry = build_sorry()
    blockkit.assert_valid_message(sorry)
    assert "something went wrong on my side" in sorry["text"]
    assert "try again" in blockkit.shown(sorry)
