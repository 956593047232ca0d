"""Slack gives up on a request it has no HTTP answer to within three seconds, and shows the
person an error. So no call to Slack may stand before the ack: every sub-command, every
button, the modal submission and both events are answered within one second here while
every Slack call their work makes is held unanswered by the stand-in, and the work is
seen to reach that held call after the answer."""

from __future__ import annotations

import concurrent.futures
import itertools
import logging
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest

from bot import ids, subcommands
from bot.coaching import people
from bot.dependencies import Dependencies
from bot.listeners.actions import BUTTONS
from bot.values import (
    CanvasRequest,
    DigestPage,
    ForgetConfirmation,
    FormMetadata,
    JournalPage,
    Numbered,
    ReflectTarget,
    SharingChoice,
)
from storage import teams
from storage.models import RATING_ONLY, SHARED
from storage.people import ensure_workspace, find_person
from storage.reflections import save_reflection
from tests.conftest import SIGNING_SECRET
from tests.fakes import payloads
from tests.fakes.helpers import sharing_values
from tests.fakes.signing import signed_headers
from tests.fakes.slack_client import FORM

ACK_BUDGET = 1.0  # seconds; Slack's own limit is 3
RESPONSE = "ack"  # the response_url every request here carries
HELD = ("users.info", "views.open", "views.publish", "chat.postMessage", "chat.update",
        "conversations.open", "files.getUploadURLExternal", "files.completeUploadExternal",
        "canvases.create", "chat.getPermalink", f"response:{RESPONSE}")
JSON = "application/json"

TEAM, ME, MANAGER, MEMBER = "T111", "U111", "U100", "U222"
MONDAY = date(2026, 11, 30)  # the clock fixture's day; the workspace's first week
W49 = "2026-W49"
DM_TS = "1700000000.000001"


# -- seeding -------------------------------------------------------------------------------
def _nothing(deps: Dependencies) -> None:
    return None


def _subscribed(deps: Dependencies) -> None:
    with deps.sessions.begin() as session:
        people.subscribe(session, TEAM, ME, deps.clock(), deps.default_tz)


def _team(deps: Dependencies, manager: str = MANAGER, active=(), invited=()) -> int:
    with deps.sessions.begin() as session:
        ensure_workspace(session, TEAM, anchor=MONDAY)
        team = teams.ensure_team(session, TEAM, manager, deps.clock())
        teams.invite(session, team, [*active, *invited], deps.clock())
        for user in active:
            teams.respond(session, team.id, user, teams.ACTIVE, deps.clock())
        return team.id


def _reflection(deps: Dependencies, user_id: str, text: str = "I listed the risks first.",
                week: str = W49, dimension: str = "understanding") -> int:
    with deps.sessions.begin() as session:
        ensure_workspace(session, TEAM, anchor=MONDAY)
        row, _ = save_reflection(session, team_id=TEAM, user_id=user_id, week=week,
                                 dimension=dimension, rating=4, text=text, sharing=SHARED,
                                 now=deps.clock())
        return row.id


def _manager_with_a_member(deps: Dependencies) -> None:
    _team(deps, active=[MEMBER])
    _reflection(deps, MEMBER)


def _six_weeks_of_my_reflections(deps: Dependencies) -> None:
    for n in range(6):  # more than one history page (5 a page)
        _reflection(deps, ME, week=f"2026-W4{n}")


def _invited(deps: Dependencies) -> str:
    return Numbered(_team(deps, invited=[ME])).encode()


def _two_digest_pages(deps: Dependencies) -> str:
    members = [f"U3{n:02d}" for n in range(21)]  # 20 reflections a page
    _team(deps, manager=ME, active=members)
    for member in members:
        _reflection(deps, member)
    return DigestPage(W49, 2).encode()


def _a_long_reflection(deps: Dependencies) -> str:
    _team(deps, manager=ME, active=[MEMBER])
    return Numbered(_reflection(deps, MEMBER, "A long one. " * 100)).encode()


# -- the cases -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Case:
    """One request Slack sends, and what its work does once the ack is out."""

    body: Callable[[str, object], bytes]  # (response_url, what seed returned) -> the body
    first: str | None  # the Slack call the work reaches first, held while Slack is answered
    then: tuple[str, ...] = ()  # the calls it goes on to make once released
    seed: Callable[[Dependencies], object] = _nothing
    content_type: str = FORM
    done: Callable[[Dependencies], bool] | None = None  # what the work leaves behind


