"""Nudges that respect time away: a Slack status that says away holds the week's nudge
until the person is back (within the week), and the first nudge after two weeks or more
away says welcome back, with only this week's dimension."""

from __future__ import annotations

from datetime import date, datetime

from storage.people import ensure_workspace, find_person
from tests.fakes import payloads
from tests.fakes.helpers import ask, shown
from tests.fakes.seeding import add_people
from tests.fakes.times import utc

MONDAY = date(2026, 11, 30)


at = utc


def subscribe(deps, user: str = "U111") -> None:
    add_people(deps, (user, "UTC"))


def status(slack, deps, emoji: str = "", text: str = "", expires: datetime | None = None,
           user: str = "U111") -> None:
    """A user_change event carrying the person's status, as Slack sends on every change."""
    profile = {"status_emoji": emoji, "status_text": text,
               "status_expiration": int(expires.timestamp()) if expires else 0}
    event = payloads.event({"type": "user_change",
                            "user": {"id": user, "tz": "UTC", "profile": profile}})
    assert slack.post(event, content_type="application/json").status == 200
    assert deps.background.wait_idle(5)


def nudges_to(slack_api, user: str = "U111") -> list[dict]:
    return [c.body for c in slack_api.delivered() if c.body["channel"] == user
            and "reflection" in c.body.get("text", "").lower()]


def test_a_nudge_due_while_away_comes_when_they_are_back(slack, slack_api, deps, clock,
                                                         dispatcher):
    subscribe(deps)
    clock.set(at(2026, 11, 30, 9, 0))
    status(slack, deps, ":palm_tree:", "Vacation")
    clock.set(at(2026, 11, 30, 10, 5))
    dispatcher.tick()
    assert nudges_to(slack_api) == []
    assert "held back: your Slack status says you're away" in shown(
        ask(slack, slack_api, "week"))
    clock.set(at(2026, 12, 2, 8, 0))  # back on Wednesday
    status(slack, deps)
    dispatcher.tick()
    (nudge,) = nudges_to(slack_api)
    assert "Welcome back" not in shown(nudge)  # two days away is no long absence


def test_a_status_that_expires_ends_the_time_away_without_an_event(slack, slack_api, deps,
                                                                   clock, dispatcher):
    subscribe(deps)
    clock.set(at(2026, 11, 30, 9, 0))
    status(slack, deps, text="Out of office", expires=at(2026, 12, 1, 12, 0))
    clock.set(at(2026, 12, 1, 11, 0))
    dispatcher.tick()
    assert nudges_to(slack_api) == []
    clock.set(at(2026, 12, 1, 12, 1))
    dispatcher.tick()
    assert len(nudges_to(slack_api)) == 1


def test_after_two_weeks_away_one_welcome_back_nudge_and_nothing_piled_up(
        slack, slack_api, deps, clock, dispatcher):
    subscribe(deps)
    clock.set(at(2026, 11, 29, 18, 0))  # the Sunday before
    status(slack, deps, ":airplane:", "")
    for day in (at(2026, 11, 30, 10, 1), at(2026, 12, 7, 10, 1), at(2026, 12, 14, 9, 0)):
        clock.set(day)
        dispatcher.tick()
    assert nudges_to(slack_api) == []
    clock.set(at(2026, 12, 14, 9, 30))
    status(slack, deps)  # back on Monday the 14th, before the nudge time
    clock.set(at(2026, 12, 14, 10, 1))
    dispatcher.tick()
    (nudge,) = nudges_to(slack_api)
    assert "Welcome back" in shown(nudge) and nudge["text"].startswith("Welcome back")
    assert "This week: 3. Planning" in shown(nudge)  # only this week's dimension


def test_an_ordinary_status_holds_nothing(slack, slack_api, deps, clock, dispatcher):
    subscribe(deps)
    clock.set(at(2026, 11, 30, 9, 0))
    status(slack, deps, ":coffee:", "In a meeting")
    clock.set(at(2026, 11, 30, 10, 1))
    dispatcher.tick()
    assert len(nudges_to(slack_api)) == 1


def test_a_status_of_someone_unknown_creates_nobody(slack, deps):
    with deps.sessions.begin() as session:
        ensure_workspace(session, "T111", anchor=MONDAY)
    status(slack, deps, ":palm_tree:", "Vacation", user="U999")
    with deps.sessions.begin() as session:
        assert find_person(session, "T111", "U999") is None
