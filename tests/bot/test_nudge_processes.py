"""Weekly nudges are sent exactly once per person and week, whatever runs the tick: two
processes at the same instant, a tick overlapping itself, a crash mid-batch and a restart,
repeated restarts, a bot that was down when the nudges were due, and replicas sharing one
database while one of them is killed.

Each tick process is `python -m tests.fakes.tick_process` against one migrated database and
the Web API stand-in; what Slack received is counted per DM channel (the person's user ID).
A tick takes the people whose instant has come in batches of BATCH, each leased to it for
CLAIM_LEASE: a process that dies holds its batch until the lease runs out, and a delivery
it left "sending" is then looked up in the DM's history (one per workspace and tick).
"""

from __future__ import annotations

import json
import re
import threading
from collections import Counter
from datetime import UTC, datetime

import pytest

from bot.delivery.dispatcher import BATCH
from bot.delivery.jobs import BatchReport
from storage.deliveries import CLAIM_LEASE, CLAIMED, SENDING, SENT
from tests.fakes.tick_process import CRASH_EXIT_STATUS
from tests.fakes.ticks import (
    PROCESS_TIMEOUT,
    UNSETTLED,
    accepted_ts,
    claims,
    count,
    deliveries,
    dms_per_person,
    leased_until,
    sent_count,
    summary,
)
from tests.fakes.ticks import seed as seed_people

PEOPLE = [f"U{n:04d}" for n in range(1, 201)]
MONDAY_10 = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)  # everyone's nudge time in 2026-W49
W49 = "2026-W49"
CRASH_LINE = re.compile(r"crashed after (\d+) sends; in flight: (\w+); claims: (\d+)")


def seed(url: str, people: list[str] = PEOPLE) -> None:
    """`people`, subscribed for Monday 10:00 UTC (tests.fakes.ticks.seed)."""
    seed_people(url, people)


@pytest.fixture
def sqlite_url(migrated_sqlite_url):
    """A migrated SQLite file: the crash and restart tests run on the one-process setup."""
    return migrated_sqlite_url


def assert_everyone_has_one_dm_recorded_sent(url: str, slack_api, people=PEOPLE) -> None:
    per_person = dms_per_person(slack_api)
    assert [p for p, n in per_person.items() if n > 1] == [], "someone got two nudges"
    assert set(per_person) == set(people), f"no nudge: {sorted(set(people) - set(per_person))}"
    rows = {row.user_id: row for row in deliveries(url)}
    assert set(rows) == set(people)
    assert {(row.status, row.week, row.kind) for row in rows.values()} == {(SENT, W49, "nudge")}
    for user, row in rows.items():
        assert [row.message_ts] == accepted_ts(slack_api, user), user
        assert row.sent_at is not None


# -- tests ---------------------------------------------------------------------------------

def test_two_processes_ticking_at_the_same_instant_send_everyone_exactly_one_nudge(
        migrated_database_url, slack_api, ticks):
    url = migrated_database_url
    seed(url)
    first = ticks.start(url, MONDAY_10)
    second = ticks.start(url, MONDAY_10)
    outputs = [ticks.finish(first), ticks.finish(second)]

    per_person = dms_per_person(slack_api)
    missing = set(PEOPLE) - set(per_person)
    assert not missing, (f"{len(missing)} of {len(PEOPLE)} people got no nudge; the ticks "
                         f"said {outputs}; delivery rows: "
                         f"{Counter(r.status for r in deliveries(url))}")
    assert [p for p, n in per_person.items() if n != 1] == [], "someone got two nudges"
    assert sum(sent_count(out) for out in outputs) == len(PEOPLE)
    # They split the people: each person was taken, and claimed, by one process only.
    assert sum(claims(out) for out in outputs) == len(PEOPLE), outputs
    assert [claims(out) for out in outputs] == [sent_count(out) for out in outputs]
    rows = deliveries(url)
    assert len(rows) == len(PEOPLE)
    assert {(r.status, r.week, r.kind) for r in rows} == {(SENT, W49, "nudge")}

    third = ticks.run(url, MONDAY_10)
    assert (sent_count(third), claims(third)) == (0, 0), third
    assert len(slack_api.calls("chat.postMessage")) == len(PEOPLE)


def test_a_tick_overlapping_itself_in_one_process_sends_everyone_exactly_once(
        deps, clock, dispatcher, slack_api):
    seed(deps.settings.database_url)
    clock.set(MONDAY_10)
    start = threading.Barrier(2)
    reports: list[BatchReport] = []
    errors: list[BaseException] = []

    def tick() -> None:
        try:
            start.wait(timeout=10)
            reports.append(dispatcher.tick())
        except BaseException as err:  # re-raised in the test below
            errors.append(err)

    threads = [threading.Thread(target=tick) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=PROCESS_TIMEOUT)
    assert not any(thread.is_alive() for thread in threads), "a tick hung"
    assert errors == []

    per_person = dms_per_person(slack_api)
    assert set(per_person) == set(PEOPLE)
    assert max(per_person.values()) == 1
    assert sum(report.counts["sent"] for report in reports) == len(PEOPLE)
    assert all(report.stopped is None for report in reports)