def command(text: str, first: str, then: tuple[str, ...] = (), *, user: str = ME,
            seed: Callable[[Dependencies], object] = _nothing) -> Case:
    def body(response_url: str, _seeded: object) -> bytes:
        return payloads.slash_command(text, user_id=user, response_url=response_url)
    return Case(body, first, then, seed)


def click(action_id: str, value: str | None, first: str, then: tuple[str, ...] = (), *,
          where: str = "ephemeral", seed: Callable[[Dependencies], object] = _nothing) -> Case:
    """A button in an ephemeral answer to a command, a bot DM, or the Home tab; a `value`
    of None takes the one `seed` returned."""

    def body(response_url: str, seeded: object) -> bytes:
        common = {"user_id": ME, "response_url": response_url}
        if where == "dm":
            common.update(channel_id="D" + ME[1:], message_ts=DM_TS, ephemeral=False)
        elif where == "home":
            common.update(view={"id": "VHOME", "type": "home"})
        return payloads.block_action(action_id, str(seeded) if value is None else value,
                                     **common)
    return Case(body, first, then, seed)


SUBCOMMAND_CASES: dict[str, Case] = {
    "subscribe": command("subscribe", "users.info", (f"response:{RESPONSE}",)),
    "unsubscribe": command("unsubscribe", f"response:{RESPONSE}", seed=_subscribed),
    "schedule": command("schedule tue 09:30", "users.info", (f"response:{RESPONSE}",),
                        seed=_subscribed),
    "pause": command("pause 2", f"response:{RESPONSE}", seed=_subscribed),
    "resume": command("resume", f"response:{RESPONSE}", seed=_subscribed),
    "week": command("week", "users.info", (f"response:{RESPONSE}",), seed=_subscribed),
    "reflect": command("reflect", "views.open"),
    "history": command("history", f"response:{RESPONSE}", seed=_six_weeks_of_my_reflections),
    "team": command(f"team add <@{MEMBER}|bob>", "users.info",
                    ("chat.postMessage", f"response:{RESPONSE}")),
    "digest": command("digest export", "users.info",  # the members' names for the CSV
                      ("conversations.open", "files.completeUploadExternal",
                       f"response:{RESPONSE}"),
                      user=MANAGER, seed=_manager_with_a_member),
    "forget-me": command("forget-me", f"response:{RESPONSE}", seed=_subscribed),
    "focus": command("focus risk", f"response:{RESPONSE}", seed=_subscribed),
    "progress": command("progress", "conversations.open",
                        ("files.completeUploadExternal", f"response:{RESPONSE}"),
                        seed=_six_weeks_of_my_reflections),
    "evidence": command("evidence risk I listed the risks before we started",
                        f"response:{RESPONSE}"),
    "journal": command("journal export", "conversations.open",
                       ("files.completeUploadExternal", f"response:{RESPONSE}"),
                       seed=_six_weeks_of_my_reflections),
    "followups": command("followups off", f"response:{RESPONSE}", seed=_subscribed),
    "sharing": command("sharing rating", f"response:{RESPONSE}"),
    "prep": command(f"prep <@{MEMBER}|bob>", "users.info", (f"response:{RESPONSE}",),
                    user=MANAGER, seed=_manager_with_a_member),
}

