"""The scheduled tick: who is nudged when, what the DM says, reminders, Slack failures."""

from __future__ import annotations

import json
import logging
from datetime import date

import pytest

from bot import ids
from storage import deliveries
from storage.models import SHARED, Delivery, Person
from storage.people import ensure_workspace, find_person
from tests.fakes import blockkit
from tests.fakes.helpers import shown, tick_at
from tests.fakes.seeding import add_people
from tests.fakes.times import utc


def dm_users(slack_api) -> list[str]:
    return sorted(c.body["channel"] for c in slack_api.delivered("chat.postMessage"))


def test_each_person_is_nudged_at_10_local_time(deps, dispatcher, clock, slack_api):
    add_people(deps, ("U_BERLIN", "Europe/Berlin"), ("U_KOLKATA", "Asia/Kolkata"),
               ("U_NY", "America/New_York"), ("U_ADELAIDE", "Australia/Adelaide"),
               ("U_NOTZ", None))
    # Adelaide (+10:30 in summer) reaches Monday 10:00 at 23:30 UTC on Sunday.
    tick_at(dispatcher, clock, 2026, 11, 29, 23, 29)
    assert dm_users(slack_api) == []
    tick_at(dispatcher, clock, 2026, 11, 29, 23, 30)
    assert dm_users(slack_api) == ["U_ADELAIDE"]
    tick_at(dispatcher, clock, 2026, 11, 30, 4, 30)  # Kolkata, +05:30
    assert dm_users(slack_api) == ["U_ADELAIDE", "U_KOLKATA"]
    tick_at(dispatcher, clock, 2026, 11, 30, 9, 0)  # Berlin, +01:00
    tick_at(dispatcher, clock, 2026, 11, 30, 10, 0)  # no time zone: the workspace's, UTC
    assert dm_users(slack_api) == ["U_ADELAIDE", "U_BERLIN", "U_KOLKATA", "U_NOTZ"]
    tick_at(dispatcher, clock, 2026, 11, 30, 14, 59)
    assert "U_NY" not in dm_users(slack_api)
    tick_at(dispatcher, clock, 2026, 11, 30, 15, 0)  # New York, -05:00
    assert len(dm_users(slack_api)) == 5
    tick_at(dispatcher, clock, 2026, 12, 1, 12, 0)
    assert len(dm_users(slack_api)) == 5, "once a week"


def test_in_the_week_clocks_change_new_york_is_nudged_at_its_new_offset(
        deps, dispatcher, clock, slack_api):
    with deps.sessions.begin() as session:
        ensure_workspace(session, "T111", anchor=date(2026, 10, 26))
        session.add(Person(team_id="T111", user_id="U_NY", subscribed=True,
                           timezone="America/New_York", nudge_weekday=0, nudge_minute=600))
    # Clocks went back on Sunday 1 Nov 2026: Monday 10:00 EST is 15:00 UTC, not 14:00.
    tick_at(dispatcher, clock, 2026, 11, 2, 14, 0)
    assert dm_users(slack_api) == []
    tick_at(dispatcher, clock, 2026, 11, 2, 15, 0)
    assert dm_users(slack_api) == ["U_NY"]


def test_the_nudge_dm_has_the_dimension_comparison_questions_and_reflect(
        deps, dispatcher, clock, slack_api):
    add_people(deps, ("U1", "UTC"))
    tick_at(dispatcher, clock, 2026, 11, 30, 10, 0)
    (call,) = slack_api.delivered("chat.postMessage")
    message = call.body
    text = shown(message)
    assert message["blocks"][0]["text"]["text"] == "This week: 1. Understanding the Task"
    assert "Clarifies scope for personal understanding" in text
    assert "Defines goals, non-goals, and success criteria" in text
    guide_questions = deps.guide.topic("understanding").questions
    assert all(q in text for q in guide_questions)
    button = next(b for b in message["blocks"] if b["type"] == "actions")["elements"][0]
    assert button["action_id"] == ids.OPEN_REFLECTION
    assert json.loads(button["value"]) == {"w": "2026-W49", "d": "understanding"}
    assert message["text"] == "This week's reflection: 1. Understanding the Task"
    assert blockkit.problems(message) == []


def test_the_nine_dimensions_rotate_one_a_week(deps, dispatcher, clock, slack_api):
    add_people(deps, ("U1", "UTC"))
    headers = []
    for week in range(10):
        tick_at(dispatcher, clock, 2026, 11, 30, 10, 0)
        clock.advance(weeks=week)
        dispatcher.tick()
    headers = [c.body["blocks"][0]["text"]["text"] for c in slack_api.delivered()]
    numbers = [h.split(": ")[1].split(".")[0] for h in headers]
    assert numbers == ["1", "2", "3", "4", "5", "6", "7", "8", "9", "1"]


