"""Every scheduled DM names its delivery in message metadata; a delivery a crash left
"sending" is looked up in the DM's history once its lease (DELIVERY_LEASE_SECONDS) is over:
found, it is recorded as sent; not found, it is sent again; when Slack cannot tell, it is
looked at again after another lease. One lookup per workspace and tick (conversations.history
is rate limited hard). The processes killed for real: test_crash_reconciliation.py."""

from __future__ import annotations

import json
from contextlib import contextmanager
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from bot.delivery import jobs
from bot.delivery.pacing import Pacer
from bot.slack_clients import create_web_client
from storage import deliveries
from storage.models import SHARED, Delivery
from storage.reflections import save_reflection
from tests.conftest import BOT_TOKEN
from tests.fakes.helpers import dms_to
from tests.fakes.seeding import MANAGER, add_people, seed_team
from tests.fakes.times import utc

W49 = "2026-W49"
LEASE = timedelta(seconds=600)  # the default delivery lease
MONDAY_10 = utc(2026, 11, 30, 10, 0)
THURSDAY_10 = utc(2026, 12, 3, 10, 0)
FRIDAY_16 = utc(2026, 12, 4, 16, 0)
# Each kind of scheduled DM: who gets it, and when it is due.
SCHEDULED = {"nudge": ("U1", MONDAY_10), "reminder": ("U1", THURSDAY_10),
             "digest": (MANAGER, FRIDAY_16)}


def metadata_of(body: dict) -> dict | None:
    metadata = body.get("metadata")
    return json.loads(metadata) if isinstance(metadata, str) else metadata


def delivery(deps, user_id: str, kind: str, team_id: str = "T111") -> Delivery:
    with deps.sessions.begin() as session:
        return deliveries.find(session, team_id, user_id, kind, W49)


def dm_channel(user_id: str) -> str:
    return "D" + user_id[1:]


def history_calls(slack_api) -> list[dict]:
    return [c.body for c in slack_api.calls("conversations.history")]


def reflect(deps, user_id: str) -> None:
    with deps.sessions.begin() as session:
        save_reflection(session, team_id="T111", user_id=user_id, week=W49,
                        dimension="understanding", rating=3, text=f"{user_id} thinks",
                        sharing=SHARED, now=deps.clock())


def prepare(deps, dispatcher, clock, kind: str) -> datetime:
    """Someone due for `kind`: what comes before it sent; the instant it is due."""
    if kind == "digest":
        seed_team(deps, members=["U201"])
        reflect(deps, "U201")
    else:
        add_people(deps, ("U1", "UTC"))
    if kind == "reminder":
        clock.set(MONDAY_10)
        assert dispatcher.tick().counts["sent"] == 1  # the nudge
    return SCHEDULED[kind][1]


class Killed(Exception):
    """The process "dies" here: nothing after it runs (the tick logs the failed run)."""


@contextmanager
def dying(monkeypatch, when: str):
    """The bot dies `when` "after-slack" (Slack accepted the DM, the bot never recorded
    it) or "before-slack" (the delivery is marked "sending", Slack is never called)."""
    with monkeypatch.context() as patch:
        if when == "after-slack":
            def mark_sent(*args, **kwargs):
                raise Killed
            patch.setattr(deliveries, "mark_sent", mark_sent)
        else:  # the DM's metadata is made once "sending" is recorded, just before Slack
            def delivery_metadata(*args, **kwargs):
                raise Killed
            patch.setattr(jobs, "delivery_metadata", delivery_metadata)
        yield


def crash_at(dispatcher, clock, monkeypatch, at: datetime, when: str):
    """A tick at `at` that dies `when` (see dying) for every message it sends."""
    clock.set(at)
    with dying(monkeypatch, when):
        report = dispatcher.tick()
    assert report.counts["sent"] == 0
    return report


# -- the metadata ----------------------------------------------------------------------------

