"""A bot killed (SIGKILL) while a DM is on its way to Slack, restarted: exactly one DM,
whether Slack had accepted it before the kill or never got it; on SQLite and PostgreSQL.

Slack's chat.postMessage has no idempotency key: the DM carries its delivery's id as message
metadata, and once the delivery lease (DELIVERY_LEASE_SECONDS) has passed a restarted tick
looks for it in the DM's history, records it as sent if there, and sends it again if not.
"""

from __future__ import annotations

import os
import signal
import threading
from datetime import UTC, datetime, timedelta

import pytest

from storage.deliveries import SENDING, SENT
from tests.fakes.ticks import (
    PROCESS_TIMEOUT,
    accepted_ts,
    claims,
    count,
    deliveries,
    dms_per_person,
    seed,
    sent_count,
    summary,
)

MONDAY_10 = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
LEASE = timedelta(seconds=60)  # a short delivery lease: the restart need not wait ten minutes
PERSON = "U0001"


def kill_while_posting(ticks, slack_api, url: str, *, accepted: bool) -> None:
    """Start a tick, hold its DM (taken by Slack first if `accepted`), SIGKILL the process
    while it waits for Slack's answer; the DM the dead process had not heard back about is
    then settled at Slack's end: kept if accepted, else dropped unseen."""
    release = threading.Event()
    slack_api.hold("chat.postMessage", release, cap=PROCESS_TIMEOUT, accepted=accepted)
    proc = ticks.start(url, MONDAY_10, "--workers", "1", "--lease-seconds", "60")
    slack_api.wait_for_held("chat.postMessage", timeout=PROCESS_TIMEOUT)
    os.kill(proc.pid, signal.SIGKILL)
    ticks.finish(proc, status=-signal.SIGKILL)
    if not accepted:  # the request of a dead client is dropped: Slack never had it
        slack_api.fail("chat.postMessage", status=500)
    release.set()
    slack_api.wait_for("chat.postMessage", timeout=PROCESS_TIMEOUT)
    (row,) = deliveries(url)
    assert (row.user_id, row.status) == (PERSON, SENDING), "killed before the record"
    assert len(slack_api.history("D" + PERSON[1:])) == int(accepted)


def restart(ticks, url: str, after: timedelta) -> str:
    """A tick process `after` the killed one's instant, with the short lease; its output."""
    return ticks.run(url, MONDAY_10 + after, "--lease-seconds", str(int(LEASE.seconds)))


@pytest.mark.parametrize("accepted", [True, False],
                         ids=["slack-accepted-it", "slack-never-got-it"])
def test_a_bot_killed_while_a_dm_was_on_its_way_sends_exactly_one_after_a_restart(
        migrated_database_url, slack_api, ticks, accepted):
    url = migrated_database_url
    seed(url, [PERSON])
    kill_while_posting(ticks, slack_api, url, accepted=accepted)

    # Within the lease the delivery may still be on its way: a restart leaves it alone.
    early = restart(ticks, url, LEASE / 2)
    assert (summary(early), claims(early)) == ("nothing due", 0), early
    assert slack_api.calls("conversations.history") == []
    assert [row.status for row in deliveries(url)] == [SENDING]

    # Later than the lease, the restart looks it up in the DM's history.
    later = restart(ticks, url, LEASE * 2)
    (history,) = slack_api.calls("conversations.history")
    assert history.body["channel"] == "D" + PERSON[1:]
    assert str(history.body["include_all_metadata"]).lower() in ("1", "true")
    if accepted:
        assert (count(later, "found"), sent_count(later), claims(later)) == (1, 0, 0), later
    else:
        assert (count(later, "resent"), sent_count(later), claims(later)) == (1, 1, 1), later
    assert dms_per_person(slack_api) == {PERSON: 1}
    (ts,) = accepted_ts(slack_api, PERSON)
    (row,) = deliveries(url)
    assert (row.status, row.channel_id, row.message_ts) == (SENT, "D" + PERSON[1:], ts)
    assert row.attempts == (1 if accepted else 2)

    # Settled: later ticks neither look it up again nor send anything more.
    last = restart(ticks, url, timedelta(hours=3))
    assert (sent_count(last), claims(last)) == (0, 0), last
    assert len(slack_api.calls("conversations.history")) == 1
    assert dms_per_person(slack_api) == {PERSON: 1}