def test_one_reminder_later_in_the_week_to_those_who_have_not_answered(
        deps, dispatcher, clock, slack_api):
    add_people(deps, ("U_QUIET", "UTC"), ("U_DONE", "UTC"))
    tick_at(dispatcher, clock, 2026, 11, 30, 10, 0)
    with deps.sessions.begin() as session:
        from storage.reflections import save_reflection
        save_reflection(session, team_id="T111", user_id="U_DONE", week="2026-W49",
                        dimension="understanding", rating=4, text="x", sharing=SHARED,
                        now=clock())
    tick_at(dispatcher, clock, 2026, 12, 3, 9, 59)
    assert len(slack_api.delivered()) == 2
    tick_at(dispatcher, clock, 2026, 12, 3, 10, 0)  # Thursday, same local time
    reminders = slack_api.delivered()[2:]
    assert [c.body["channel"] for c in reminders] == ["U_QUIET"]
    assert "gentle reminder" in shown(reminders[0].body)
    tick_at(dispatcher, clock, 2026, 12, 5, 10, 0)
    assert len(slack_api.delivered()) == 3, "never more than one reminder"


def test_a_nudge_sent_after_its_reminders_time_gets_no_reminder_right_after_it(
        deps, dispatcher, clock, slack_api):
    """The bot was down from Monday to Friday: Friday brings the week's nudge, and not a
    reminder a minute later; a nudge six hours old or more still gets its reminder."""
    add_people(deps, ("U_LATE", "UTC"))
    tick_at(dispatcher, clock, 2026, 12, 4, 12, 0)  # Friday: Thursday's reminder time passed
    tick_at(dispatcher, clock, 2026, 12, 4, 12, 1)
    tick_at(dispatcher, clock, 2026, 12, 6, 23, 0)
    (nudge,) = slack_api.delivered()
    assert "gentle reminder" not in shown(nudge.body)


def test_paused_people_are_skipped_until_the_pause_ends(deps, dispatcher, clock, slack_api):
    add_people(deps, ("U1", "UTC"))
    with deps.sessions.begin() as session:
        find_person(session, "T111", "U1").paused_until = date(2026, 12, 14)
    tick_at(dispatcher, clock, 2026, 11, 30, 12, 0)
    tick_at(dispatcher, clock, 2026, 12, 7, 12, 0)
    assert slack_api.delivered() == []
    tick_at(dispatcher, clock, 2026, 12, 14, 10, 0)
    assert dm_users(slack_api) == ["U1"]


def test_unsubscribed_people_get_nothing(deps, dispatcher, clock, slack_api):
    add_people(deps, ("U1", "UTC"))
    with deps.sessions.begin() as session:
        find_person(session, "T111", "U1").subscribed = False
    tick_at(dispatcher, clock, 2026, 11, 30, 12, 0)
    assert slack_api.calls("chat.postMessage") == []


def test_a_429_is_waited_out_and_sent_once(deps, dispatcher, clock, slack_api):
    add_people(deps, ("U1", "UTC"))
    slack_api.fail("chat.postMessage", retry_after=0)
    report = tick_at(dispatcher, clock, 2026, 11, 30, 10, 0)
    assert [c.status for c in slack_api.calls("chat.postMessage")] == [429, 200]
    assert report.counts["sent"] == 1


def test_server_errors_are_retried_then_left_for_a_later_tick(deps, dispatcher, clock,
                                                               slack_api):
    add_people(deps, ("U1", "UTC"))
    slack_api.fail("chat.postMessage", status=500, times=4)  # beyond the client's 3 retries
    report = tick_at(dispatcher, clock, 2026, 11, 30, 10, 0)
    assert report.counts == {"retrying": 1}
    assert len(slack_api.calls("chat.postMessage")) == 4
    tick_at(dispatcher, clock, 2026, 11, 30, 10, 1)
    assert slack_api.delivered() == [], "the retry waits a few minutes"
    tick_at(dispatcher, clock, 2026, 11, 30, 10, 6)
    assert dm_users(slack_api) == ["U1"]
    tick_at(dispatcher, clock, 2026, 11, 30, 11, 0)
    assert dm_users(slack_api) == ["U1"]


