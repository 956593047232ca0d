"""The "Save as evidence" modal and the answers to `/techlead evidence`: Slack's
limits, what a person reads, nothing in a message's text turned into a ping."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot import ids
from bot.blocks import evidence_modal as em
from bot.values import EvidenceMetadata
from tests.blocks.conftest import AMPERSANDS, TRICKY, TRICKY_AS_SENT, guide_with, huge_topic
from tests.fakes import blockkit

LINK = "https://test.slack.com/archives/C0123456789/p1700000000000100"
META = EvidenceMetadata("T111", "U111", "C0123456789", "1700000000.000100", LINK,
                        "text").encode()


def element(view: dict, block_id: str) -> dict:
    return blockkit.block(view, block_id)["element"]


def modal(guide, **kwargs) -> dict:
    kwargs.setdefault("message_text", "We shipped it.")
    kwargs.setdefault("cut", False)
    kwargs.setdefault("permalink", LINK)
    view = em.build_evidence_modal(guide, META, **kwargs)
    blockkit.assert_valid_view(view)
    return view


def test_a_new_message_gets_the_suggested_dimension_preselected_and_an_optional_note(guide):
    view = modal(guide, dimension="risk", suggested=True)
    assert view["callback_id"] == ids.EVIDENCE_VIEW
    assert view["private_metadata"] == META
    assert view["submit"]["text"] == "Save"
    select = element(view, ids.EVIDENCE_DIMENSION_BLOCK)
    assert select["type"] == "static_select"
    assert [o["value"] for o in select["options"]] == [t.slug for t in guide.dimensions]
    assert select["initial_option"]["value"] == "risk"
    assert select["initial_option"]["text"]["text"] == "2. Risk Identification"
    assert "Suggested" in blockkit.block(view, ids.EVIDENCE_DIMENSION_BLOCK)["hint"]["text"]
    note = blockkit.block(view, ids.EVIDENCE_NOTE_BLOCK)
    assert note["optional"] is True  # the message's text is evidence enough
    assert note["element"]["max_length"] == em.NOTE_MAX
    assert "initial_value" not in note["element"]
    assert f"<{LINK}|open it>" in blockkit.shown(view)


def test_without_a_suggestion_nothing_is_preselected(guide):
    view = modal(guide)
    assert "initial_option" not in element(view, ids.EVIDENCE_DIMENSION_BLOCK)
    assert "hint" not in blockkit.block(view, ids.EVIDENCE_DIMENSION_BLOCK)


def test_a_message_saved_before_is_prefilled_and_says_it_updates(guide):
    view = modal(guide, dimension="reviews", note="I asked for tests & docs.")
    assert view["submit"]["text"] == "Save changes"
    assert element(view, ids.EVIDENCE_DIMENSION_BLOCK)["initial_option"]["value"] == "reviews"
    assert element(view, ids.EVIDENCE_NOTE_BLOCK)["initial_value"] == "I asked for tests & docs."
    assert "saving again updates that entry" in blockkit.shown(view)


def test_a_message_without_text_needs_a_note(guide):
    view = modal(guide, message_text="")
    assert blockkit.block(view, ids.EVIDENCE_NOTE_BLOCK)["optional"] is False
    assert "has no text I can keep" in blockkit.shown(view)


def test_a_cut_message_says_so_and_a_missing_link_too(guide):
    view = modal(guide, message_text="x" * em.MESSAGE_TEXT_MAX, cut=True, permalink=None)
    shown = blockkit.shown(view)
    assert f"I keep its first {em.MESSAGE_TEXT_MAX:,} characters" in shown
    assert "couldn't get a link" in shown
    assert "open it" not in shown


@pytest.mark.parametrize("text", [TRICKY, TRICKY_AS_SENT, AMPERSANDS, "<!here> ship it"])
def test_the_messages_text_is_shown_readable_escaped_and_clipped(guide, text):
    view = modal(guide, message_text=text)
    body = view["blocks"][0]["text"]["text"].split("\n", 1)[1]
    assert len(body) <= em.SHOWN_IN_MODAL
    assert blockkit.CONTROL.findall(body) == [], "no mention, ping or link from the message"
    assert blockkit.markup_problems(body) == []


def test_a_link_that_could_break_the_markup_is_left_out(guide):
    view = modal(guide, permalink="https://x.example/a|<!channel>")
    assert "open it" not in blockkit.shown(view)
    assert em.safe_link("javascript:alert(1)") is None
    assert em.safe_link(LINK) == LINK


def test_a_modal_for_a_guide_with_the_longest_headings():
    big = guide_with(*[replace(huge_topic(number=n), slug=f"huge{n}") for n in range(1, 10)])
    view = em.build_evidence_modal(big, META, message_text="x", cut=False, permalink=LINK,
                                   dimension="huge9", note="n" * em.NOTE_MAX)
    blockkit.assert_valid_view(view)


@pytest.mark.parametrize(("slack_text", "reads"), [
    ("thanks <@U0123|ann> and <@U0456>", "thanks @ann and @U0456"),
    ("in <#C0123|general>", "in #general"),
    ("<!here> <!channel> <!subteam^S01|@eng>", "@here @channel @eng"),
    ("see <https://x.example/a?b=1&amp;c=2|the doc> and <https://y.example>",
     "see the doc (https://x.example/a?b=1&c=2) and https://y.example"),
    ("a &lt;b&gt; &amp; c", "a <b> & c"),
    ("on <!date^1700000000^{date}|14 Nov>", "on 14 Nov"),
    ("cut short <@U01", "cut short <@U01"),
])
def test_slack_markup_reads_as_words(slack_text, reads):
    assert em.readable(slack_text) == reads


def test_the_evidence_command_answers(guide):
    for message in (em.build_evidence_usage(guide),
                    em.build_evidence_not_a_dimension(guide, TRICKY_AS_SENT),
                    em.build_evidence_note_too_long(3001),
                    em.build_evidence_saved(guide.topic("planning"), True),
                    em.build_evidence_saved(guide.topic("planning"), False),
                    em.build_evidence_open_failed(True), em.build_evidence_open_failed(False)):
        blockkit.assert_valid_message(message)
        blockkit.assert_no_pings(message)
    missed = blockkit.shown(em.build_evidence_not_a_dimension(guide, "overview"))
    for topic in guide.dimensions:
        assert f"`{topic.slug}`" in missed
    assert "“overview” is not one of them" in missed
    assert "3,001 characters; the limit is 3,000" in em.build_evidence_note_too_long(3001)["text"]
    saved = blockkit.shown(em.build_evidence_saved(guide.topic("planning"), True))
    assert "Saved to your journal under *3. Planning &amp; Estimation* ✓" in saved
    assert "`/techlead journal planning`" in saved
    assert "Updated in your journal" in em.build_evidence_saved(guide.topic("risk"), False)["text"]