BUTTON_CASES: dict[str, Case] = {
    ids.SHARE_TOPIC: click(ids.SHARE_TOPIC, "risk", f"response:{RESPONSE}"),
    ids.SUBSCRIBE: click(ids.SUBSCRIBE, "home", "users.info", ("views.publish",),
                         where="home"),
    ids.UNSUBSCRIBE: click(ids.UNSUBSCRIBE, "home", "views.publish", where="home",
                           seed=_subscribed),
    ids.SET_DEFAULT_SHARING: click(ids.SET_DEFAULT_SHARING, SharingChoice(RATING_ONLY).encode(),
                                   "views.publish", where="home"),
    ids.FORGET_CONFIRM: click(ids.FORGET_CONFIRM, ForgetConfirmation(ME).encode(),
                              f"response:{RESPONSE}", seed=_subscribed),
    ids.FORGET_CANCEL: click(ids.FORGET_CANCEL, "cancel", f"response:{RESPONSE}"),
    ids.OPEN_REFLECTION: click(ids.OPEN_REFLECTION, ReflectTarget(W49, "understanding")
                               .encode(), "views.open", where="dm"),
    ids.HISTORY_PAGE: click(ids.HISTORY_PAGE, Numbered(2).encode(), f"response:{RESPONSE}",
                            seed=_six_weeks_of_my_reflections),
    ids.ACCEPT_INVITE: click(ids.ACCEPT_INVITE, None, "users.info",
                             (f"response:{RESPONSE}", "chat.postMessage"), where="dm",
                             seed=_invited),
    ids.DECLINE_INVITE: click(ids.DECLINE_INVITE, None, f"response:{RESPONSE}",
                              ("chat.postMessage",), where="dm", seed=_invited),
    ids.DIGEST_PAGE: click(ids.DIGEST_PAGE, None, f"response:{RESPONSE}",
                           seed=_two_digest_pages),
    ids.READ_REFLECTION: click(ids.READ_REFLECTION, None, "views.open",
                               seed=_a_long_reflection),
    ids.JOURNAL_PAGE: click(ids.JOURNAL_PAGE, JournalPage("", 1).encode(),
                            f"response:{RESPONSE}", seed=_six_weeks_of_my_reflections),
    ids.OPEN_CANVAS: click(ids.OPEN_CANVAS, CanvasRequest(ME).encode(), "canvases.create",
                           seed=_six_weeks_of_my_reflections),
    ids.MAKE_FOCUS: click(ids.MAKE_FOCUS, ReflectTarget(W49, "risk").encode(),
                          f"response:{RESPONSE}", where="dm", seed=_subscribed),
}


def _submission(response_url: str, _seeded: object) -> bytes:
    option = {"text": {"type": "plain_text", "text": "4"}, "value": "4"}
    values = {
        ids.RATING_BLOCK: {ids.RATING_ACTION: {"type": "radio_buttons",
                                               "selected_option": option}},
        ids.TEXT_BLOCK: {ids.TEXT_ACTION: {"type": "plain_text_input",
                                           "value": "I listed the risks first."}},
        **sharing_values(),
    }
    meta = FormMetadata(TEAM, ME, W49, "understanding", "D" + ME[1:], DM_TS)  # from a nudge
    return payloads.view_submission(callback_id=ids.REFLECTION_VIEW,
                                    private_metadata=meta.encode(), values=values)


def _home_opened(response_url: str, _seeded: object) -> bytes:
    return payloads.event({"type": "app_home_opened", "user": ME, "channel": "D" + ME[1:],
                           "tab": "home", "event_ts": "1606810927.510671"})


def _user_change(response_url: str, _seeded: object) -> bytes:
    return payloads.event({"type": "user_change", "user": {"id": ME, "tz": "Asia/Tokyo"}})


def _in_tokyo(deps: Dependencies) -> bool:
    with deps.sessions.begin() as session:
        return find_person(session, TEAM, ME).timezone == "Asia/Tokyo"


OTHER_CASES: dict[str, Case] = {
    "reflection-submission": Case(_submission, "chat.update"),
    "app_home_opened": Case(_home_opened, "views.publish", content_type=JSON),
    # The one handler whose work needs no Slack call: the ack is still not kept waiting.
    "user_change": Case(_user_change, None, seed=_subscribed, content_type=JSON,
                        done=_in_tokyo),
}


# -- the property --------------------------------------------------------------------------
_names = itertools.count(1)



def _post_in_time(url: str, body: bytes, content_type: str) -> tuple[int, bytes, float]:
    """POST a signed request; its status, body and how long the answer took (fails the test
    when none came within the budget)."""
    headers = signed_headers(SIGNING_SECRET, body, int(time.time()), content_type)
    request = urllib.request.Request(url, data=body, method="POST", headers=headers)
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=ACK_BUDGET) as response:
            status, answer = response.status, response.read()
    except urllib.error.HTTPError as err:
        status, answer = err.code, err.read()
    except (TimeoutError, urllib.error.URLError) as err:
        if not isinstance(getattr(err, "reason", err), TimeoutError):
            raise
        pytest.fail(f"no HTTP answer within {ACK_BUDGET} s: a Slack call stands before the ack")
    return status, answer, time.monotonic() - started


