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


def run(url: str | None, people: int, workspaces: int, rate: float, burst: float,
        workers: int, replicas: int, *, kill_after: int | None = None) -> dict:
    per_workspace = people // workspaces
    per_minute = int(rate * 60 * PACE_SHARE)  # every replica: the pace is shared
    accepted_at: list[float] = []
    killed = threading.Event()
    procs: list[subprocess.Popen] = []

    def stamp(call, _body) -> None:  # under the stand-in's lock, for each DM Slack took
        if call.method == METHOD:
            accepted_at.append(time.perf_counter())
            if kill_after is not None and len(accepted_at) == kill_after and procs:
                os.kill(procs[0].pid, signal.SIGKILL)
                killed.set()

    def workspace_of(channel: str) -> str:
        return population.team_id(population.person_number(channel), per_workspace)

    # A tick sends workspace by workspace: allow every DM at one workspace's pace, twice.
    timeout = 300 + 2 * people / rate
    with fresh_database(url) as db_url, \
            PerWorkspaceStandIn(rate, burst, workspace_of, observer=stamp) as api:
        api.fail_randomly(METHOD, 0.01)
        if kill_after is not None:
            api.hold(METHOD, threading.Event(), cap=KILL_LATENCY, accepted=True)
        prepare(db_url, people, per_workspace)
        argv = command(db_url, api.url, workers, per_minute)
        started = time.perf_counter()
        procs += [start(argv) for _ in range(replicas)]
        results = finish(procs, timeout)
        wall = time.perf_counter() - started
        at_end = {"rows": delivery_statuses(db_url), "dms": len(accepted_at)}
        recovery = recover(db_url, api.url, workers, per_minute) if kill_after else []
        calls_before_second = len(api.calls(METHOD))
        second = finish([start(command(db_url, api.url, workers, per_minute))], timeout)[0]
        rows, leased = due_left(db_url)
        return {
            "replicas": replicas, "people": people, "workspaces": workspaces,
            "per_workspace": per_workspace, "rate": rate, "per_minute": per_minute,
            "wall": wall, "span": (accepted_at[-1] - accepted_at[0]) if accepted_at else 0.0,
            "first_dm": (accepted_at[0] - started) if accepted_at else 0.0,
            "exits": [status for status, _, _ in results],
            "outputs": [out for _, out, _ in results],
            "stderr": [err for _, _, err in results],
            "statuses": Counter(c.status for c in api.calls(METHOD)),
            "per_person": per_person(api), "refused_workspaces": len(api.refused),
            "at_end": at_end, "recovery": recovery, "killed": killed.is_set(),
            "second": second, "second_calls": len(api.calls(METHOD)) - calls_before_second,
            "rows": rows, "leased": leased,
        }


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
    second_status, second_out, _ = r["second"]
    return {
        "duplicates": sum(1 for u in expected if got[u] > 1),
        "losses": sum(1 for u in expected if got[u] == 0),
        "unknown": sum(1 for u in got if u not in expected),
        "sent": sent, "claims": claims, "claims_per_dm": claims / sent if sent else 0.0,
        "found": found, "resent": resent,
        "second_ok": second_status == 0 and r["second_calls"] == 0
        and summary_of(second_out) == "nothing due" and claims_of(second_out) == 0,
        "rows_ok": r["rows"] == Counter({"sent": r["people"]}),
        "minimum": r["per_workspace"] / r["rate"],
    }


def main(args) -> int:
    """nudge_fanout --workspaces W [--compare] [--kill]: the runs, a table, and the verdict."""
    if args.kill:
        counts = [3]
    else:
        counts = [1, args.replicas or 3] if args.compare else [args.replicas or 1]
    kill_after = args.kill_after or args.people // 5 if args.kill else None
    runs = {f"{n} replica{'s' if n > 1 else ''}{', one killed' if args.kill else ''}":
            run(args.database_url, args.people, args.workspaces, args.rate, args.burst,
                args.workers, n, kill_after=kill_after) for n in counts}
    judged = {name: verdict(r) for name, r in runs.items()}
    first = next(iter(runs.values()))
    print(f"{args.people:,} people over {args.workspaces} workspaces "
          f"({first['per_workspace']} each), limit {args.rate:g}/s per workspace (bursts of "
          f"{args.burst:g}), every replica paced at {first['per_minute']}/min, "
          f"{args.workers} send workers per replica, 1% HTTP 500; load average "
          f"{os.getloadavg()[0]:.1f} at the end (2 cores)")
    rows = (
        ("drain: start to all exits (s)", lambda r, v: f"{r['wall']:.1f}"),
        ("  first to last DM accepted (s)" + (", recovery too" if args.kill else ""),
         lambda r, v: f"{r['span']:.1f}"),
        ("minimum the limit allows (s)", lambda r, v: f"{v['minimum']:.1f}"),
        ("ratio to minimum (wall)", lambda r, v: f"{r['wall'] / v['minimum']:.2f}x"),
        ("DMs accepted", lambda r, v: f"{v['sent']:,}"),
        ("claim attempts per DM" + (" (not the killed)" if args.kill else ""),
         lambda r, v: f"{v['claims_per_dm']:.3f}"),
        ("answered 429", lambda r, v: f"{r['statuses'][429]}"),
        ("answered 500", lambda r, v: f"{r['statuses'][500]}"),
        ("duplicates / losses", lambda r, v: f"{v['duplicates']} / {v['losses']}"),
        ("sent per replica", lambda r, v: " / ".join(
            str(counts_of(summary_of(o))["sent"]) if summary_of(o) else "killed"
            for o in r["outputs"])),
    )
    width = 26
    print(f"{'measure':<34}" + "".join(f"{name:>{width}}" for name in runs))
    for label, cell in rows:
        print(f"{label:<34}" + "".join(f"{cell(r, judged[n]):>{width}}"
                                       for n, r in runs.items()))
    ok = True
    for name, r in runs.items():
        v = judged[name]
        good = (v["duplicates"] == v["losses"] == v["unknown"] == 0 and v["rows_ok"]
                and v["second_ok"] and r["statuses"][429] == 0)
        if not args.kill:
            good = good and (r["replicas"] == 1 or v["claims_per_dm"] <= 1.05)
            good = good and all(status == 0 for status in r["exits"])
        else:
            good = good and r["killed"]
            print(f"{name}: killed after {kill_after:,} DMs; when the others ended: "
                  f"{_rows(r['at_end']['rows'])}; {len(r['recovery'])} recovery ticks: "
                  f"{v['found']} found in the DM history, {v['resent']} sent again")
        ok = ok and good
        for i, (out, err) in enumerate(zip(r["outputs"], r["stderr"], strict=True)):
            lines = err.strip().splitlines()
            tail = f"; stderr ({len(lines)} lines): {lines[-1]}" if lines else ""
            print(f"  replica {i + 1}: {summary_of(out) or 'killed'}, {claims_of(out)} "
                  f"claims{tail}")
        print(f"{name}: delivery rows {_rows(r['rows'])}; second tick "
              f"{summary_of(r['second'][1]) or '-'}: "
              f"{'PASS' if good else 'FAIL'}")
    if args.compare and not args.kill:
        one, many = runs.values()
        ok = ok and many["wall"] <= one["wall"]
        print(f"{many['replicas']} replicas vs 1: {one['wall'] / many['wall']:.2f}x the "
              f"throughput (target: no slower)")
    print(f"overall {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


def _rows(rows: Counter) -> str:
    return ", ".join(f"{n} {status}" for status, n in sorted(rows.items())) or "none"
