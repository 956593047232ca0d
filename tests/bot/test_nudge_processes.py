"""Weekly nudges are sent at most once per person and week, whatever runs the tick: two
processes at the same instant, a tick overlapping itself, a crash mid-batch and a restart,
repeated restarts, a bot that was down when the nudges were due, and replicas sharing one
database while one of them is killed.

Each tick process is `python -m tests.fakes.tick_process` against one migrated database and
the Web API stand-in; what Slack received is counted per DM channel (the person's user ID).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.delivery.jobs import BatchReport
from storage.deliveries import CLAIM_LEASE, CLAIMED, SENDING, SENT
from storage.engine import make_engine, make_sessionmaker
from storage.models import Delivery, Person
from storage.people import ensure_workspace
from tests.fakes.slack_api import TEAM_ID
from tests.fakes.tick_process import CRASH_EXIT_STATUS

REPO_ROOT = Path(__file__).resolve().parents[2]
PROCESS_TIMEOUT = 60  # seconds: only a hung process ever gets near it
PEOPLE = [f"U{n:04d}" for n in range(1, 201)]
ANCHOR = date(2026, 11, 2)  # the workspace's first Monday
MONDAY_10 = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)  # everyone's nudge time in 2026-W49
W49 = "2026-W49"
CRASH_LINE = re.compile(r"crashed after (\d+) sends; in flight: (\w+)")


# -- helpers -------------------------------------------------------------------------------

def seed(url: str, people: list[str] = PEOPLE) -> None:
    """Add the workspace and `people`, subscribed for Monday 10:00 UTC, to the migrated
    database at `url`, in one transaction."""
    engine = make_engine(url)
    try:
        with make_sessionmaker(engine).begin() as session:
            ensure_workspace(session, TEAM_ID, anchor=ANCHOR)
            session.add_all(
                Person(team_id=TEAM_ID, user_id=user_id, subscribed=True, timezone="UTC",
                       nudge_weekday=0, nudge_minute=10 * 60)
                for user_id in people
            )
    finally:
        engine.dispose()


def deliveries(url: str) -> list[Delivery]:
    engine = make_engine(url)
    try:
        with make_sessionmaker(engine).begin() as session:
            return list(session.scalars(select(Delivery).order_by(Delivery.id)))
    finally:
        engine.dispose()


def dms_per_person(slack_api) -> Counter:
    """How many DMs Slack accepted for each person (the channel is their user ID)."""
    return Counter(call.body["channel"] for call in slack_api.delivered("chat.postMessage"))


def sent_count(summary: str) -> int:
    match = re.search(r"(\d+) sent", summary)
    return int(match[1]) if match else 0


class TickProcesses:
    """Starts tick processes and waits for them; kills any left running at teardown."""

    def __init__(self, api_url: str):
        self.api_url = api_url
        self.started: list[subprocess.Popen] = []

    def start(self, url: str, now: datetime, *extra: str) -> subprocess.Popen:
        proc = subprocess.Popen(
            [sys.executable, "-m", "tests.fakes.tick_process", "--database-url", url,
             "--api-url", self.api_url, "--now", now.isoformat(), *extra],
            cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        self.started.append(proc)
        return proc

    @staticmethod
    def finish(proc: subprocess.Popen, status: int = 0) -> str:
        """Wait for `proc` to end with `status`; its stdout."""
        try:
            out, err = proc.communicate(timeout=PROCESS_TIMEOUT)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
            raise AssertionError(f"tick process hung:\n{out}\n{err}") from None
        assert proc.returncode == status, (
            f"tick process exited {proc.returncode}, expected {status}:\n{out}\n{err}")
        return out

    def run(self, url: str, now: datetime, *extra: str, status: int = 0) -> str:
        return self.finish(self.start(url, now, *extra), status)

    def close(self) -> None:
        for proc in self.started:
            if proc.poll() is None:
                proc.kill()
            proc.communicate()


@pytest.fixture
def ticks(slack_api):
    processes = TickProcesses(slack_api.url)
    yield processes
    processes.close()


@pytest.fixture
def sqlite_url(migrated_sqlite_url):
    """A migrated SQLite file: the crash and restart tests run on the one-process setup."""
    return migrated_sqlite_url


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
    rows = deliveries(url)
    assert len(rows) == len(PEOPLE)
    assert {(r.status, r.week, r.kind) for r in rows} == {(SENT, W49, "nudge")}

    third = ticks.run(url, MONDAY_10)
    assert sent_count(third) == 0, third
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
def test_a_crash_mid_batch_then_a_restart_never_sends_anyone_two_nudges(
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
    assert len([s for s in at_crash.values() if s in (SENDING, CLAIMED)]) <= workers

    # A restart at once sends everyone else; claims abandoned by the crash wait out their
    # lease, and rows left "sending" are never sent again (Slack may have them).
    ticks.run(sqlite_url, MONDAY_10)
    later = ticks.run(sqlite_url, MONDAY_10 + CLAIM_LEASE, "--force")

    per_person = dms_per_person(slack_api)
    assert [p for p, n in per_person.items() if n > 1] == [], "someone got two nudges"
    assert per_person[in_flight] == 1, "Slack accepted it before the crash"
    missing = set(PEOPLE) - set(per_person)
    assert missing <= sending_at_crash - {in_flight}
    if workers == 1:
        assert missing == set() and sending_at_crash == {in_flight}
    rows = {row.user_id: row for row in deliveries(sqlite_url)}
    assert {rows[p].status for p in set(PEOPLE) - sending_at_crash} == {SENT}
    row = rows[in_flight]
    assert (row.status, row.week, row.kind, row.sent_at, row.message_ts) == (
        SENDING, W49, "nudge", None, None)
    assert "sent" not in later or sent_count(later) <= workers - 1
    again = ticks.run(sqlite_url, MONDAY_10.replace(hour=18), "--force")
    assert sent_count(again) == 0, again
    assert dms_per_person(slack_api) == per_person


def test_restarting_the_bot_three_times_sends_everyone_one_nudge_in_total(
        sqlite_url, slack_api, ticks):
    seed(sqlite_url)
    outputs = [ticks.run(sqlite_url, MONDAY_10.replace(minute=minute))
               for minute in (0, 1, 2)]

    assert [sent_count(out) for out in outputs] == [len(PEOPLE), 0, 0], outputs
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
    assert ticks.run(sqlite_url, back_next_week).strip() == "nothing due"
    assert slack_api.calls("chat.postMessage") == []
    assert {r.week for r in deliveries(sqlite_url)} == {W49}

    # At 10:00 the nudges that go out are W51's, not the missed W50's.
    assert sent_count(ticks.run(sqlite_url, back_next_week.replace(hour=10, minute=0))) == 200
    calls = slack_api.delivered("chat.postMessage")
    assert Counter(c.body["channel"] for c in calls) == Counter(PEOPLE)
    assert {json.loads(c.body["blocks"][-2]["elements"][0]["value"])["w"] for c in calls} == {
        "2026-W51"}
    assert Counter(r.week for r in deliveries(sqlite_url)) == {W49: 200, "2026-W51": 200}


def test_replicas_sharing_a_database_finish_what_a_killed_replica_had_claimed(
        migrated_postgres_url, slack_api, ticks):
    """Replicas share one database. One is killed mid-batch, holding claims on people it
    had not sent to yet; two others, started at the same instant while it still runs, give
    everyone else one nudge each and leave its claims alone; once the lease has run out a
    tick sends what it had only claimed. Nobody gets two; only a message that was on its
    way to Slack when the replica died is never sent again."""
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
    claimed = {user for user, status in at_crash.items() if status == CLAIMED}
    sending = {user for user, status in at_crash.items() if status == SENDING}
    assert claimed, "the killed replica held claims on people it had not sent to"
    assert in_flight in sending
    assert len(claimed | sending) <= 4, "only the killed replica's four workers held any"
    per_person = dms_per_person(slack_api)
    assert max(per_person.values()) == 1, "nobody got two"
    assert per_person[in_flight] == 1, "Slack accepted it before the replica died"
    assert not claimed & set(per_person), "a live claim was taken by another replica"
    assert set(people) - set(per_person) <= claimed | sending
    # The killed replica's own messages: its fourth, and any others accepted that moment.
    assert 4 <= len(per_person) - sum(sent_count(out) for out in outputs) <= 4 + 3

    # After the lease, any replica's tick takes over what the dead one had only claimed.
    later = ticks.run(url, MONDAY_10 + CLAIM_LEASE)
    assert sent_count(later) == len(claimed), later
    per_person = dms_per_person(slack_api)
    assert max(per_person.values()) == 1, "nobody got two"
    assert set(people) - set(per_person) <= sending - {in_flight}
    rows = {row.user_id: row for row in deliveries(url)}
    assert len(rows) == len(people)
    assert {(rows[p].status, rows[p].week, rows[p].kind) for p in set(people) - sending} == {
        (SENT, W49, "nudge")}