def _acknowledged_while_slack_is_held(case: Case, slack, slack_api, deps, submitted,
                                      caplog) -> None:
    # Bolt asks auth.test once, before the first listener of a process runs: not held here.
    assert slack.command("help").status == 200
    seeded = case.seed(deps)
    release = threading.Event()
    for method in HELD:
        slack_api.hold(method, release)
    slack_api.clear()
    caplog.set_level(logging.ERROR, logger="bot.background")
    try:
        body = case.body(slack_api.response_url(RESPONSE), seeded)
        status, answer, took = _post_in_time(slack.events_url, body, case.content_type)
        assert (status, answer) == (200, b""), "a bare ack: the answer comes after it"
        assert took < ACK_BUDGET, f"answered after {took:.2f} s"
        if case.first is not None:
            # The work goes on after the answer, to a Slack call still unanswered.
            assert [c.method for c in slack_api.wait_for_held(case.first)] == [case.first]
            assert slack_api.calls(case.first) == []
    finally:
        release.set()
        finished, pending = concurrent.futures.wait(submitted, timeout=10)
    assert not pending, "the background work did not finish"
    assert len(submitted) == 1, "the work runs in the background, once"
    for method in (case.first, *case.then):
        if method is not None:
            assert slack_api.delivered(method), f"{method} was never answered"
    if case.done is not None:
        assert case.done(deps)
    assert [r.getMessage() for r in caplog.records if r.name == "bot.background"] == []


@pytest.mark.parametrize("verb", [s.verb for s in subcommands.SUBCOMMANDS])
def test_every_sub_command_is_acknowledged_before_any_slack_call(
        verb, slack, slack_api, deps, submitted, caplog):
    if verb not in SUBCOMMAND_CASES:
        pytest.fail(f"/techlead {verb} has no case in SUBCOMMAND_CASES: add one")
    _acknowledged_while_slack_is_held(SUBCOMMAND_CASES[verb], slack, slack_api, deps,
                                      submitted, caplog)


@pytest.mark.parametrize("action_id", list(BUTTONS))
def test_every_button_is_acknowledged_before_any_slack_call(
        action_id, slack, slack_api, deps, submitted, caplog):
    if action_id not in BUTTON_CASES:
        pytest.fail(f"button {action_id} has no case in BUTTON_CASES: add one")
    _acknowledged_while_slack_is_held(BUTTON_CASES[action_id], slack, slack_api, deps,
                                      submitted, caplog)


@pytest.mark.parametrize("which", list(OTHER_CASES))
def test_the_submission_and_events_are_acknowledged_before_any_slack_call(
        which, slack, slack_api, deps, submitted, caplog):
    _acknowledged_while_slack_is_held(OTHER_CASES[which], slack, slack_api, deps,
                                      submitted, caplog)


def test_every_sub_command_and_button_has_a_case():
    assert set(SUBCOMMAND_CASES) == {s.verb for s in subcommands.SUBCOMMANDS}
    assert set(BUTTON_CASES) == set(BUTTONS)


def test_a_held_call_waits_for_its_release_and_at_most_its_cap(slack_api):
    def post(method: str) -> None:
        urllib.request.urlopen(urllib.request.Request(
            slack_api.url + method, data=b"channel=U111", method="POST"), timeout=5).read()

    release = threading.Event()
    slack_api.hold("chat.postMessage", release)
    slack_api.hold("chat.update", threading.Event(), cap=0.2)  # never released
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        released = pool.submit(post, "chat.postMessage")
        capped = pool.submit(post, "chat.update")
        (held,) = slack_api.wait_for_held("chat.postMessage")
        assert held.body == {"channel": "U111"}
        assert slack_api.calls("chat.postMessage") == [] and not released.done()
        capped.result(timeout=5)  # answered once its cap was up
        release.set()
        released.result(timeout=5)
    assert [c.method for c in slack_api.calls()] == ["chat.update", "chat.postMessage"]
    assert slack_api.waiting() == []
