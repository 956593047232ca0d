"""Running scheduler ticks as processes of their own (tests.fakes.tick_process) against one
database and the Web API stand-in, and reading back what they did."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from storage.deliveries import CLAIMED, SENDING
from storage.engine import make_engine, make_sessionmaker
from storage.models import Delivery, Person
from storage.people import ensure_workspace
from tests.fakes.slack_api import TEAM_ID

REPO_ROOT = Path(__file__).resolve().parents[2]
PROCESS_TIMEOUT = 60  # seconds: only a hung process ever gets near it
ANCHOR = date(2026, 11, 2)  # the workspace's first Monday
UNSETTLED = {CLAIMED, SENDING}


def seed(url: str, people: list[str]) -> None:
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


def read(url: str, statement) -> list:
    """The rows `statement` returns, read in a connection of its own."""
    engine = make_engine(url)
    try:
        with make_sessionmaker(engine).begin() as session:
            return list(session.execute(statement))
    finally:
        engine.dispose()


def deliveries(url: str) -> list[Delivery]:
    return [row for (row,) in read(url, select(Delivery).order_by(Delivery.id))]


def leased_until(url: str, until: datetime) -> set[str]:
    """The people whose nudge instant is `until`: a batch a tick took and never moved on."""
    return {user for user, at in read(url, select(Person.user_id, Person.next_nudge_at))
            if at == until}


def dms_per_person(slack_api) -> Counter:
    """How many DMs Slack accepted for each person (the channel is their user ID)."""
    return Counter(call.body["channel"] for call in slack_api.delivered("chat.postMessage"))


def accepted_ts(slack_api, user_id: str) -> list[str]:
    """The ts of each message Slack holds in the DM with `user_id`."""
    return [m["ts"] for m in slack_api.history("D" + user_id[1:])]


def summary(output: str) -> str:
    """A tick process's BatchReport summary ("50 sent, 1 found"): its last line."""
    lines = output.strip().splitlines()
    return lines[-1] if lines else ""


def count(output: str, name: str) -> int:
    """A figure of a tick's summary line ("50 sent, 1 found")."""
    match = re.search(rf"(\d+) {name}\b", summary(output))
    return int(match[1]) if match else 0


def sent_count(output: str) -> int:
    return count(output, "sent")


def claims(output: str) -> int:
    """How many claims the tick process attempted (its line `claims: N`)."""
    match = re.search(r"^claims: (\d+)$", output, re.MULTILINE)
    assert match, output
    return int(match[1])


class TickProcesses:
    """Starts tick processes and waits for them; kills any left running at close."""

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

    def until_settled(self, url: str, start: datetime, most: int, *extra: str) -> list[str]:
        """Ticks a minute apart from `start` until no delivery is left claimed or sending
        (each tick looks up one stale delivery per workspace); their outputs."""
        outputs = []
        for minute in range(most):
            outputs.append(self.run(url, start + timedelta(minutes=minute), *extra))
            if not {row.status for row in deliveries(url)} & UNSETTLED:
                return outputs
        raise AssertionError(f"deliveries still unsettled after {most} ticks: {outputs}")

    def close(self) -> None:
        for proc in self.started:
            if proc.poll() is None:
                proc.kill()
            proc.communicate()
