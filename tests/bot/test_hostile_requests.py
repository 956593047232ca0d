"""Requests that are not Slack's: oversized, unsigned and malformed, replayed. Nothing
unsigned reaches a parser, and a replay of a signed request does nothing a second time."""

from __future__ import annotations

import http.client
import json
import logging
import time

import pytest

from bot import ids
from bot.reflect.form import Submission  # noqa: F401 - the form the replay goes through
from bot.serving.wsgi import MAX_BODY_BYTES
from bot.values import FormMetadata
from storage import teams
from storage.people import ensure_workspace
from storage.reflections import find_reflection
from tests.fakes import payloads
from tests.fakes.helpers import sharing_values
from tests.fakes.slack_client import FORM
from tests.fakes.slack_client import http as send


def _raw(url: str, head: bytes, body: bytes = b"") -> tuple[int, bytes]:
    """Send a request by hand (headers written as given) and read the answer."""
    host, port = url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=5)
    conn.putrequest("POST", "/slack/events")
    for line in head.decode().split("\r\n"):
        if line:
            name, value = line.split(": ", 1)
            conn.putheader(name, value)
    conn.endheaders()
    if body:
        conn.send(body)
    reply = conn.getresponse()
    data = reply.read()
    conn.close()
    return reply.status, data


def test_a_body_far_above_slacks_is_refused_before_it_is_read(slack, slack_api):
    # The body is announced, never sent: reading it would hang until the client's timeout.
    started = time.monotonic()
    status, data = _raw(slack.base_url, (f"Content-Type: {FORM}\r\n"
                                         f"Content-Length: {64 * 1024 * 1024}\r\n"
                                         "X-Slack-Request-Timestamp: 1\r\n"
                                         "X-Slack-Signature: v0=00\r\n").encode())
    assert status == 413
    assert json.loads(data) == {"error": "request too large"}
    assert time.monotonic() - started < 3
    assert [c.method for c in slack_api.calls() if c.method != "auth.test"] == []


def test_a_signed_body_at_the_limit_is_still_checked_and_served(slack):
    padding = b"&pad=" + b"x" * (MAX_BODY_BYTES - 6000)
    reply = slack.post(payloads.slash_command("risk") + padding)
    assert reply.status == 200
    assert reply.json["blocks"][0]["text"]["text"] == "2. Risk Identification"


@pytest.mark.parametrize("body, content_type", [
    (b"\xff\xfe\xfa not utf-8", FORM),
    (b"payload=notjson", FORM),
    (b"{bad", "application/json"),
    (payloads.slash_command("risk"), "application/json"),
    (b"payload=" + b"%5B" * 1000, FORM),
], ids=["invalid-utf8", "payload-not-json", "broken-json", "form-as-json", "deep-brackets"])
def test_unsigned_malformed_bodies_get_401_and_no_traceback(slack, slack_api, caplog, body,
                                                            content_type):
    caplog.set_level(logging.DEBUG)
    reply = send("POST", slack.events_url, body, {
        "Content-Type": content_type, "X-Slack-Request-Timestamp": str(int(time.time())),
        "X-Slack-Signature": "v0=" + "1" * 64})
    assert reply.status == 401
    assert [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info] == []
    assert [c.method for c in slack_api.calls() if c.method != "auth.test"] == []


def _manager_with_member(deps, member: str = "U222") -> None:
    with deps.sessions.begin() as session:
        ensure_workspace(session, "T111", anchor=deps.clock().date())
        team = teams.ensure_team(session, "T111", "U111", deps.clock())
        teams.invite(session, team, [member], deps.clock())
        teams.respond(session, team.id, member, teams.ACTIVE, deps.clock())


def _replayed(slack, body: bytes) -> tuple:
    """The same signed bytes twice, as an attacker who captured them would send them."""
    stamp = int(time.time())
    return slack.post(body, timestamp=stamp), slack.post(body, timestamp=stamp)


def test_a_replayed_export_uploads_once(slack, slack_api, deps):
    _manager_with_member(deps)
    first, again = _replayed(slack, payloads.slash_command(
        "digest export", response_url=slack_api.response_url("e")))
    assert (first.status, again.status) == (200, 200)
    assert again.body == b""
    assert deps.background.wait_idle(5)
    assert len(slack_api.calls("files.completeUploadExternal")) == 1
    assert len(slack_api.calls("response:e")) == 1


def test_a_replayed_team_add_does_not_reinvite_someone_who_left(slack, slack_api, deps):
    body = payloads.slash_command("team add <@U333|carol>",
                                  response_url=slack_api.response_url("a"))
    stamp = int(time.time())
    assert slack.post(body, timestamp=stamp).status == 200
    slack_api.wait_for("response:a")
    slack.command("team leave", user_id="U333", response_url=slack_api.response_url("l"))
    slack_api.wait_for("response:l")
    assert slack.post(body, timestamp=stamp).status == 200
    assert deps.background.wait_idle(5)
    slack.command("team", response_url=slack_api.response_url("t"))
    (listing,) = slack_api.wait_for("response:t")
    assert "U333" not in json.dumps(listing.body)
    invitations = [c for c in slack_api.calls("chat.postMessage") if c.body["channel"] == "U333"]
    assert len(invitations) == 1


def test_a_replayed_older_submission_does_not_revert_a_later_edit(slack, slack_api, deps):
    week = "2026-W49"
    meta = FormMetadata("T111", "U111", week, "understanding").encode()

    def submission(rating: int, text: str) -> bytes:
        return payloads.view_submission(callback_id=ids.REFLECTION_VIEW, private_metadata=meta,
                                        values={
            ids.RATING_BLOCK: {ids.RATING_ACTION: {"selected_option": {"value": str(rating)}}},
            ids.TEXT_BLOCK: {ids.TEXT_ACTION: {"value": text}}, **sharing_values()})

    older = submission(2, "first thoughts")
    stamp = int(time.time())
    assert slack.post(older, timestamp=stamp).status == 200
    assert slack.post(submission(4, "after sleeping on it")).status == 200
    assert slack.post(older, timestamp=stamp).status == 200
    with deps.sessions.begin() as session:
        row = find_reflection(session, "T111", "U111", week, "understanding")
        assert (row.rating, row.text) == (4, "after sleeping on it")


def test_a_replayed_topic_question_is_answered_again(slack):
    # Asking is a pure read: it is kept off the database, and a repeat is just answered.
    first, again = _replayed(slack, payloads.slash_command("risk"))
    assert first.json == again.json
