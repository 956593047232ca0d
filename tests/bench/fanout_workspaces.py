"""The weekly fan-out over many workspaces by replicas on one database, and a replica killed
mid-batch: the --workspaces and --kill modes of tests/bench/nudge_fanout.py.

People are seeded through the storage layer (tests/bench/population.py), every one's nudge
due at FIXED_NOW; R tick processes (tests.fakes.tick_process, without --force: each reads
only what is due, in batches no other replica takes) start at once against a stand-in that
limits chat.postMessage PER WORKSPACE (tests/bench/workspace_limits.py) and answers HTTP
500 to 1% of calls. Every replica paces at 95% of the workspace limit: the pace is shared
through the database, so nobody divides it by R.

Claim attempts are what the tick processes print (`claims: N`, every deliveries.claim call,
won or lost) over the DMs Slack accepted; duplicates and losses are counted per person from
what the stand-in accepted; a second tick must find nothing due.

--kill: three replicas; once the stand-in has accepted --kill-after DMs, the first one is
SIGKILLed (its answers come 50 ms after Slack took the message, so some are in flight). The
other two finish; then one tick a minute from FIXED_NOW + CLAIM_LEASE + 1 minute (past the
killed batch's lease and the delivery lease) until no delivery is left claimed or sending.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import timedelta

from sqlalchemy import func, select

from bot.config import Settings
from bot.dependencies import build_dependencies
from storage import migrate
from storage.deliveries import CLAIM_LEASE, CLAIMED, SENDING
from storage.engine import make_engine, make_sessionmaker
from storage.models import Person
from tests.bench import population
from tests.bench.nudge_fanout import (
    FIXED_NOW,
    METHOD,
    MONDAY,
    PACE_SHARE,
    REPO_ROOT,
    RETRY_BACKOFF,
    counts_of,
    delivery_statuses,
    finish,
    fresh_database,
)
from tests.bench.workspace_limits import PerWorkspaceStandIn

KILL_LATENCY = 0.05  # seconds Slack's answer takes in --kill, after it took the message
RECOVERY_TICKS = 30


def prepare(url: str, people: int, per_workspace: int) -> None:
    deps = build_dependencies(Settings(slack_bot_token="xoxb-bench", database_url=url))
    try:
        migrate.upgrade(deps.engine)
        population.seed(deps.sessions, people, per_workspace, FIXED_NOW, anchor=MONDAY,
                        due=lambda n: True, owing=True)
    finally:
        deps.engine.dispose()


def command(url: str, api_url: str, workers: int, per_minute: int, at=FIXED_NOW) -> list[str]:
    return [sys.executable, "-m", "tests.fakes.tick_process", "--database-url", url,
            "--api-url", api_url, "--now", at.isoformat(), "--workers", str(workers),
            "--messages-per-minute", str(per_minute), "--retry-backoff", str(RETRY_BACKOFF)]


def start(argv: list[str]) -> subprocess.Popen:
    return subprocess.Popen(argv, cwd=REPO_ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def claims_of(output: str) -> int:
    lines = [line for line in output.splitlines() if line.startswith("claims: ")]
    return int(lines[-1].split()[1]) if lines else 0


def summary_of(output: str) -> str:
    """A tick process's BatchReport summary ("9990 sent, 10 already"), "" if it died."""
    lines = [line for line in output.strip().splitlines() if not line.startswith("claims: ")]
    return lines[-1] if lines else ""


def per_person(api) -> Counter:
    return Counter(str(c.body.get("channel")) for c in api.delivered(METHOD))


def due_left(url: str) -> tuple[Counter, int]:
    """(delivery rows by status, people whose nudge instant has not moved past the lease)."""
    engine = make_engine(url)
    try:
        with make_sessionmaker(engine).begin() as session:
            leased = session.scalar(select(func.count()).select_from(Person).where(
                Person.next_nudge_at <= FIXED_NOW + CLAIM_LEASE))
    finally:
        engine.dispose()
    return delivery_statuses(url), leased


class Watch:
    """Sees every DM the stand-in accepts (under its lock): when, and at the `kill_after`th
    it SIGKILLs `victim`."""

    def __init__(self, kill_after: int | None):
        self.at: list[float] = []
        self.kill_after, self.victim, self.killed = kill_after, None, False

    def __call__(self, call, _body) -> None:
        if call.method != METHOD:
            return
        self.at.append(time.perf_counter())
        if self.victim is not None and len(self.at) == self.kill_after:
            os.kill(self.victim.pid, signal.SIGKILL)
            self.killed = True


