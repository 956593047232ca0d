"""Only requests signed with the app's signing secret, within five minutes, are served."""

from __future__ import annotations

import time

import pytest

from bot import ids
from tests.fakes import payloads
from tests.fakes.signing import signature
from tests.fakes.slack_client import FORM, http


def test_the_official_slack_test_vector_verifies():
    body = (
        b"token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id="
        b"G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook"
        b"-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F39770"
        b"0885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10"
        b"d2c447fce8b6703c"
    )
    expected = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
    assert signature("8f742231b10e8888abcd99yyyzzz85a5", "1531420618", body) == expected


def test_a_correctly_signed_command_is_served(slack):
    reply = slack.command("risk")
    assert reply.status == 200
    assert reply.header("Content-Type").startswith("application/json")
    message = reply.json  # the comparison for risk, answered in the ack itself
    assert message["response_type"] == "ephemeral"
    assert message["text"].startswith("2. Risk Identification: Software Engineer vs Tech Lead")
    header, columns, first_row = message["blocks"][:3]
    assert (header["type"], header["text"]["text"]) == ("header", "2. Risk Identification")
    assert [f["text"] for f in columns["fields"]] == ["*Software Engineer*", "*Tech Lead*"]
    assert [f["text"] for f in first_row["fields"]] == [
        "Identifies risks in own task", "Identifies risks across the whole delivery"]
    (share,) = [e for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert (share["action_id"], share["value"]) == (ids.SHARE_TOPIC, "risk")


@pytest.mark.parametrize(
    "tamper",
    [
        {"secret": "not-the-signing-secret"},
        {"timestamp": -301},
        {"timestamp": +400},  # a second of margin would flake under load
        {"headers": {"X-Slack-Signature": "v0=" + "0" * 64}},
        {"headers": {"X-Slack-Request-Timestamp": "not-a-number"}},
    ],
    ids=["wrong-secret", "stale", "future", "forged-signature", "garbage-timestamp"],
)
def test_badly_signed_requests_get_401_and_do_nothing(slack, slack_api, tamper):
    if "timestamp" in tamper:  # offsets from now, taken when the test runs
        tamper = {"timestamp": int(time.time()) + tamper["timestamp"]}
    slack_api.clear()
    reply = slack.post(payloads.block_action(ids.SHARE_TOPIC, "risk",
                                             response_url=slack.response_url), **tamper)
    assert reply.status == 401
    assert slack.post(payloads.slash_command("risk"), **tamper).status == 401
    assert slack_api.calls() == []


def test_unsigned_requests_get_401(slack, slack_api):
    slack_api.clear()
    reply = http("POST", slack.events_url, payloads.slash_command("risk"),
                 {"Content-Type": FORM})
    assert reply.status == 401
    assert slack_api.calls() == []


def test_a_body_changed_after_signing_gets_401(slack):
    body = payloads.slash_command("risk")
    ts = str(int(time.time()))
    headers = {"Content-Type": FORM, "X-Slack-Request-Timestamp": ts,
               "X-Slack-Signature": signature(slack.secret, ts, body)}
    reply = http("POST", slack.events_url, body.replace(b"risk", b"boss"), headers)
    assert reply.status == 401