@pytest.mark.parametrize("workers", [1, 4])
def test_a_crash_mid_batch_leaves_its_batch_leased_then_everyone_gets_exactly_one_nudge(
        sqlite_url, slack_api, ticks, workers):
    seed(sqlite_url)
    crashed = ticks.run(sqlite_url, MONDAY_10, "--die-after", "50", "--workers", str(workers),
                        status=CRASH_EXIT_STATUS)
    match = CRASH_LINE.search(crashed)
    assert match, crashed
    in_flight = match[2]
    before_restart = dms_per_person(slack_api)
    # Other send workers may have had a message of their own accepted in that same moment.
    assert 50 <= sum(before_restart.values()) <= 50 + workers - 1
    at_crash = {row.user_id: row.status for row in deliveries(sqlite_url)}
    sending_at_crash = {user for user, status in at_crash.items() if status == SENDING}
    # Each send worker held at most one claim: "sending" if it had called Slack, "claimed"
    # if it was still waiting for its slot.
    assert in_flight in sending_at_crash
    assert len([s for s in at_crash.values() if s in UNSETTLED]) <= workers
    # The dead process had taken one batch, leased for CLAIM_LEASE; it sent only to it.
    dead_batch = leased_until(sqlite_url, MONDAY_10 + CLAIM_LEASE)
    assert len(dead_batch) == BATCH
    assert set(at_crash) <= dead_batch
    # (A claim attempted at that moment may not have been written.)
    assert len(at_crash) <= int(match[3]) <= len(at_crash) + workers - 1

    # A restart at the same instant sends everyone else, and nothing of the dead batch.
    restart = ticks.run(sqlite_url, MONDAY_10)
    assert sent_count(restart) == claims(restart) == len(PEOPLE) - BATCH, restart
    per_person = dms_per_person(slack_api)
    assert set(per_person) - dead_batch == set(PEOPLE) - dead_batch
    assert max(per_person.values()) == 1
    # (A call on its way when the process died may reach Slack a moment later: its row is
    # "sending".)
    called = {user for user, status in at_crash.items() if status in (SENT, SENDING)}
    assert set(per_person) & dead_batch <= called
    assert {row.user_id: row.status for row in deliveries(sqlite_url)
            if row.user_id in dead_batch} == at_crash

    # Once the lease is over, a tick sends the rest of the batch, and the messages left
    # "sending" are looked up: the one in flight is found (Slack had accepted it); one
    # whose call never reached Slack is sent again. One lookup a tick: as many as needed.
    later = ticks.until_settled(sqlite_url, MONDAY_10 + CLAIM_LEASE, most=workers + 2)
    looked_up = [count(out, "found") + count(out, "resent") for out in later]
    assert looked_up == [1] * len(sending_at_crash), later
    assert sum(count(out, "found") for out in later) >= 1, "the one in flight"
    if workers == 1:
        assert sending_at_crash == {in_flight}
        (only,) = later
        assert (sent_count(only), count(only, "found"), claims(only)) == (BATCH - 50, 1,
                                                                         BATCH - 50), only
    assert_everyone_has_one_dm_recorded_sent(sqlite_url, slack_api)
    row = next(row for row in deliveries(sqlite_url) if row.user_id == in_flight)
    assert row.attempts == 1, "found, not sent again"

    again = ticks.run(sqlite_url, MONDAY_10.replace(hour=18), "--force")
    assert sent_count(again) == 0, again
    assert dms_per_person(slack_api) == Counter(PEOPLE)


def test_restarting_the_bot_three_times_sends_everyone_one_nudge_in_total(
        sqlite_url, slack_api, ticks):
    seed(sqlite_url)
    outputs = [ticks.run(sqlite_url, MONDAY_10.replace(minute=minute))
               for minute in (0, 1, 2)]

    assert [sent_count(out) for out in outputs] == [len(PEOPLE), 0, 0], outputs
    # Everyone's next instant is next week's: the restarts do not even look at them.
    assert [claims(out) for out in outputs] == [len(PEOPLE), 0, 0], outputs
    assert len(slack_api.calls("chat.postMessage")) == len(PEOPLE)
    per_person = dms_per_person(slack_api)
    assert set(per_person) == set(PEOPLE)
    assert max(per_person.values()) == 1