def test_every_scheduled_dm_carries_its_delivery_id_and_nothing_else(
        deps, dispatcher, clock, slack_api):
    add_people(deps, ("U1", "UTC"), ("U2", "UTC"))
    members = [f"U2{n:02d}" for n in range(13)]  # thirteen reflections: a second page
    seed_team(deps, members=members)
    for member in members:
        reflect(deps, member)
    clock.set(MONDAY_10)
    dispatcher.tick()
    reflect(deps, "U2")  # U2 answered: the reminder goes to U1 alone
    clock.set(THURSDAY_10)
    dispatcher.tick()
    clock.set(FRIDAY_16)
    dispatcher.tick()

    expected = [("U1", "nudge"), ("U2", "nudge"), ("U1", "reminder"), (MANAGER, "digest")]
    tagged = [(c.body["channel"], metadata_of(c.body)) for c in slack_api.delivered()
              if metadata_of(c.body) is not None]
    assert sorted(user for user, _ in tagged) == sorted(user for user, _ in expected)
    for user, kind in expected:
        row = delivery(deps, user, kind)
        metadata = {"event_type": "techlead_delivery", "event_payload": {"delivery_id": row.id}}
        assert (user, metadata) in tagged, (user, kind)
    summary, *rest = dms_to(slack_api, MANAGER)
    assert metadata_of(summary) is not None and summary["text"].startswith("Team reflection")
    assert rest and all(metadata_of(extra) is None for extra in rest), \
        "the digest's further pages carry no delivery id: one message per delivery"


# -- stale deliveries ------------------------------------------------------------------------

@pytest.mark.parametrize("kind", list(SCHEDULED))
def test_a_dm_slack_accepted_before_the_crash_is_found_and_recorded_sent(
        deps, dispatcher, clock, slack_api, monkeypatch, kind):
    due = prepare(deps, dispatcher, clock, kind)
    user = SCHEDULED[kind][0]
    crash_at(dispatcher, clock, monkeypatch, due, "after-slack")
    row = delivery(deps, user, kind)
    assert row.status == deliveries.SENDING
    (ts,) = [m["ts"] for m in slack_api.history(dm_channel(user))
             if (metadata_of(m) or {}).get("event_payload") == {"delivery_id": row.id}]
    sent_before = len(slack_api.delivered())

    clock.set(due + LEASE)
    report = dispatcher.tick()
    assert report.counts["found"] == 1 and report.counts["sent"] == 0
    assert len(slack_api.delivered()) == sent_before, "nothing sent twice"
    row = delivery(deps, user, kind)
    assert (row.status, row.channel_id, row.message_ts, row.attempts) == (
        deliveries.SENT, dm_channel(user), ts, 1)
    (opened,) = [c.body for c in slack_api.calls("conversations.open")]
    assert opened["users"] == user
    (history,) = history_calls(slack_api)
    assert history["channel"] == dm_channel(user)
    assert str(history["include_all_metadata"]).lower() in ("1", "true")
    assert int(history["limit"]) == 15


@pytest.mark.parametrize("kind", list(SCHEDULED))
def test_a_dm_slack_never_got_is_sent_again_in_the_same_tick(
        deps, dispatcher, clock, slack_api, monkeypatch, kind):
    due = prepare(deps, dispatcher, clock, kind)
    user = SCHEDULED[kind][0]
    sent_before = len(dms_to(slack_api, user))
    crash_at(dispatcher, clock, monkeypatch, due, "before-slack")
    row = delivery(deps, user, kind)
    assert row.status == deliveries.SENDING
    assert len(dms_to(slack_api, user)) == sent_before

    clock.set(due + LEASE)
    report = dispatcher.tick()
    assert (report.counts["resent"], report.counts["sent"]) == (1, 1)
    tagged = [m for m in dms_to(slack_api, user) if metadata_of(m) is not None]
    assert [metadata_of(m)["event_payload"] for m in tagged[-1:]] == [{"delivery_id": row.id}]
    assert len([m for m in tagged if metadata_of(m)["event_payload"]["delivery_id"] == row.id
                ]) == 1, "exactly one DM for the delivery"
    again = delivery(deps, user, kind)
    assert (again.id, again.status, again.attempts) == (row.id, deliveries.SENT, 2)
    clock.advance(hours=1)
    assert dispatcher.tick().counts["sent"] == 0


def test_when_slack_cannot_tell_the_delivery_is_looked_at_again_after_another_lease(
        deps, dispatcher, clock, slack_api, monkeypatch):
    add_people(deps, ("U1", "UTC"))
    crash_at(dispatcher, clock, monkeypatch, MONDAY_10, "after-slack")
    slack_api.fail("conversations.history", error="missing_scope")

    clock.set(MONDAY_10 + LEASE)
    report = dispatcher.tick()
    assert report.counts["unknown"] == 1
    assert (report.counts["found"], report.counts["resent"], report.counts["sent"]) == (0, 0, 0)
    row = delivery(deps, "U1", "nudge")
    assert (row.status, row.claimed_at) == (deliveries.SENDING, MONDAY_10 + LEASE)
    clock.set(MONDAY_10 + LEASE * 2 - timedelta(seconds=1))
    dispatcher.tick()
    assert len(history_calls(slack_api)) == 1, "not before another lease"
    clock.set(MONDAY_10 + LEASE * 2)
    assert dispatcher.tick().counts["found"] == 1
    assert delivery(deps, "U1", "nudge").status == deliveries.SENT
    assert len(dms_to(slack_api, "U1")) == 1
    # Slack answers only messages from `oldest` on: each lookup must reach back to the send
    # (the stand-in does not read it, so it is checked here).
    assert [float(call["oldest"]) <= MONDAY_10.timestamp() for call in history_calls(slack_api)
            ] == [True, True]


