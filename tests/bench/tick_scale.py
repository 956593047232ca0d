"""Benchmark: a scheduler tick's cost as subscribers grow, idle and with 1% due.

    .venv/bin/python -m tests.bench.tick_scale [--sizes 10000,100000,1000000]
        [--workspaces 100] [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/test]

For each size, that many subscribers spread evenly over --workspaces workspaces, seeded
through the storage layer (tests/bench/population.py: every row's wake-up instants the real
next ones), then ticks of the real Dispatcher (bot.scheduler.build_dispatcher) against the
Web API stand-in, in this process, with the clock fixed on a Wednesday noon:

- idle: nobody is due; the median of --idle-ticks ticks, with the SQL statements and rows
  fetched per tick (tests/bench/sql_counter.py) and the tick's tracemalloc peak. Target:
  under 50 ms at 1,000,000, statements not growing with subscribers.
- 1% due: every 100th person owes this week's nudge; the tick (find, claim, send, record,
  move the instants on) against "the sends themselves": the same DMs, their jobs built
  beforehand by the nudge source, through bot.delivery.jobs.run_jobs once per workspace
  (what the dispatcher calls; claim, pace, send, record), on the same database. Each of
  --rounds rounds runs both, in turns, from the same state. Target: at most 2x.

Sends are not paced (SLACK_MESSAGES_PER_MINUTE 10,000,000: each send still takes its slot
from the database), send_workers 8, no 5xx. A PostgreSQL URL gets a fresh schema per size,
dropped afterwards, and ANALYZE after seeding (as autovacuum would); SQLite a fresh file.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import tracemalloc
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select, text, update

from bot.coaching.calendar import local_week, nudge_at
from bot.config import Settings
from bot.delivery.jobs import run_jobs
from bot.dependencies import build_dependencies
from bot.reflect import nudges
from bot.scheduler import build_dispatcher
from bot.slack_clients import create_web_client
from storage import migrate
from storage.deliveries import NUDGE, REMINDER
from storage.engine import is_sqlite
from storage.models import Delivery, Person, Workspace
from tests.bench import population
from tests.bench.nudge_fanout import fresh_database
from tests.bench.sql_counter import count_sql
from tests.fakes.slack_api import SlackApiStandIn

NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)  # a Wednesday
ANCHOR = local_week(NOW, UTC) - timedelta(weeks=8)
DUE_EVERY = 100  # 1%
UNPACED, WORKERS = 10_000_000, 8
IDLE_TARGET, DUE_TARGET = 0.050, 2.0


def due(n: int) -> bool:
    return n % DUE_EVERY == 0


@contextmanager
def bench_database(url: str | None):
    if url is None or is_sqlite(url):
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite:///{Path(tmp) / 'scale.db'}"
        return
    with fresh_database(url) as scoped:
        yield scoped


def owe_again(deps, people: int) -> None:
    """The due have no delivery and this week's nudge time as their instant, again."""
    with deps.sessions.begin() as session:
        session.execute(delete(Delivery))
        by_zone: dict[str, list[str]] = {}
        for n in range(0, people, DUE_EVERY):
            by_zone.setdefault(population.ZONES[n % len(population.ZONES)], []).append(
                population.user_id(n))
        for zone, users in by_zone.items():
            tz = ZoneInfo(zone)
            at = nudge_at(local_week(NOW, tz), population.SCHEDULES[0], tz)
            for start in range(0, len(users), 500):
                session.execute(update(Person).execution_options(synchronize_session=False)
                                .where(Person.user_id.in_(users[start:start + 500]))
                                .values(next_nudge_at=at))


def prebuilt_jobs(deps, people: int) -> dict[str, list]:
    """Each workspace's nudge jobs for the due, as the tick would build them."""
    users = [population.user_id(n) for n in range(0, people, DUE_EVERY)]
    jobs: dict[str, list] = {}
    with deps.sessions.begin() as session:
        rows: list[Person] = []
        for start in range(0, len(users), 500):
            rows += session.scalars(select(Person).where(
                Person.user_id.in_(users[start:start + 500])))
        by_team: dict[str, list[Person]] = {}
        for row in rows:
            by_team.setdefault(row.team_id, []).append(row)
        for team, found in by_team.items():
            ws = session.get(Workspace, team)
            jobs[team], _ = nudges.nudge_jobs(deps, ws, session, NOW,
                                              {NUDGE: found, REMINDER: []}, force=False)
    return jobs


def timed(counter, work) -> dict:
    counter.reset()
    counter.on = True
    started = time.perf_counter()
    result = work()
    wall = time.perf_counter() - started
    counter.on = False
    return {"wall": wall, "statements": counter.statements, "rows": counter.rows,
            "result": result}


