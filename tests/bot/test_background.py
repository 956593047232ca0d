"""No error is lost after the ack: whatever the work of a sub-command, a button or an event
raises is logged with its traceback by bot.background, and the person, where there is a
response_url to reach them, gets a polite apology instead of silence."""

from __future__ import annotations

import concurrent.futures
import logging
import threading
import traceback
from dataclasses import replace

import pytest

from bot import ids, subcommands
from bot.background import Background
from bot.values import Numbered
from tests.fakes import payloads
from tests.fakes.helpers import shown, view_of
from tests.fakes.slack_api import SlackApiStandIn

SORRY = "Sorry, something went wrong on my side; please try again."


class Boom(RuntimeError):
    pass


def _boom(*_args, **_kwargs):
    raise Boom("the database fell over")



def finished(submitted: list[concurrent.futures.Future], count: int = 1) -> None:
    """Wait until the request's background work is over (its logging and answers too)."""
    assert len(submitted) == count, f"expected {count} background job(s), saw {len(submitted)}"
    _, pending = concurrent.futures.wait(submitted, timeout=10)
    assert not pending, "the background work did not finish"
    for future in submitted:
        assert future.exception() is None, "an exception escaped the background wrapper"


def logged(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "bot.background"]


def assert_traceback(record: logging.LogRecord, raised_in: str, message: str) -> None:
    assert record.levelno == logging.ERROR
    assert record.exc_info is not None, "logged without the exception"
    text = "".join(traceback.format_exception(*record.exc_info))
    assert f"in {raised_in}" in text, text
    assert message in text


@pytest.fixture
def dead_response_url() -> str:
    """A response_url nothing answers any more: posting to it raises."""
    with SlackApiStandIn() as gone:
        url = gone.response_url("gone")
    return url


# -- through the live bot ------------------------------------------------------------------
def test_a_failing_sub_command_is_logged_and_apologised_for(slack, slack_api, submitted,
                                                            caplog, monkeypatch):
    week = subcommands.BY_VERB["week"]
    monkeypatch.setitem(subcommands.BY_VERB, "week", replace(week, run=_boom))
    reply = slack.command("week", response_url=slack_api.response_url("w"))
    assert (reply.status, reply.body) == (200, b"")
    finished(submitted)
    (record,) = logged(caplog)
    assert record.getMessage() == "/techlead week failed"
    assert_traceback(record, "_boom", "Boom: the database fell over")
    (call,) = slack_api.calls("response:w")
    assert SORRY in shown(call.body)
    assert (call.body["response_type"], call.body["replace_original"]) == ("ephemeral", False)


def test_a_failing_button_is_logged_and_apologised_for(slack, slack_api, submitted, caplog,
                                                       monkeypatch):
    monkeypatch.setattr("bot.listeners.actions.reflect.page_of", _boom)
    reply = slack.click(ids.HISTORY_PAGE, Numbered(2).encode(),
                        response_url=slack_api.response_url("h"))
    assert reply.status == 200
    finished(submitted)
    (record,) = logged(caplog)
    assert record.getMessage() == "paging history failed"
    assert_traceback(record, "_boom", "Boom: the database fell over")
    (call,) = slack_api.calls("response:h")
    assert SORRY in shown(call.body)
    assert (call.body["response_type"], call.body["replace_original"]) == ("ephemeral", False)


def test_a_failing_home_tab_button_is_logged_and_apologised_for_by_dm(
        slack, slack_api, submitted, caplog, monkeypatch):
    monkeypatch.setattr("bot.listeners.actions.account.subscribe_from_home", _boom)
    slack_api.clear()
    body = payloads.block_action(ids.SUBSCRIBE, "home", view={"id": "VHOME", "type": "home"})
    assert slack.post(body).status == 200
    finished(submitted)
    (record,) = logged(caplog)
    assert record.getMessage() == "subscribing from App Home failed"
    assert_traceback(record, "_boom", "the database fell over")
    (dm,) = slack_api.calls("chat.postMessage")  # no response_url on App Home
    assert dm.body["channel"] == "U111" and SORRY in shown(dm.body)