def test_a_delivery_younger_than_the_lease_is_left_alone(
        deps, dispatcher, clock, slack_api, monkeypatch):
    add_people(deps, ("U1", "UTC"))
    crash_at(dispatcher, clock, monkeypatch, MONDAY_10, "before-slack")
    before = delivery(deps, "U1", "nudge")

    clock.set(MONDAY_10 + LEASE - timedelta(seconds=1))
    report = dispatcher.tick()
    assert not (report.counts["found"] or report.counts["resent"] or report.counts["unknown"])
    assert slack_api.calls("conversations.open") == []
    assert history_calls(slack_api) == []
    after = delivery(deps, "U1", "nudge")
    assert (after.status, after.owner, after.claimed_at) == (
        deliveries.SENDING, before.owner, before.claimed_at)
    assert dms_to(slack_api, "U1") == []


def test_the_lease_runs_from_when_sending_began_not_from_the_claim(
        deps, dispatcher, clock, slack_api, monkeypatch):
    add_people(deps, ("U1", "UTC"))
    # The claim waits nine minutes for its send slot (a long, paced batch).
    monkeypatch.setattr(Pacer, "wait", lambda _self: clock.advance(minutes=9))
    crash_at(dispatcher, clock, monkeypatch, MONDAY_10, "after-slack")
    row = delivery(deps, "U1", "nudge")
    assert (row.status, row.claimed_at) == (deliveries.SENDING, MONDAY_10 + timedelta(minutes=9))

    clock.set(MONDAY_10 + LEASE)
    dispatcher.tick()
    assert history_calls(slack_api) == [], "sent a minute ago: not looked up yet"
    clock.set(row.claimed_at + LEASE)
    assert dispatcher.tick().counts["found"] == 1
    assert len(dms_to(slack_api, "U1")) == 1


def test_one_lookup_per_workspace_per_tick(deps, dispatcher, clock, slack_api, monkeypatch):
    add_people(deps, ("U1", "UTC"), ("U2", "UTC"), team_id="T111")
    add_people(deps, ("U3", "UTC"), team_id="T222")
    crash_at(dispatcher, clock, monkeypatch, MONDAY_10, "after-slack")
    with deps.sessions.begin() as session:
        assert session.scalars(select(Delivery.status)).all() == [deliveries.SENDING] * 3

    clock.set(MONDAY_10 + LEASE)
    assert dispatcher.tick().counts["found"] == 2
    looked_up = [body["channel"] for body in history_calls(slack_api)]
    assert len(looked_up) == 2 and "D3" in looked_up, "one in each workspace"
    states = {u: delivery(deps, u, "nudge", t).status
              for u, t in (("U1", "T111"), ("U2", "T111"), ("U3", "T222"))}
    assert sorted(states.values()) == [deliveries.SENDING, deliveries.SENT, deliveries.SENT]

    clock.advance(minutes=1)
    assert dispatcher.tick().counts["found"] == 1
    assert len(history_calls(slack_api)) == 3
    assert {u: len(dms_to(slack_api, u)) for u in ("U1", "U2", "U3")} == {
        "U1": 1, "U2": 1, "U3": 1}


def test_the_dm_is_found_below_later_messages_a_page_or_two_down(
        deps, dispatcher, clock, slack_api, monkeypatch, settings):
    add_people(deps, ("U1", "UTC"))
    crash_at(dispatcher, clock, monkeypatch, MONDAY_10, "after-slack")
    client = create_web_client(BOT_TOKEN, settings.slack_api_url, backoff=0.0)
    for n in range(20):  # later messages in the same DM, newer than the nudge
        client.chat_postMessage(channel="U1", text=f"later {n}")

    clock.set(MONDAY_10 + LEASE)
    assert dispatcher.tick().counts["found"] == 1
    pages = history_calls(slack_api)
    assert len(pages) == 2 and pages[1].get("cursor")
    assert delivery(deps, "U1", "nudge").status == deliveries.SENT
    assert len(dms_to(slack_api, "U1")) == 21
