"""The weekly nudge, the reminder and the answered nudge."""

from __future__ import annotations

import pytest

from bot import ids
from bot.blocks.nudge import RATING_LABELS, build_nudge, build_reflected, build_reminder
from bot.values import ReflectTarget
from tests.blocks.conftest import WEEK, huge_topic
from tests.fakes import blockkit


def reflect_target(message: dict) -> ReflectTarget:
    actions = blockkit.block(message, ids.NUDGE_ACTIONS)
    (button,) = actions["elements"]
    assert button["action_id"] == ids.OPEN_REFLECTION and button["style"] == "primary"
    target = ReflectTarget.decode(button["value"])
    assert target is not None
    return target


def test_every_dimensions_nudge_is_valid_and_opens_its_reflection(guide):
    for topic in guide.dimensions:
        nudge = build_nudge(topic, WEEK)
        blockkit.assert_valid_message(nudge)
        blockkit.assert_no_pings(nudge)
        assert nudge["blocks"][0] == {"type": "header", "text": {
            "type": "plain_text", "text": f"This week: {topic.heading}"}}
        assert reflect_target(nudge) == ReflectTarget(WEEK, topic.slug)
        shown = blockkit.shown(nudge)
        assert all(q in shown for q in topic.questions)
        assert all(r.engineer in shown and r.lead in shown for r in topic.rows)
        assert WEEK in shown and "`/techlead unsubscribe`" in shown


def test_the_fallback_escapes_the_heading(guide):
    nudge = build_nudge(guide.topic("planning"), WEEK)
    assert nudge["text"] == "This week's reflection: 3. Planning &amp; Estimation"


def test_a_topic_at_the_guides_limits_still_fits():
    topic = huge_topic()
    nudge = build_nudge(topic, WEEK)
    blockkit.assert_valid_message(nudge)
    header = nudge["blocks"][0]["text"]["text"]
    assert len(header) == 150 and header.endswith("…")
    assert "&lt;Reward&gt;" in nudge["text"]


def test_the_reminder(guide, topic):
    reminder = build_reminder(topic, WEEK)
    blockkit.assert_valid_message(reminder)
    assert reflect_target(reminder) == ReflectTarget(WEEK, "planning")
    assert "*3. Planning &amp; Estimation*" in blockkit.shown(reminder)
    assert reminder["text"] == "Reminder: reflect on 3. Planning &amp; Estimation"
    blockkit.assert_valid_message(build_reminder(huge_topic(), WEEK))


@pytest.mark.parametrize("rating", [1, 2, 3, 4, 5])
def test_the_answered_nudge_shows_the_rating_and_offers_an_edit(topic, rating):
    done = build_reflected(topic, WEEK, rating)
    blockkit.assert_valid_message(done)
    shown = blockkit.shown(done)
    assert f"you rated yourself {rating}/5, {RATING_LABELS[rating]}." in shown
    assert "Planning &amp; Estimation" in shown
    assert done["text"] == f"Reflected ✓ 3. Planning &amp; Estimation: {rating}/5"
    (button,) = blockkit.buttons(done)
    assert button["text"]["text"] == "Edit reflection"
    assert reflect_target(done) == ReflectTarget(WEEK, "planning")