def test_a_failing_event_is_logged_and_the_home_tab_says_so(slack, slack_api, submitted,
                                                            caplog, monkeypatch):
    monkeypatch.setattr("bot.listeners.events.app_home.publish_home", _boom)
    event = payloads.event({"type": "app_home_opened", "user": "U111", "channel": "D111",
                            "tab": "home", "event_ts": "1606810927.510671"})
    assert slack.post(event, content_type="application/json").status == 200
    finished(submitted)
    (record,) = logged(caplog)
    assert record.getMessage() == "publishing the Home tab failed"
    assert_traceback(record, "_boom", "the database fell over")
    (published,) = slack_api.calls("views.publish")
    assert "couldn't load this tab" in shown(view_of(published.body))


def test_an_apology_that_cannot_be_delivered_is_logged_too(slack, submitted, caplog,
                                                            monkeypatch, dead_response_url):
    week = subcommands.BY_VERB["week"]
    monkeypatch.setitem(subcommands.BY_VERB, "week", replace(week, run=_boom))
    assert slack.command("week", response_url=dead_response_url).status == 200
    finished(submitted)
    failed, apology = logged(caplog)
    assert failed.getMessage() == "/techlead week failed"
    assert_traceback(failed, "_boom", "the database fell over")
    assert apology.getMessage() == "telling the person that /techlead week failed also failed"
    assert_traceback(apology, "send_dict", "Connection refused")


def test_an_answer_that_cannot_be_delivered_is_logged(slack, submitted, caplog,
                                                      dead_response_url):
    assert slack.command("pause 2", response_url=dead_response_url).status == 200
    finished(submitted)
    failed, apology = logged(caplog)
    assert failed.getMessage() == "/techlead pause failed"
    assert_traceback(failed, "send_dict", "Connection refused")
    assert apology.getMessage() == "telling the person that /techlead pause failed also failed"


def test_an_answer_refused_with_http_500_is_logged(slack, slack_api, submitted, caplog):
    slack_api.fail("response:p", status=500, times=2)
    assert slack.command("pause 2", response_url=slack_api.response_url("p")).status == 200
    finished(submitted)
    assert [c.status for c in slack_api.calls("response:p")][:1] == [500]
    assert [r for r in caplog.records if r.levelno >= logging.WARNING], "nothing was logged"


# -- Background on its own -----------------------------------------------------------------
@pytest.fixture
def background():
    background = Background(workers=2)
    yield background
    background.shutdown()


def test_work_runs_in_a_worker_thread_not_the_callers(background):
    ran_in: list[str] = []
    future = background.run("working", lambda: ran_in.append(threading.current_thread().name))
    assert future.result(timeout=5) is None
    assert ran_in and ran_in[0].startswith("after-ack")
    assert ran_in[0] != threading.current_thread().name


def test_the_caller_does_not_wait_for_the_work(background):
    release = threading.Event()
    future = background.run("waiting", lambda: release.wait(10))
    assert not future.done()  # run() returned while the work still waits
    release.set()
    future.result(timeout=5)


def test_successful_work_is_neither_logged_nor_apologised_for(background, caplog):
    apologies: list[str] = []
    background.run("working", lambda: None,
                   apologise=lambda: apologies.append("sorry")).result(timeout=5)
    assert (apologies, logged(caplog)) == ([], [])


def test_a_failure_is_logged_with_its_traceback_then_apologised_for(background, caplog):
    apologies: list[str] = []
    future = background.run("counting", lambda: 1 // 0,
                            apologise=lambda: apologies.append("sorry"))
    assert future.result(timeout=5) is None  # nothing escapes to the pool
    (record,) = logged(caplog)
    assert record.getMessage() == "counting failed"
    assert record.exc_info[0] is ZeroDivisionError
    assert_traceback(record, "<lambda>", "ZeroDivisionError")
    assert apologies == ["sorry"]


def test_without_a_way_to_apologise_the_failure_is_still_logged(background, caplog):
    background.run("counting", lambda: 1 // 0).result(timeout=5)
    (record,) = logged(caplog)
    assert (record.getMessage(), record.exc_info[0]) == ("counting failed", ZeroDivisionError)


def test_a_failing_apology_is_logged_as_well(background, caplog):
    future = background.run("counting", lambda: 1 // 0, apologise=lambda: _boom())
    assert future.result(timeout=5) is None
    failed, apology = logged(caplog)
    assert failed.exc_info[0] is ZeroDivisionError
    assert apology.getMessage() == "telling the person that counting failed also failed"
    assert apology.exc_info[0] is Boom
    assert_traceback(apology, "_boom", "the database fell over")
