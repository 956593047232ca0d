"""One follow-up that coaches: a thin reflection gets one question written for its
dimension, once, with a way back into the modal; none when turned off."""

from __future__ import annotations

import pytest

from bot import ids
from bot.grow.followups import is_thin
from bot.values import FormMetadata
from content import default_guide
from tests.fakes import payloads
from tests.fakes.helpers import ask, sharing_values, shown

UNDERSTANDING = default_guide().topic("understanding")
RICH = ("On Tuesday in the planning meeting I asked product to write down the non-goals "
        "before we estimated, and after that the two teams stopped arguing about scope, "
        "which saved us most of a sprint of rework on the billing migration.")


def submit(slack, text: str) -> None:
    meta = FormMetadata("T111", "U111", "2026-W49", "understanding", "D111",
                        "1700000000.000001").encode()
    reply = slack.post(payloads.view_submission(
        callback_id=ids.REFLECTION_VIEW, private_metadata=meta, values={
            ids.RATING_BLOCK: {ids.RATING_ACTION: {"selected_option": {"value": "3"}}},
            ids.TEXT_BLOCK: {ids.TEXT_ACTION: {"value": text}}, **sharing_values()}))
    assert (reply.status, reply.body) == (200, b"")


def confirmations(slack_api) -> list[dict]:
    return [c.body for c in slack_api.calls("chat.update")]


@pytest.mark.parametrize("text, thin", [
    ("It went fine.", True),
    ("I did my tasks and helped where I could and that was my week really, nothing else to "
     "report about it at all, honestly, it was just an ordinary week of work for me", True),
    (RICH, False),
])
def test_what_counts_as_thin(text, thin):
    assert is_thin(text) is thin


def test_a_thin_reflection_gets_one_followup_once(slack, slack_api, deps):
    submit(slack, "It went fine.")
    assert deps.background.wait_idle(5)
    (done,) = confirmations(slack_api)
    text = shown(done)
    assert any(q in text for q in UNDERSTANDING.followups)
    buttons = [e for b in done["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert [(b["action_id"], b["text"]["text"]) for b in buttons] == [
        (ids.OPEN_REFLECTION, "Add to my reflection")]
    submit(slack, "Still fine.")  # an edit of the same week's reflection
    assert deps.background.wait_idle(5)
    again = confirmations(slack_api)[-1]
    assert not any(q in shown(again) for q in UNDERSTANDING.followups)
    assert "Edit reflection" in shown(again)


def test_a_rich_reflection_gets_none(slack, slack_api, deps):
    submit(slack, RICH)
    assert deps.background.wait_idle(5)
    (done,) = confirmations(slack_api)
    assert not any(q in shown(done) for q in UNDERSTANDING.followups)


def test_followups_can_be_turned_off(slack, slack_api, deps):
    assert "Follow-up questions are now off" in shown(ask(slack, slack_api, "followups off"))
    submit(slack, "It went fine.")
    assert deps.background.wait_idle(5)
    (done,) = confirmations(slack_api)
    assert not any(q in shown(done) for q in UNDERSTANDING.followups)
    assert "are on" in shown(ask(slack, slack_api, "followups on")).replace("now ", "")
