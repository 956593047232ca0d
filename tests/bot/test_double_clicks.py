"""Double clicks and racing requests are two real requests: each action is idempotent for
the person (a repeat shows what the first did), and writes race safely."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from bot import ids
from bot.values import ForgetConfirmation, FormMetadata, Numbered
from storage import teams
from storage.models import SHARED, Reflection
from storage.people import ensure_workspace
from storage.reflections import save_reflection
from tests.fakes import payloads
from tests.fakes.helpers import sharing_values, shown

MANAGER = "U100"


def _twice(slack, slack_api, action_id: str, value: str, *, user_id: str, name: str,
           message_ts: str = "1700000000.000100") -> list[dict]:
    """Two clicks on one button of one message, as a person double-clicking sends them."""
    for n in (1, 2):
        reply = slack.post(payloads.block_action(
            action_id, value, user_id=user_id, message_ts=message_ts,
            response_url=slack_api.response_url(f"{name}{n}")))
        assert reply.status == 200
    return [call.body for n in (1, 2) for call in slack_api.wait_for(f"response:{name}{n}")]


def _seed_team(deps, *, invited=(), active=()) -> int:
    now = deps.clock()
    with deps.sessions.begin() as session:
        ensure_workspace(session, "T111", anchor=now.date())
        team = teams.ensure_team(session, "T111", MANAGER, now)
        teams.invite(session, team, [*invited, *active], now)
        for user in active:
            teams.respond(session, team.id, user, teams.ACTIVE, now)
        return team.id


def test_double_clicking_share_posts_the_comparison_once(slack, slack_api, deps):
    for _ in (1, 2):
        assert slack.post(payloads.block_action(
            ids.SHARE_TOPIC, "risk", message_ts="1700000000.000200",
            response_url=slack_api.response_url("share"))).status == 200
    assert deps.background.wait_idle(5)
    public = [c for c in slack_api.calls("response:share")
              if c.body.get("response_type") == "in_channel"]
    assert len(public) == 1
    assert "Shared by <@U111>" in shown(public[0].body)


def test_sharing_again_from_another_message_posts_again(slack, slack_api, deps):
    for ts in ("1700000000.000300", "1700000000.000301"):
        slack.post(payloads.block_action(ids.SHARE_TOPIC, "risk", message_ts=ts,
                                         response_url=slack_api.response_url("s")))
    assert deps.background.wait_idle(5)
    public = [c for c in slack_api.calls("response:s")
              if c.body.get("response_type") == "in_channel"]
    assert len(public) == 2


def test_double_clicking_accept_says_you_joined_both_times(slack, slack_api, deps):
    group = _seed_team(deps, invited=["U201"])
    first, second = _twice(slack, slack_api, ids.ACCEPT_INVITE, Numbered(group).encode(),
                           user_id="U201", name="acc")
    for answer in (first, second):
        assert f"You joined <@{MANAGER}>'s team ✓" in shown(answer)
        assert "no longer open" not in shown(answer)
    assert deps.background.wait_idle(5)
    told = [c for c in slack_api.calls("chat.postMessage") if c.body["channel"] == MANAGER]
    assert len(told) == 1  # the manager hears it once


def test_double_clicking_delete_everything_shows_what_the_first_click_deleted(
        slack, slack_api, deps):
    _seed_team(deps, active=["U201"])
    with deps.sessions.begin() as session:
        for week in ("2026-W40", "2026-W49"):
            save_reflection(session, team_id="T111", user_id="U201", week=week,
                            dimension="risk", rating=3, text="words", sharing=SHARED,
                            now=deps.clock())
    first, second = _twice(slack, slack_api, ids.FORGET_CONFIRM,
                           ForgetConfirmation("U201").encode(), user_id="U201", name="f")
    for answer in (first, second):
        assert "deleted 2 reflections, 1 team membership and" in shown(answer)


def test_racing_reflection_submissions_all_succeed_and_store_one(live_bot, slack, deps):
    meta = FormMetadata("T111", "U111", "2026-W49", "understanding").encode()
    values = {ids.RATING_BLOCK: {ids.RATING_ACTION: {"selected_option": {"value": "4"}}},
              ids.TEXT_BLOCK: {ids.TEXT_ACTION: {"value": "the same answer, sent 20 times"}},
              **sharing_values()}
    bodies = [payloads.view_submission(callback_id=ids.REFLECTION_VIEW, private_metadata=meta,
                                       values=values) for _ in range(20)]
    start = threading.Barrier(20)

    def submit(body: bytes):
        start.wait()
        return slack.post(body)

    with ThreadPoolExecutor(20) as pool:
        replies = list(pool.map(submit, bodies))
    assert [r.status for r in replies] == [200] * 20
    assert [r.body for r in replies if r.body] == []  # no "couldn't save" errors
    with deps.sessions.begin() as session:
        assert session.scalar(select(func.count()).select_from(Reflection)) == 1


def test_racing_team_adds_send_one_invitation(slack, slack_api, deps):
    start = threading.Barrier(5)

    def add(n: int):
        start.wait()
        return slack.command("team add <@U222|bob>", response_url=slack_api.response_url(f"a{n}"))

    with ThreadPoolExecutor(5) as pool:
        assert [r.status for r in pool.map(add, range(5))] == [200] * 5
    assert deps.background.wait_idle(10)
    invitations = [c for c in slack_api.calls("chat.postMessage") if c.body["channel"] == "U222"]
    assert len(invitations) == 1
    assert json.loads(json.dumps(invitations[0].body))["channel"] == "U222"