def run(url: str | None, people: int, workspaces: int, rate: float, burst: float,
        workers: int, replicas: int, *, kill_after: int | None = None) -> dict:
    """One fan-out by `replicas` tick processes on a fresh database (and, with
    `kill_after`, the kill and the recovery ticks), then a second tick."""
    per_workspace = people // workspaces
    per_minute = int(rate * 60 * PACE_SHARE)  # every replica: the pace is shared
    watch = Watch(kill_after)

    def workspace_of(channel: str) -> str:
        return population.team_id(population.person_number(channel), per_workspace)

    with fresh_database(url) as db_url, \
            PerWorkspaceStandIn(rate, burst, workspace_of, observer=watch) as api:
        api.fail_randomly(METHOD, 0.01)
        if kill_after is not None:
            api.hold(METHOD, threading.Event(), cap=KILL_LATENCY, accepted=True)
        prepare(db_url, people, per_workspace)
        # A tick sends workspace by workspace: allow every DM at one workspace's pace, twice.
        found = fan_out(db_url, api, watch, replicas, command(db_url, api.url, workers,
                                                                per_minute),
                        timeout=300 + 2 * people / rate)
        found["recovery"] = recover(db_url, api.url, workers, per_minute) \
            if kill_after else []
        calls_before_second = len(api.calls(METHOD))
        found["second"] = finish([start(found["argv"])], 300)[0]
        found["second_calls"] = len(api.calls(METHOD)) - calls_before_second
        found["rows"], found["leased"] = due_left(db_url)
        found["statuses"] = Counter(c.status for c in api.calls(METHOD))
        found["per_person"] = per_person(api)
    found["span"] = watch.at[-1] - watch.at[0] if watch.at else 0.0
    found.update(replicas=replicas, people=people, workspaces=workspaces,
                 per_workspace=per_workspace, rate=rate, per_minute=per_minute)
    return found


def fan_out(db_url: str, api, watch: Watch, replicas: int, argv: list[str], *,
            timeout: float) -> dict:
    """`replicas` tick processes started at once; what they printed and left behind."""
    started = time.perf_counter()
    procs = [start(argv) for _ in range(replicas)]
    watch.victim = procs[0]
    results = finish(procs, timeout)
    return {"argv": argv, "wall": time.perf_counter() - started,
            "exits": [status for status, _, _ in results],
            "outputs": [out for _, out, _ in results],
            "stderr": [err for _, _, err in results],
            "at_end": {"rows": delivery_statuses(db_url), "dms": len(watch.at)},
            "killed": watch.killed}


def recover(url: str, api_url: str, workers: int, per_minute: int) -> list[str]:
    """Ticks a minute apart, from past every lease, until nothing is claimed or sending."""
    outputs = []
    for minute in range(RECOVERY_TICKS):
        at = FIXED_NOW + CLAIM_LEASE + timedelta(minutes=1 + minute)
        status, out, err = finish([start(command(url, api_url, workers, per_minute, at))],
                                  120)[0]
        if status != 0:
            raise RuntimeError(f"recovery tick exited {status}: {err.strip()[-2000:]}")
        outputs.append(out)
        rows, leased = due_left(url)
        if not (rows[CLAIMED] or rows[SENDING] or leased):
            break
    return outputs


def verdict(r: dict) -> dict:
    """Duplicates, losses and the other figures one run is judged on."""
    expected = {population.user_id(n) for n in range(r["people"])}
    got = r["per_person"]
    outputs = r["outputs"] + r["recovery"]
    sent = sum(got.values())
    claims = sum(claims_of(out) for out in outputs)
    summaries = [counts_of(summary_of(out)) for out in outputs]
    found = sum(c["found"] for c in summaries)
    resent = sum(c["resent"] for c in summaries)
    recovered = sum(counts_of(summary_of(out))["sent"] for out in r["recovery"])
    second_status, second_out, _ = r["second"]
    return {
        "duplicates": sum(1 for u in expected if got[u] > 1),
        "losses": sum(1 for u in expected if got[u] == 0),
        "unknown": sum(1 for u in got if u not in expected),
        "sent": sent, "claims": claims, "claims_per_dm": claims / sent if sent else 0.0,
        "found": found, "resent": resent, "recovered": recovered,
        "second_ok": second_status == 0 and r["second_calls"] == 0
        and summary_of(second_out) == "nothing due" and claims_of(second_out) == 0,
        "rows_ok": r["rows"] == Counter({"sent": r["people"]}),
        "minimum": r["per_workspace"] / r["rate"],
    }

