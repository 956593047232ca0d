"""Subscribing, scheduling, pausing and `week`, through signed HTTP."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from storage.people import find_person
from tests.fakes.helpers import ask, shown

SUNDAY_NOON = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _sunday(clock):
    """These tests start on Sunday 29 Nov 2026, noon UTC."""
    clock.set(SUNDAY_NOON)


def _person(deps, user_id="U111", team_id="T111"):
    with deps.sessions.begin() as session:
        return find_person(session, team_id, user_id)


def test_subscribing_uses_the_slack_time_zone_and_says_when(slack, slack_api, deps):
    slack_api.add_user("U111", tz="Europe/Berlin")
    reply = shown(ask(slack, slack_api, "subscribe"))
    assert "You're subscribed ✓" in reply
    assert "Every Monday 10:00 (Europe/Berlin)" in reply
    assert "Next nudge: Mon 30 Nov 10:00." in reply
    person = _person(deps)
    assert person.subscribed and person.timezone == "Europe/Berlin"


def test_subscribing_twice_says_so(slack, slack_api):
    ask(slack, slack_api, "subscribe")
    assert "You're already subscribed." in shown(ask(slack, slack_api, "subscribe"))


def test_without_a_slack_time_zone_the_workspace_default_is_used(slack, slack_api, deps):
    slack_api.fail("users.info", error="user_not_found")
    reply = shown(ask(slack, slack_api, "subscribe"))
    assert "Every Monday 10:00 (UTC)" in reply
    assert _person(deps).subscribed


def test_subscribing_after_this_weeks_time_waits_for_next_week(slack, slack_api, clock):
    clock.set(datetime(2026, 12, 2, 12, 0, tzinfo=UTC))  # Wednesday
    reply = shown(ask(slack, slack_api, "subscribe"))
    assert "Next nudge: Mon 07 Dec 10:00." in reply
    assert "`/techlead reflect` starts this week's reflection now" in reply


def test_schedule_in_the_persons_zone(slack, slack_api, deps):
    slack_api.add_user("U111", tz="Asia/Kolkata")
    ask(slack, slack_api, "subscribe")
    reply = shown(ask(slack, slack_api, "schedule tue 09:30"))
    assert "your nudges now come Tuesday 09:30 (Asia/Kolkata)" in reply
    assert "Next nudge: Tue 01 Dec 09:30." in reply
    person = _person(deps)
    assert (person.nudge_weekday, person.nudge_minute) == (1, 9 * 60 + 30)


@pytest.mark.parametrize("typed", ["funday 25:99", "tue 25:00", "9:30", "tue", "<!channel> 9"])
def test_a_schedule_that_cannot_be_read_shows_the_accepted_forms(slack, slack_api, deps, typed):
    reply = shown(ask(slack, slack_api, f"schedule {typed}"))
    assert "I couldn't read" in reply
    assert "`/techlead schedule tue 09:30`" in reply
    assert "<!channel>" not in reply
    assert _person(deps) is None or _person(deps).nudge_minute == 600


def test_schedule_without_words_shows_the_current_one(slack, slack_api):
    assert "Your nudges come Monday 10:00 (UTC)" in shown(ask(slack, slack_api, "schedule"))


def test_schedule_before_subscribing_says_how_to_subscribe(slack, slack_api):
    assert "`/techlead subscribe`" in shown(ask(slack, slack_api, "schedule fri 2pm"))


def test_pause_skips_weeks_and_says_until_when(slack, slack_api, deps):
    ask(slack, slack_api, "subscribe")
    reply = shown(ask(slack, slack_api, "pause 2"))
    # The next two nudges (30 Nov, 7 Dec) are skipped.
    assert "until the week of Mon 14 Dec 2026" in reply
    assert "Next nudge: Mon 14 Dec 10:00." in reply
    assert str(_person(deps).paused_until) == "2026-12-14"
    assert "the pause is over" in shown(ask(slack, slack_api, "resume"))
    assert _person(deps).paused_until is None
    assert "You're not paused." in shown(ask(slack, slack_api, "resume"))


@pytest.mark.parametrize("typed", ["", "abc", "0", "13", "-1", "2.5"])
def test_pause_needs_a_number_of_weeks(slack, slack_api, typed):
    assert "from 1 to 12" in shown(ask(slack, slack_api, f"pause {typed}".strip()))


def test_week_names_the_dimension_and_the_next_nudge(slack, slack_api):
    ask(slack, slack_api, "subscribe")
    message = ask(slack, slack_api, "week")
    reply = shown(message)
    assert "This week (2026-W48) the workspace reflects on *1. Understanding the Task*" in reply
    assert "Next nudge: Mon 30 Nov 10:00." in reply
    assert any(b["type"] == "actions" for b in message["blocks"])


def test_week_for_someone_not_subscribed_says_how(slack, slack_api):
    assert "You're not subscribed" in shown(ask(slack, slack_api, "week"))


def test_unsubscribe_stops_and_says_how_to_come_back(slack, slack_api, deps):
    ask(slack, slack_api, "subscribe")
    assert "Unsubscribed." in shown(ask(slack, slack_api, "unsubscribe"))
    assert not _person(deps).subscribed
    assert "not subscribed" in shown(ask(slack, slack_api, "unsubscribe"))


def test_subscriptions_are_kept_per_workspace(slack, slack_api, deps):
    ask(slack, slack_api, "subscribe", team_id="T111")
    assert _person(deps, team_id="T222") is None
    ask(slack, slack_api, "subscribe", team_id="T222")
    ask(slack, slack_api, "unsubscribe", team_id="T111")
    assert not _person(deps, team_id="T111").subscribed
    assert _person(deps, team_id="T222").subscribed