def test_a_bot_down_at_the_due_time_sends_missed_nudges_within_the_week_never_for_a_passed_week(
        sqlite_url, slack_api, ticks):
    seed(sqlite_url)
    # Down on Monday 10:00 of 2026-W49, back on Wednesday: the week's nudges go out.
    back_on_wednesday = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
    assert sent_count(ticks.run(sqlite_url, back_on_wednesday)) == len(PEOPLE)
    calls = slack_api.delivered("chat.postMessage")
    assert Counter(c.body["channel"] for c in calls) == Counter(PEOPLE)
    for call in calls:
        assert call.body["blocks"][0]["text"]["text"].startswith("This week: ")
        assert json.loads(call.body["blocks"][-2]["elements"][0]["value"])["w"] == W49
        assert f"Week {W49}" in call.body["blocks"][-1]["elements"][0]["text"]
    assert {(r.week, r.status) for r in deliveries(sqlite_url)} == {(W49, SENT)}

    # Then down all of 2026-W50, back on Monday of 2026-W51 before 10:00: W50 has passed,
    # so nothing is sent for it, and W51's nudge is not due yet.
    slack_api.clear()
    back_next_week = datetime(2026, 12, 14, 9, 59, tzinfo=UTC)
    out = ticks.run(sqlite_url, back_next_week)
    assert (summary(out), claims(out)) == ("nothing due", 0), out
    assert slack_api.calls("chat.postMessage") == []
    assert {r.week for r in deliveries(sqlite_url)} == {W49}

    # At 10:00 the nudges that go out are W51's, not the missed W50's.
    assert sent_count(ticks.run(sqlite_url, back_next_week.replace(hour=10, minute=0))) == 200
    calls = slack_api.delivered("chat.postMessage")
    assert Counter(c.body["channel"] for c in calls) == Counter(PEOPLE)
    assert {json.loads(c.body["blocks"][-2]["elements"][0]["value"])["w"] for c in calls} == {
        "2026-W51"}
    assert Counter(r.week for r in deliveries(sqlite_url)) == {W49: 200, "2026-W51": 200}


def test_replicas_sharing_a_database_split_the_work_and_finish_a_killed_replicas_batch(
        migrated_postgres_url, slack_api, ticks):
    """Replicas share one database. One is killed mid-batch, holding claims on people it
    had not sent to yet; two others, started at the same instant while it still runs, split
    everyone else between them (one claim per person) and leave its batch alone; once the
    lease has run out a tick sends the rest of that batch and finds the message that was on
    its way to Slack when the replica died. Nobody gets two, nobody is missed."""
    url, people = migrated_postgres_url, PEOPLE
    seed(url, people)
    # Paced at two a second, the doomed replica's four send workers each claim someone and
    # wait for their slot; after each send a worker claims the next person at once. It dies
    # right after Slack accepted its fourth message, holding the claims made meanwhile.
    dying = ticks.start(url, MONDAY_10, "--die-after", "4", "--messages-per-minute", "120")
    slack_api.wait_for("chat.postMessage", timeout=PROCESS_TIMEOUT)  # it is mid-batch
    others = [ticks.start(url, MONDAY_10) for _ in range(2)]
    crashed = ticks.finish(dying, status=CRASH_EXIT_STATUS)
    outputs = [ticks.finish(proc) for proc in others]
    match = CRASH_LINE.search(crashed)
    assert match, crashed
    in_flight = match[2]

    at_crash = {row.user_id: row.status for row in deliveries(url)}
    dead_batch = leased_until(url, MONDAY_10 + CLAIM_LEASE)
    claimed = {user for user, status in at_crash.items() if status == CLAIMED}
    sending = {user for user, status in at_crash.items() if status == SENDING}
    assert claimed, "the killed replica held claims on people it had not sent to"
    assert in_flight in sending
    assert len(claimed | sending) <= 4, "only the killed replica's four workers held any"
    assert claimed | sending <= dead_batch and len(dead_batch) == BATCH
    # The replicas split the rest: each of those people claimed once, by one of them.
    assert sum(claims(out) for out in outputs) == len(people) - BATCH, outputs
    assert sum(sent_count(out) for out in outputs) == len(people) - BATCH, outputs
    per_person = dms_per_person(slack_api)
    assert max(per_person.values()) == 1, "nobody got two"
    assert per_person[in_flight] == 1, "Slack accepted it before the replica died"
    assert set(people) - set(per_person) <= dead_batch
    # The killed replica's own messages: its fourth, and any others accepted that moment.
    assert 4 <= len(per_person & Counter(dead_batch)) <= 4 + 3
    recorded = {user for user in dead_batch if at_crash.get(user) == SENT}

    # After the lease, ticks take over the dead replica's batch: its claims and the people
    # it never reached are sent, each delivery it left "sending" found or sent again.
    later = ticks.until_settled(url, MONDAY_10 + CLAIM_LEASE, most=6)
    resent = sum(count(out, "resent") for out in later)
    assert [count(out, "found") + count(out, "resent") for out in later] == \
        [1] * len(sending), "one lookup a tick"
    assert sum(claims(out) for out in later) == BATCH - len(recorded | sending) + resent
    assert_everyone_has_one_dm_recorded_sent(url, slack_api, people)
