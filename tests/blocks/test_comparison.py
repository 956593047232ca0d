"""`/techlead <topic>`: the comparison, its Share button, and the shared copy."""

from __future__ import annotations

from bot import ids
from bot.blocks.comparison import (
    build_comparison,
    build_share_failed,
    build_topic_gone,
    comparison_text,
)
from bot.blocks.mrkdwn import clip
from tests.blocks.conftest import guide_with, huge_topic
from tests.fakes import blockkit


def test_every_topic_of_the_guide_is_valid_with_a_share_button(guide):
    for topic in guide.topics:
        message = build_comparison(guide, topic)
        blockkit.assert_valid_message(message)
        blockkit.assert_no_pings(message)
        assert message["blocks"][0]["text"]["text"] == topic.heading
        share = blockkit.button(message, ids.SHARE_TOPIC)
        assert share["value"] == topic.slug and share["text"]["text"] == "Share in channel"
        assert blockkit.block(message, ids.COMPARISON_ACTIONS)["elements"] == [share]
        shown = blockkit.shown(message)
        assert all(r.engineer in shown and r.lead in shown for r in topic.rows)
        assert all(line in shown for line in topic.key_difference)


def test_the_two_roles_are_side_by_side_row_by_row(guide):
    topic = guide.topic("risk")
    message = build_comparison(guide, topic)
    rows = [b for b in message["blocks"] if b["type"] == "section" and "fields" in b]
    assert [[f["text"] for f in b["fields"]] for b in rows] == [
        ["*Software Engineer*", "*Tech Lead*"], *([r.engineer, r.lead] for r in topic.rows)]


def test_the_overviews_labels_head_each_row(guide):
    topic = guide.topic("overview")
    message = build_comparison(guide, topic)
    labelled = [b["text"]["text"] for b in message["blocks"]
                if b["type"] == "section" and "fields" in b and "text" in b]
    assert labelled == [f"*{r.label}*" for r in topic.rows]


def test_next_topic_is_named_with_its_heading_escaped(guide):
    message = build_comparison(guide, guide.topic("risk"))  # the next one is planning
    context = [b for b in message["blocks"] if b["type"] == "context"]
    assert context[0]["elements"][0]["text"].startswith(
        "Next: `/techlead planning` (3. Planning &amp; Estimation)")
    last = build_comparison(guide, guide.topics[-1])  # wraps round to the first
    assert f"`/techlead {guide.topics[0].slug}`" in blockkit.shown(last)


def test_the_shared_copy_names_who_shared_and_has_no_button(guide, topic):
    shared = build_comparison(guide, topic, shared_by="U0123456789")
    blockkit.assert_valid_message(shared)
    blockkit.assert_no_pings(shared, {"U0123456789"})
    assert blockkit.mentioned(shared) == {"U0123456789"}
    assert blockkit.buttons(shared) == []
    assert "Shared by <@U0123456789> · try `/techlead planning` yourself" in (
        blockkit.shown(shared))


def test_the_fallback_lists_every_row(guide, topic):
    text = comparison_text(topic)
    assert text.splitlines()[0] == "3. Planning &amp; Estimation: Software Engineer vs Tech Lead"
    assert all(f"• {r.engineer} → {r.lead}" in text for r in topic.rows)
    assert build_comparison(guide, topic)["text"] == text
    overview = comparison_text(guide.topic("overview"))
    assert all(f"• {r.label}: " in overview for r in guide.topic("overview").rows)


def test_topics_at_the_guides_limits_still_fit():
    big, labelled = huge_topic(), huge_topic(None, 2, labels=True)
    guide = guide_with(big, labelled)
    for topic in guide.topics:
        for shared_by in (None, "U0123456789"):
            message = build_comparison(guide, topic, shared_by=shared_by)
            blockkit.assert_valid_message(message)
            assert message["blocks"][0]["text"]["text"] == clip(topic.heading, 150)
    assert len(big.heading) > 150 and clip(big.heading, 150).endswith("…")


def test_a_guide_with_one_topic_points_next_to_itself():
    topic = huge_topic()
    message = build_comparison(guide_with(topic), topic)
    blockkit.assert_valid_message(message)
    assert "Next: `/techlead huge` (9. Risk &amp; &lt;Reward&gt;" in blockkit.shown(message)


def test_topic_gone_and_share_failed():
    for message in (build_topic_gone(), build_share_failed()):
        blockkit.assert_valid_message(message)
    assert "`/techlead help`" in blockkit.shown(build_topic_gone())
    assert build_topic_gone()["text"] == "That topic no longer exists; try /techlead help."
    assert "couldn't share" in build_share_failed()["text"]