def test_a_message_slack_keeps_failing_is_given_up_after_five_tries(
        deps, dispatcher, clock, slack_api):
    add_people(deps, ("U1", "UTC"))
    slack_api.fail("chat.postMessage", status=503, times=100)
    for minute in (0, 10, 25, 45, 59):  # each retry waits longer than the last
        tick_at(dispatcher, clock, 2026, 11, 30, 10, minute)
    tick_at(dispatcher, clock, 2026, 11, 30, 14, 0)
    with deps.sessions.begin() as session:
        row = deliveries.find(session, "T111", "U1", "nudge", "2026-W49")
        assert (row.status, row.attempts) == ("failed", 5)
    calls = len(slack_api.calls("chat.postMessage"))
    tick_at(dispatcher, clock, 2026, 12, 1, 14, 0)
    assert len(slack_api.calls("chat.postMessage")) == calls


@pytest.mark.parametrize("error", ["user_not_found", "user_disabled", "channel_not_found",
                                   "messages_tab_disabled", "cannot_dm_bot"])
def test_a_person_slack_cannot_reach_is_skipped_from_then_on(
        deps, dispatcher, clock, slack_api, caplog, error):
    add_people(deps, ("U1", "UTC"), ("U2", "UTC"), ("U3", "UTC"))
    slack_api.fail("chat.postMessage", error=error)  # the first send fails
    with caplog.at_level(logging.WARNING, logger="bot.reflect.nudges"):
        report = tick_at(dispatcher, clock, 2026, 11, 30, 10, 0)
        assert report.counts == {"sent": 2, "unreachable": 1}
        tick_at(dispatcher, clock, 2026, 12, 7, 10, 0)
    unreachable = [c.body["channel"] for c in slack_api.calls("chat.postMessage") if not c.ok]
    assert len(unreachable) == 1
    assert unreachable[0] not in [c.body["channel"] for c in slack_api.delivered()[2:]]
    assert len(slack_api.delivered()) == 4
    assert sum("cannot be messaged" in r.message for r in caplog.records) == 1


def test_a_refused_bot_token_stops_the_batch_with_one_log_line_and_loses_nobody(
        deps, dispatcher, clock, slack_api, caplog):
    add_people(deps, *[(f"U{i}", "UTC") for i in range(20)])
    slack_api.fail("chat.postMessage", error="account_inactive", times=100)
    with caplog.at_level(logging.ERROR, logger="bot.reflect.nudges"):
        report = tick_at(dispatcher, clock, 2026, 11, 30, 10, 0)
    assert report.stopped == "account_inactive"
    assert len(slack_api.calls("chat.postMessage")) < 20, "the batch stopped early"
    assert [r.message for r in caplog.records if "refused" in r.message][0].count(
        "account_inactive") == 1
    assert len([r for r in caplog.records if "stopped sending" in r.message]) == 1
    with deps.sessions.begin() as session:
        assert session.query(Delivery).count() == 0, "claims given back"
        assert all(p.unreachable_reason is None for p in session.query(Person))
    slack_api.state.failures.clear()  # the token is fixed
    tick_at(dispatcher, clock, 2026, 11, 30, 10, 5)
    assert len(dm_users(slack_api)) == 20


def test_nothing_is_sent_for_a_week_that_has_passed(deps, dispatcher, clock, slack_api):
    add_people(deps, ("U1", "UTC"))
    tick_at(dispatcher, clock, 2026, 12, 7, 9, 0)  # the bot was down all last week
    assert slack_api.delivered() == []
    tick_at(dispatcher, clock, 2026, 12, 7, 10, 0)
    (call,) = slack_api.delivered()
    assert "2. Risk Identification" in shown(call.body)
    with deps.sessions.begin() as session:
        assert deliveries.find(session, "T111", "U1", "nudge", "2026-W50") is not None
        assert deliveries.find(session, "T111", "U1", "nudge", "2026-W49") is None


def test_workspaces_are_nudged_separately(deps, dispatcher, clock, slack_api):
    add_people(deps, ("U1", "UTC"), team_id="T111")
    add_people(deps, ("U1", "UTC"), team_id="T222")
    report = tick_at(dispatcher, clock, 2026, 11, 30, 10, 0)
    assert report.counts["sent"] == 2


def test_the_scheduler_ticks_on_start_to_catch_up(deps, dispatcher, clock, slack_api):
    from bot.scheduler import TICK_JOB_ID, start_scheduler

    add_people(deps, ("U1", "UTC"))
    clock.set(utc(2026, 12, 2, 12, 0))  # Wednesday: Monday's nudge was missed
    scheduler = start_scheduler(dispatcher, interval_seconds=3600)
    try:
        job = scheduler.get_job(TICK_JOB_ID)
        assert str(job.trigger.timezone) == "UTC"
        slack_api.wait_for("chat.postMessage")
    finally:
        scheduler.shutdown(wait=True)
    assert dm_users(slack_api) == ["U1"]
