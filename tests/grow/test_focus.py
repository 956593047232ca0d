"""A focus dimension: chosen with /techlead focus, asked about in each nudge beside the
workspace's dimension, answered in the same modal, suggested once per rotation, and told
how it went when it ends."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from bot import ids
from bot.values import FormMetadata, ReflectTarget
from storage.models import SHARED
from storage.people import find_person
from storage.reflections import find_reflection, save_reflection
from tests.fakes import blockkit, payloads
from tests.fakes.helpers import ask, sharing_values, shown, view_of
from tests.fakes.seeding import add_people
from tests.fakes.times import utc

MONDAY = date(2026, 11, 30)  # 2026-W49: understanding; W50 risk; W51 planning; ...


at = utc


def subscribe(deps, user: str = "U111") -> None:
    add_people(deps, (user, "UTC"))


def nudge_of(slack_api, user: str = "U111") -> dict:
    (nudge,) = [c.body for c in slack_api.delivered() if c.body["channel"] == user]
    return nudge


def test_focus_sets_answers_and_shows_in_week(slack, slack_api, deps):
    subscribe(deps)
    answer = shown(ask(slack, slack_api, "focus risk 6"))
    assert "Your focus is now *2. Risk Identification* for 6 weeks" in answer
    week = shown(ask(slack, slack_api, "week"))
    assert "Your focus: *2. Risk Identification*, 6 weeks left" in week
    assert "Your focus: *2. Risk Identification*, 6 weeks left" in shown(
        ask(slack, slack_api, "focus"))
    assert "has ended" in shown(ask(slack, slack_api, "focus off"))
    with deps.sessions.begin() as session:
        assert find_person(session, "T111", "U111").focus_dimension is None


@pytest.mark.parametrize("typed, said", [
    ("focus overview", "is not one of the nine dimensions"),
    ("focus summary", "is not one of the nine dimensions"),
    ("focus frobnicate", "couldn't read “frobnicate”"),
    ("focus risk 13", "couldn't read “risk 13”"),
    ("focus risk 0", "couldn't read “risk 0”"),
])
def test_focus_on_no_dimension_or_weeks_out_of_range_says_so(slack, slack_api, deps, typed,
                                                             said):
    answer = ask(slack, slack_api, typed)
    assert said in shown(answer)
    assert blockkit.problems(answer) == []
    with deps.sessions.begin() as session:
        person = find_person(session, "T111", "U111")
        assert person is None or person.focus_dimension is None


def test_the_nudge_asks_about_the_focus_beside_the_workspaces_dimension(
        slack, slack_api, deps, clock, dispatcher):
    subscribe(deps)
    clock.set(at(2026, 11, 30, 9, 0))
    ask(slack, slack_api, "focus planning")
    clock.set(at(2026, 11, 30, 10, 1))
    dispatcher.tick()
    nudge = nudge_of(slack_api)
    text = shown(nudge)
    assert "This week: 1. Understanding the Task" in text  # the team's dimension stays
    assert "Your focus: 3. Planning & Estimation" in text.replace("&amp;", "&")
    assert "Aim for:" in text and "Shapes plan so work can move in parallel" in text
    assert blockkit.problems(nudge) == []


def test_the_modal_takes_an_optional_answer_on_the_focus(slack, slack_api, deps, clock):
    subscribe(deps)
    clock.set(at(2026, 12, 1, 9, 0))
    ask(slack, slack_api, "focus planning")
    value = ReflectTarget("2026-W49", "understanding").encode()
    slack.click(ids.OPEN_REFLECTION, value, response_url=slack_api.response_url("r"))
    (opened,) = slack_api.wait_for("views.open")
    view = view_of(opened.body)
    blockkit.assert_valid_view(view)
    meta = FormMetadata.decode(view["private_metadata"])
    assert meta.focus == "planning"
    block_ids = {b.get("block_id") for b in view["blocks"]}
    assert {ids.FOCUS_RATING_BLOCK, ids.FOCUS_TEXT_BLOCK} <= block_ids

    def submit(values: dict) -> dict:
        reply = slack.post(payloads.view_submission(
            callback_id=ids.REFLECTION_VIEW, private_metadata=view["private_metadata"],
            values={ids.RATING_BLOCK: {ids.RATING_ACTION: {"selected_option": {"value": "3"}}},
                    ids.TEXT_BLOCK: {ids.TEXT_ACTION: {"value": "main answer"}},
                    **sharing_values(), **values}))
        return reply.json if reply.body else {}

    refused = submit({ids.FOCUS_TEXT_BLOCK: {ids.FOCUS_TEXT_ACTION: {"value": "words only"}}})
    assert ids.FOCUS_RATING_BLOCK in refused["errors"]
    assert submit({ids.FOCUS_RATING_BLOCK: {ids.FOCUS_RATING_ACTION: {
        "selected_option": {"value": "2"}}},
        ids.FOCUS_TEXT_BLOCK: {ids.FOCUS_TEXT_ACTION: {"value": "split the epic"}}}) == {}
    with deps.sessions.begin() as session:
        focus = find_reflection(session, "T111", "U111", "2026-W49", "planning")
        main = find_reflection(session, "T111", "U111", "2026-W49", "understanding")
        assert (focus.rating, focus.text) == (2, "split the epic")
        assert (main.rating, main.text) == (3, "main answer")


def test_the_lowest_rated_dimension_is_suggested_once_a_rotation(slack, slack_api, deps,
                                                                 clock, dispatcher):
    subscribe(deps)
    with deps.sessions.begin() as session:
        ratings = {"understanding": 4, "risk": 1, "planning": 3, "execution": 4}
        for n, (slug, rating) in enumerate(ratings.items()):
            save_reflection(session, team_id="T111", user_id="U111",
                            week=f"2026-W{49 + n}" if n < 4 else "2027-W01", dimension=slug,
                            rating=rating, text="words", sharing=SHARED, now=clock())
    clock.set(at(2026, 12, 28, 10, 1))  # 2026-W53: the fifth week, after those four
    dispatcher.tick()
    nudge = nudge_of(slack_api)
    assert "lowest on *2. Risk Identification*" in shown(nudge)
    (button,) = [e for b in nudge["blocks"] if b["type"] == "actions"
                 for e in b["elements"] if e["action_id"] == ids.MAKE_FOCUS]
    # Not taken up: the next week's nudge does not suggest it again this rotation.
    slack_api.clear()
    clock.set(at(2027, 1, 4, 10, 1))
    dispatcher.tick()
    assert "lowest on" not in shown(nudge_of(slack_api))
    # Taken up later from the first nudge: the week after asks about it.
    slack.click(ids.MAKE_FOCUS, button["value"], response_url=slack_api.response_url("m"))
    (made,) = slack_api.wait_for("response:m")
    assert "Your focus is now *2. Risk Identification* for 4 weeks" in shown(made.body)
    slack_api.clear()
    clock.set(at(2027, 1, 11, 10, 1))
    dispatcher.tick()
    assert "Your focus: 2. Risk Identification" in shown(nudge_of(slack_api))


def test_when_a_focus_ends_the_nudge_shows_before_and_during_and_offers_to_keep_it(
        slack, slack_api, deps, clock, dispatcher):
    subscribe(deps)
    with deps.sessions.begin() as session:
        person = find_person(session, "T111", "U111")
        person.focus_dimension = "risk"
        person.focus_since, person.focus_until = MONDAY, MONDAY + timedelta(weeks=2)
        for week, rating in (("2026-W47", 2), ("2026-W49", 3), ("2026-W50", 5)):
            save_reflection(session, team_id="T111", user_id="U111", week=week,
                            dimension="risk", rating=rating, text="w", sharing=SHARED,
                            now=clock())
    clock.set(at(2026, 12, 14, 10, 1))  # the week the focus ended
    dispatcher.tick()
    text = shown(nudge_of(slack_api))
    assert "Your focus on *2. Risk Identification* has ended" in text
    assert "2.0 before it, 4.0 during it" in text
    with deps.sessions.begin() as session:
        assert find_person(session, "T111", "U111").focus_dimension is None
    assert json.dumps(nudge_of(slack_api)).count(ids.MAKE_FOCUS) == 1


def test_app_home_shows_the_focus_and_the_weeks_left(slack, slack_api, deps):
    subscribe(deps)
    ask(slack, slack_api, "focus risk 3")
    event = payloads.event({"type": "app_home_opened", "user": "U111", "channel": "D111",
                            "tab": "home", "event_ts": "1606810927.510671"})
    assert slack.post(event, content_type="application/json").status == 200
    (published,) = slack_api.wait_for("views.publish")
    view = view_of(published.body)
    blockkit.assert_valid_view(view)
    assert "Your focus: *2. Risk Identification*, 3 weeks left" in shown(view)
