"""Every failure gets an answer: with the database gone, or Slack failing a modal, each
button and App Home tells the person what went wrong instead of showing nothing."""

from __future__ import annotations

import json
import threading

import pytest
from sqlalchemy.exc import OperationalError

from bot import ids
from bot.listeners.actions import BUTTONS
from bot.values import (
    CanvasRequest,
    DigestPage,
    ForgetConfirmation,
    JournalPage,
    Numbered,
    ReflectTarget,
    SharingChoice,
)
from storage.models import RATING_ONLY
from tests.fakes import payloads
from tests.fakes.helpers import shown

VALUES = {
    ids.SHARE_TOPIC: "risk",
    ids.SUBSCRIBE: "home", ids.UNSUBSCRIBE: "home",
    ids.SET_DEFAULT_SHARING: SharingChoice(RATING_ONLY).encode(),
    ids.FORGET_CONFIRM: ForgetConfirmation("U111").encode(), ids.FORGET_CANCEL: "cancel",
    ids.OPEN_REFLECTION: ReflectTarget("2026-W49", "risk").encode(),
    ids.HISTORY_PAGE: Numbered(2).encode(),
    ids.ACCEPT_INVITE: Numbered(1).encode(), ids.DECLINE_INVITE: Numbered(1).encode(),
    ids.DIGEST_PAGE: DigestPage("2026-W49", 2).encode(),
    ids.READ_REFLECTION: Numbered(1).encode(),
    ids.MAKE_FOCUS: ReflectTarget("2026-W49", "risk").encode(),
    ids.JOURNAL_PAGE: JournalPage("", 1).encode(),
    ids.OPEN_CANVAS: CanvasRequest("U111").encode(),
}
# Buttons whose work needs no database: they answer as usual, whatever it does.
NO_DATABASE = {ids.FORGET_CANCEL}


@pytest.fixture
def database_gone(deps, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("the database is gone"))

    monkeypatch.setattr(deps.sessions, "begin", refuse)


def test_every_button_is_covered():
    assert set(VALUES) == set(BUTTONS)


@pytest.mark.parametrize("action_id", sorted(set(BUTTONS) - NO_DATABASE))
def test_a_button_in_a_message_says_sorry_when_the_database_is_gone(slack, slack_api, deps,
                                                                     database_gone, action_id):
    reply = slack.click(action_id, VALUES[action_id], response_url=slack_api.response_url("r"))
    assert reply.status == 200
    (answer,) = slack_api.wait_for("response:r")
    assert "Sorry, something went wrong on my side" in shown(answer.body)


@pytest.mark.parametrize("action_id", [ids.SUBSCRIBE, ids.OPEN_REFLECTION])
def test_a_button_on_app_home_says_sorry_by_dm(slack, slack_api, deps, database_gone,
                                               action_id):
    reply = slack.post(payloads.block_action(action_id, VALUES[action_id],
                                             view={"id": "VHOME", "type": "home"}))
    assert reply.status == 200
    (dm,) = slack_api.wait_for("chat.postMessage")
    assert dm.body["channel"] == "U111"
    assert "Sorry, something went wrong on my side" in shown(dm.body)


def test_app_home_says_it_could_not_load(slack, slack_api, database_gone):
    event = payloads.event({"type": "app_home_opened", "user": "U111", "channel": "D111",
                            "tab": "home", "event_ts": "1606810927.510671"})
    assert slack.post(event, content_type="application/json").status == 200
    (published,) = slack_api.wait_for("views.publish")
    view = published.body["view"]
    view = view if isinstance(view, dict) else json.loads(view)
    assert "couldn't load this tab" in shown(view)


@pytest.mark.parametrize("failure", [{"status": 500}, {"status": 429, "retry_after": 2}])
def test_reflect_is_not_retried_past_the_trigger_and_says_so(slack, slack_api, deps, failure):
    slack_api.fail("views.open", times=5, **failure)
    slack.click(ids.OPEN_REFLECTION, VALUES[ids.OPEN_REFLECTION],
                response_url=slack_api.response_url("r"))
    (answer,) = slack_api.wait_for("response:r")
    assert "took Slack too long" in shown(answer.body)
    assert len(slack_api.calls("views.open")) == 1


def test_reflect_that_hangs_is_answered_within_the_triggers_life(slack, slack_api, deps):
    never = threading.Event()
    slack_api.hold("views.open", never, cap=6)
    try:
        slack.click(ids.OPEN_REFLECTION, VALUES[ids.OPEN_REFLECTION],
                    response_url=slack_api.response_url("r"))
        (answer,) = slack_api.wait_for("response:r", timeout=4)
        assert "took Slack too long" in shown(answer.body)
    finally:
        never.set()
