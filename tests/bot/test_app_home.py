"""The App Home tab: published on every visit, with subscription, this week and buttons."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime

from bot import ids
from storage.models import SHARED
from storage.people import ensure_workspace, find_person
from storage.reflections import save_reflection
from tests.fakes import blockkit, payloads
from tests.fakes.helpers import shown, view_of


def _home_opened(tab: str, user: str = "U111") -> bytes:
    return payloads.event({"type": "app_home_opened", "user": user, "channel": "D111",
                           "tab": tab, "event_ts": "1606810927.510671"})


def _open_home(slack, slack_api, count: int = 1) -> dict:
    reply = slack.post(_home_opened("home"), content_type="application/json")
    assert reply.status == 200
    return view_of(slack_api.wait_for("views.publish", count)[-1].body)


def _click(slack, action_id: str) -> None:
    body = payloads.block_action(action_id, "home", channel_id="", ephemeral=False)
    assert slack.post(body).status == 200


def test_home_offers_a_subscription_and_this_weeks_dimension(slack, slack_api):
    view = _open_home(slack, slack_api)
    assert view["type"] == "home"
    text = shown(view)
    assert "Weekly reflections are off" in text
    assert "This week (2026-W49): 1. Understanding the Task" in text
    buttons = [e["action_id"] for b in view["blocks"] if b["type"] == "actions"
               for e in b["elements"]]
    assert buttons == [ids.SUBSCRIBE, ids.OPEN_REFLECTION]
    assert blockkit.problems(view, view=True) == []


def test_the_subscribe_button_subscribes_and_refreshes_home(slack, slack_api, deps):
    slack_api.add_user("U111", tz="Asia/Kolkata")
    _open_home(slack, slack_api)
    _click(slack, ids.SUBSCRIBE)
    view = view_of(slack_api.wait_for("views.publish", 2)[-1].body)
    assert "*Subscribed* · nudges come Monday 10:00 (Asia/Kolkata)" in shown(view)
    with deps.sessions.begin() as session:
        assert find_person(session, "T111", "U111").subscribed
    _click(slack, ids.UNSUBSCRIBE)
    view = view_of(slack_api.wait_for("views.publish", 3)[-1].body)
    assert "Weekly reflections are off" in shown(view)


def test_home_shows_the_last_few_own_reflections_escaped(slack, slack_api, deps):
    with deps.sessions.begin() as session:
        ensure_workspace(session, "T111", anchor=date(2026, 11, 30))
        for n in range(5):
            save_reflection(session, team_id="T111", user_id="U111", week=f"2026-W4{n}",
                            dimension="risk", rating=4, text=f"note {n} <@U999>",
                            sharing=SHARED, now=datetime(2026, 11, 30, tzinfo=UTC))
    text = shown(_open_home(slack, slack_api))
    assert "note 4 &lt;@U999&gt;" in text and "note 2" in text and "note 1" not in text


def test_opening_the_messages_tab_publishes_nothing(slack, slack_api):
    slack_api.clear()
    assert slack.post(_home_opened("messages"), content_type="application/json").status == 200
    slack.command("risk")  # a later request, so the lazy listener has had its chance
    assert slack_api.calls("views.publish") == []


def test_a_failing_publish_is_logged_not_raised(slack, slack_api, deps, caplog):
    slack_api.fail("views.publish", error="not_enabled")
    assert slack.post(_home_opened("home"), content_type="application/json").status == 200
    deps.background.shutdown(wait=True)  # the publish after the ack is over, logging too
    (call,) = slack_api.calls("views.publish")
    assert (call.status, call.ok) == (200, False)
    warnings = [(r.levelno, r.getMessage()) for r in caplog.records
                if r.name == "bot.account.home"]
    assert warnings == [(logging.WARNING, "publishing the Home tab failed: not_enabled")]
    # Handled where it happened: nothing reached the background wrapper as a failure.
    assert [r.getMessage() for r in caplog.records if r.name == "bot.background"] == []


def test_a_retried_event_is_handled_once(slack, slack_api):
    body = _home_opened("home")
    assert slack.post(body, content_type="application/json").status == 200
    retry = slack.post(body, content_type="application/json",
                       headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
    assert retry.status == 200
    slack_api.wait_for("views.publish")
    # A later, different event is handled: by then the retry would have published too.
    slack.post(_home_opened("home"), content_type="application/json")
    assert len(slack_api.wait_for("views.publish", 2)) == 2
    assert len(slack_api.calls("views.publish")) == 2


def test_user_change_updates_a_known_persons_time_zone(slack, slack_api, deps):
    slack.command("subscribe", response_url=slack_api.response_url("s"))
    slack_api.wait_for("response:s")
    event = payloads.event({"type": "user_change", "user": {"id": "U111",
                                                            "tz": "America/Chicago"}})
    assert slack.post(event, content_type="application/json").status == 200
    slack.command("week", response_url=slack_api.response_url("w"))
    slack_api.wait_for("response:w")
    with deps.sessions.begin() as session:
        assert find_person(session, "T111", "U111").timezone == "America/Chicago"
        # Nobody is created from an event.
        assert find_person(session, "T111", "U555") is None


def test_after_reflecting_home_offers_to_edit_the_reflection(slack, slack_api, deps):
    def reflect_button(view: dict) -> dict:
        (button,) = [e for b in view["blocks"] if b["type"] == "actions"
                     for e in b["elements"] if e["action_id"] == ids.OPEN_REFLECTION]
        return button

    assert reflect_button(_open_home(slack, slack_api))["text"]["text"] == "Reflect"
    with deps.sessions.begin() as session:
        save_reflection(session, team_id="T111", user_id="U111", week="2026-W49",
                        dimension="understanding", rating=4, text="done", sharing=SHARED,
                        now=deps.clock())
    assert reflect_button(_open_home(slack, slack_api, 2))["text"]["text"] == "Edit reflection"