def measure(url: str | None, people: int, workspaces: int, idle_ticks: int,
            rounds: int) -> dict:
    per_workspace = max(1, people // workspaces)
    with bench_database(url) as db_url, SlackApiStandIn() as api:
        settings = Settings(slack_bot_token="xoxb-bench", slack_api_url=api.url,
                            database_url=db_url, messages_per_minute=UNPACED,
                            send_workers=WORKERS, slack_retry_backoff=0.0)
        deps = replace(build_dependencies(settings), clock=lambda: NOW)
        try:
            migrate.upgrade(deps.engine)
            started = time.perf_counter()
            owed = population.seed(deps.sessions, people, per_workspace, NOW, anchor=ANCHOR,
                                   due=due, owing=False)
            seeding = time.perf_counter() - started
            if not is_sqlite(db_url):
                with deps.engine.begin() as conn:
                    conn.execute(text("ANALYZE"))
            counter = count_sql(deps.engine)
            client = create_web_client("xoxb-bench", api.url, backoff=0.0)
            dispatcher = build_dispatcher(deps, lambda _team_id: client)
            result = {"people": people, "workspaces": people // per_workspace,
                      "seeding": seeding, "owed": owed}
            result.update(idle(dispatcher, counter, api, idle_ticks))
            result.update(one_percent(deps, dispatcher, client, counter, api, people, rounds))
            return result
        finally:
            deps.engine.dispose()


def idle(dispatcher, counter, api, ticks: int) -> dict:
    for _ in range(2):  # warm-up: first connections, compiled statement caches
        dispatcher.tick()
    runs = [timed(counter, dispatcher.tick) for _ in range(ticks)]
    sent = len(api.calls("chat.postMessage"))  # must stay 0: nobody is due
    tracemalloc.start()
    dispatcher.tick()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    walls = sorted(r["wall"] for r in runs)
    return {"idle_median": statistics.median(walls), "idle_max": walls[-1],
            "idle_statements": {r["statements"] for r in runs},
            "idle_rows": {r["rows"] for r in runs}, "idle_peak": peak, "idle_sent": sent}


def one_percent(deps, dispatcher, client, counter, api, people: int, rounds: int) -> dict:
    expected = len(range(0, people, DUE_EVERY))
    ticks, sends = [], []

    def tick():
        owe_again(deps, people)
        api.clear()
        run = timed(counter, dispatcher.tick)
        run["sent"] = len(api.delivered("chat.postMessage"))
        ticks.append(run)

    def direct():
        owe_again(deps, people)
        jobs = prebuilt_jobs(deps, people)
        api.clear()
        run = timed(counter, lambda: [run_jobs(deps, client, team, found,
                                               dispatcher.pacer(team))
                                      for team, found in jobs.items()])
        run["sent"] = len(api.delivered("chat.postMessage"))
        sends.append(run)

    for r in range(rounds):  # in turns, so neither always runs on the warmer database
        for step in ((tick, direct) if r % 2 == 0 else (direct, tick)):
            step()
    best = {name: min(runs, key=lambda run: run["wall"]) for name, runs in
            (("tick", ticks), ("sends", sends))}
    return {"expected": expected, "due_ticks": ticks, "due_sends": sends, "best": best,
            "all_sent": all(run["sent"] == expected for run in ticks + sends)}


def report(results: list[dict], where: str, load: tuple[float, float]) -> bool:
    print(f"tick scale on {where}; load average before {load[0]:.1f}, after {load[1]:.1f} "
          f"(2-core machine)")
    header = ("subscribers", "workspaces", "idle median", "idle max", "stmts/idle",
              "rows/idle", "idle peak", "1% DMs", "1% tick", "sends alone", "ratio",
              "stmts/tick", "rows/tick", "stmts/sends", "rows/sends")
    print(" | ".join(header))
    ok = True
    for r in results:
        tick, sends = r["best"]["tick"], r["best"]["sends"]
        ratio = tick["wall"] / sends["wall"]
        print(" | ".join((
            f"{r['people']:,}", f"{r['workspaces']:,}", f"{r['idle_median'] * 1000:.1f} ms",
            f"{r['idle_max'] * 1000:.1f} ms", _set(r["idle_statements"]), _set(r["idle_rows"]),
            f"{r['idle_peak'] / 1024:.0f} KiB", f"{r['expected']:,}", f"{tick['wall']:.2f} s",
            f"{sends['wall']:.2f} s", f"{ratio:.2f}x", f"{tick['statements']:,}",
            f"{tick['rows']:,}", f"{sends['statements']:,}", f"{sends['rows']:,}")))
        print(f"  seeded in {r['seeding']:.1f} s; every round (tick / sends alone, s): "
              + ", ".join(f"{t['wall']:.2f} / {s['wall']:.2f}"
                          for t, s in zip(r["due_ticks"], r["due_sends"], strict=True)))
        good = (r["idle_median"] < IDLE_TARGET or r["people"] < 1_000_000) and \
            ratio <= DUE_TARGET and r["all_sent"] and r["idle_sent"] == 0
        ok = ok and good
        if not r["all_sent"] or r["idle_sent"]:
            print(f"  FAIL: idle ticks sent {r['idle_sent']}; 1% runs sent "
                  f"{[run['sent'] for run in r['due_ticks'] + r['due_sends']]} of "
                  f"{r['expected']}")
    statements = set().union(*(r["idle_statements"] for r in results))
    flat = len(statements) == 1
    print(f"idle statements per tick {_set(statements)} at every size: "
          f"{'PASS' if flat else 'FAIL'}; idle median < {IDLE_TARGET * 1000:.0f} ms at "
          f"1,000,000 and 1% tick <= {DUE_TARGET}x the sends: {'PASS' if ok else 'FAIL'}")
    return ok and flat


def _set(values: set[int]) -> str:
    return "/".join(f"{v:,}" for v in sorted(values))


def _load() -> float:
    try:
        return float(Path("/proc/loadavg").read_text().split()[0])
    except (OSError, ValueError):
        return float("nan")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000",
                        help="subscriber counts, comma-separated")
    parser.add_argument("--workspaces", type=int, default=100)
    parser.add_argument("--database-url", help="PostgreSQL: a fresh schema per size")
    parser.add_argument("--idle-ticks", type=int, default=15)
    parser.add_argument("--rounds", type=int, default=2, help="1%% tick and sends, each")
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    before = _load()
    results = []
    for people in sizes:
        results.append(measure(args.database_url, people, args.workspaces, args.idle_ticks,
                               args.rounds))
        print(f"  ... {people:,} done", flush=True)
    where = ("PostgreSQL" if args.database_url and not is_sqlite(args.database_url)
             else "SQLite file")
    return 0 if report(results, where, (before, _load())) else 1


if __name__ == "__main__":
    sys.exit(main())
