"""Characters no store keeps, and numbers out of every range: a clear answer, never the
generic error and its traceback."""

from __future__ import annotations

import json
import logging

import pytest

from bot import ids
from bot.values import FormMetadata
from storage.models import SHARED
from storage.people import ensure_workspace
from storage.reflections import find_reflection, save_reflection
from tests.fakes import payloads
from tests.fakes.helpers import ask, sharing_values, shown


@pytest.fixture
def errors(caplog):
    """Every ERROR record or traceback logged during the test."""
    caplog.set_level(logging.INFO)
    return lambda: [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


@pytest.mark.parametrize("typed, kept", [
    ("before\x00after", "beforeafter"),
    ("half \ud800 a pair", "half  a pair"),
    ("emoji 🎉 and ünïcödé stay", "emoji 🎉 and ünïcödé stay"),
], ids=["nul", "lone-surrogate", "ordinary-unicode"])
def test_unstorable_characters_are_removed_the_same_on_every_database(slack, deps, errors,
                                                                       typed, kept):
    meta = FormMetadata("T111", "U111", "2026-W49", "understanding").encode()
    reply = slack.post(payloads.view_submission(
        callback_id=ids.REFLECTION_VIEW, private_metadata=meta, values={
            ids.RATING_BLOCK: {ids.RATING_ACTION: {"selected_option": {"value": "3"}}},
            ids.TEXT_BLOCK: {ids.TEXT_ACTION: {"value": typed}}, **sharing_values()}))
    assert (reply.status, reply.body) == (200, b"")
    with deps.sessions.begin() as session:
        assert find_reflection(session, "T111", "U111", "2026-W49",
                               "understanding").text == kept
    assert errors() == []


def _reflections(deps, count: int) -> None:
    with deps.sessions.begin() as session:
        ensure_workspace(session, "T111", anchor=deps.clock().date())
        for n in range(count):
            save_reflection(session, team_id="T111", user_id="U111", week=f"2026-W{n + 1:02d}",
                            dimension="risk", rating=3, text=f"week {n + 1}", sharing=SHARED,
                            now=deps.clock())


@pytest.mark.parametrize("typed, page", [
    ("99999999999999999999", "Page 3 of 3"),
    ("9" * 5000, "Page 3 of 3"),
    ("²", "Page 1 of 3"),
    ("٣", "Page 1 of 3"),
    ("0", "Page 1 of 3"),
], ids=["overflow", "huge", "superscript", "arabic-digit", "zero"])
def test_history_pages_out_of_range_show_the_nearest_page(slack, slack_api, deps, errors,
                                                          typed, page):
    _reflections(deps, 12)
    answer = shown(ask(slack, slack_api, f"history {typed}"))
    assert page in answer
    assert "Sorry" not in answer
    assert errors() == []


@pytest.mark.parametrize("typed", ["²", "99999999999999999999", "-1", "0", "13"])
def test_a_pause_that_is_no_number_of_weeks_says_how_to_pause(slack, slack_api, errors, typed):
    answer = shown(ask(slack, slack_api, f"pause {typed}"))
    assert "a number of weeks from 1 to 12" in answer
    assert errors() == []


@pytest.mark.parametrize("week", ["0001-W01", "9999-W52", "2026-W54", "２０２６-W01"])
def test_a_digest_of_no_real_week_says_so(slack, slack_api, deps, errors, week):
    from storage import teams

    with deps.sessions.begin() as session:
        ensure_workspace(session, "T111", anchor=deps.clock().date())
        teams.ensure_team(session, "T111", "U111", deps.clock())
    answer = shown(ask(slack, slack_api, f"digest {week}"))
    assert "as a week" in answer
    assert errors() == []


@pytest.mark.parametrize("action_id, value", [
    (ids.HISTORY_PAGE, "²"),
    (ids.HISTORY_PAGE, "99999999999999999999"),
    (ids.READ_REFLECTION, "99999999999999999"),
    (ids.READ_REFLECTION, "²"),
    (ids.ACCEPT_INVITE, "9999999999999"),
    (ids.DECLINE_INVITE, "-3"),
    (ids.DIGEST_PAGE, json.dumps({"w": "0001-W01", "p": 1})),
    (ids.DIGEST_PAGE, json.dumps({"w": "2026-W49", "p": 10**30})),
    (ids.OPEN_REFLECTION, json.dumps({"w": "0001-W01", "d": "risk"})),
], ids=lambda v: str(v)[:24])
def test_forged_button_values_never_end_in_an_error(slack, slack_api, deps, errors,
                                                   action_id, value):
    reply = slack.click(action_id, value, response_url=slack_api.response_url("b"))
    assert reply.status == 200
    assert deps.background.wait_idle(5)
    assert errors() == []
    for call in slack_api.calls("response:b"):
        assert "Sorry, something went wrong" not in shown(call.body)
