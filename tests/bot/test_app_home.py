"""The App Home tab is published when a person opens it."""

from __future__ import annotations

import json

from tests.fakes import blockkit, payloads


def _home_opened(tab: str) -> bytes:
    return payloads.event({"type": "app_home_opened", "user": "U111", "channel": "D111",
                           "tab": tab, "event_ts": "1606810927.510671"})


def test_opening_home_publishes_the_topics(slack, slack_api):
    reply = slack.post(_home_opened("home"), content_type="application/json")
    assert reply.status == 200
    (call,) = slack_api.wait_for("views.publish")
    assert call.body["user_id"] == "U111"
    view = call.body["view"] if isinstance(call.body["view"], dict) else json.loads(
        call.body["view"])
    shown = json.dumps(view)
    assert view["type"] == "home" and "/techlead risk" in shown
    assert blockkit.problems(view, view=True) == []


def test_opening_the_messages_tab_publishes_nothing(slack, slack_api):
    slack_api.clear()
    assert slack.post(_home_opened("messages"), content_type="application/json").status == 200
    slack.command("risk")  # a later request, so the lazy listener has had its chance
    assert slack_api.calls("views.publish") == []


def test_a_failing_publish_is_logged_not_raised(slack, slack_api, caplog):
    slack_api.fail("views.publish", error="not_enabled")
    slack.post(_home_opened("home"), content_type="application/json")
    slack_api.wait_for("views.publish")
    assert slack.command("risk").status == 200
