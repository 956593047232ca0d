"""Help, unknown topics, and input that is no topic."""

from __future__ import annotations

import pytest

from bot.blocks.help import (
    HELP_FOOTER,
    MENTIONED_KINDS,
    build_help,
    build_not_a_topic,
    build_text_too_long,
    build_unknown_topic,
)
from bot.blocks.mrkdwn import escape, plain
from bot.subcommands import HELP_LINES
from tests.blocks.conftest import AMPERSANDS, TRICKY, TRICKY_AS_SENT, guide_with, huge_topic
from tests.fakes import blockkit


def test_help_lists_every_topic_and_every_command(guide):
    message = build_help(guide, HELP_LINES)
    blockkit.assert_valid_message(message)
    blockkit.assert_no_pings(message)
    shown = blockkit.shown(message)
    for topic in guide.topics:
        assert f"`{topic.slug}` {escape(topic.heading)} — {escape(topic.summary)}" in shown
    for usage, description in HELP_LINES:
        assert f"`{escape(usage)}` {escape(description)}" in shown
    assert "`/techlead &lt;topic&gt;`" in shown, "a placeholder, not a link to 'topic'"
    assert "`/techlead schedule &lt;day&gt; &lt;HH:MM&gt;`" in shown
    assert HELP_FOOTER in shown
    assert message["text"] == "TechLead Coach topics: " + ", ".join(t.slug for t in guide.topics)
    assert message["blocks"][0]["text"]["text"] == f"TechLead Coach: {guide.title}"


def test_help_escapes_what_it_is_given(guide):
    message = build_help(guide, [(TRICKY, TRICKY)])
    blockkit.assert_valid_message(message)
    blockkit.assert_no_pings(message)
    assert f"`{escape(TRICKY)}` {escape(TRICKY)}" in blockkit.shown(message)


def test_help_with_no_commands_and_with_far_too_many(guide):
    blockkit.assert_valid_message(build_help(guide, []))
    many = build_help(guide, [("/techlead something", "does " * 30)] * 120)
    blockkit.assert_valid_message(many)
    commands = many["blocks"][2]["text"]["text"]
    assert len(commands) == 3000 and commands.endswith("…")


def test_help_for_a_guide_at_its_limits():
    message = build_help(guide_with(huge_topic(), huge_topic(None)), HELP_LINES)
    blockkit.assert_valid_message(message)
    blockkit.assert_no_pings(message)
    assert "Guide & <Co>" in message["blocks"][0]["text"]["text"]  # plain text header


def test_unknown_topic_quotes_what_was_typed_escaped_once(guide):
    message = build_unknown_topic(guide, TRICKY_AS_SENT, ())
    blockkit.assert_valid_message(message)
    blockkit.assert_no_pings(message)
    lead = message["blocks"][0]["text"]["text"]
    # Cut to 60 characters as typed, then escaped: an entity is never cut in half.
    assert lead.startswith(f"I don't know the topic “{escape(TRICKY[:59])}…”")
    assert "&amp;amp;" not in lead and "&amp;lt;" not in lead, "escaped twice"
    assert "Try one of the topics below." in lead
    assert message["text"] == plain(lead)
    assert message["text"].startswith(
        "I don't know the topic “a &amp; b &lt; c &gt; d bold it strike code &lt;!channel&gt; "
        "&lt;@U123…”"), "the fallback drops the marks, keeps the entities"
    slugs = message["blocks"][1]["elements"][0]["text"]
    assert all(f"`{t.slug}`" in slugs for t in guide.topics)


def test_unknown_topic_clips_a_long_text_with_a_marker(guide):
    message = build_unknown_topic(guide, escape(AMPERSANDS), ())
    blockkit.assert_valid_message(message)
    assert "“" + "&amp;" * 59 + "…”" in message["text"]


def test_unknown_topic_suggests_one_or_several(guide):
    one = build_unknown_topic(guide, "planing", (guide.topic("planning"),))
    blockkit.assert_valid_message(one)
    assert ("Did you mean *planning*? `/techlead planning` (3. Planning &amp; Estimation)"
            in blockkit.shown(one))
    assert ("Did you mean planning? /techlead planning (3. Planning &amp; Estimation)"
            in one["text"])
    many = build_unknown_topic(guide, "x", guide.topics)
    blockkit.assert_valid_message(many)
    assert " or ".join(f"*{t.slug}*" for t in guide.topics) in blockkit.shown(many)
    assert " or ".join(t.slug for t in guide.topics) in many["text"]


@pytest.mark.parametrize("kind", sorted(MENTIONED_KINDS))
def test_a_mention_where_a_topic_belongs(guide, kind):
    message = build_not_a_topic(guide, kind)
    blockkit.assert_valid_message(message)
    blockkit.assert_no_pings(message)
    assert f"takes a topic, not {MENTIONED_KINDS[kind]}." in message["text"]


def test_text_too_long(guide):
    message = build_text_too_long(guide, 1_000_000)
    blockkit.assert_valid_message(message)
    assert "That text is 1,000,000 characters long" in message["text"]
