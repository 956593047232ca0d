"""Benchmark: `/techlead progress` on SQLite for a person with two years of weekly
reflections (105 weeks, every nudge recorded), among 1,000 others with as much history
(about 110,000 reflections and as many deliveries in all).

    .venv/bin/python -m tests.bench.progress_build

Reports median and p99 build time (the figures from the database and the message), the SQL
statements one build issues for a person with 10 weeks of history and for one with 100: it
must not grow with the history (no query per week, rotation or dimension), and the chart's
render time. Targets: build median under 50 ms, chart median under 1 s.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import event, insert

from bot.blocks.progress import build_progress
from bot.coaching.calendar import week_key
from bot.coaching.rotation import dimension_for_week
from bot.grow.chart import render_progress_chart
from bot.grow.progress import progress_of
from content import default_guide
from storage import migrate
from storage.deliveries import NUDGE, SENT
from storage.engine import make_engine, make_sessionmaker
from storage.models import SHARING_LEVELS, Delivery, Reflection, Workspace

OTHERS, WEEKS, RUNS, CHART_RUNS = 1000, 104, 200, 30
THIS_MONDAY = date(2026, 11, 30)
ANCHOR = THIS_MONDAY - timedelta(weeks=WEEKS)
NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
SUBJECT, SHORT, LONG = "U_SUBJECT", "U_10_WEEKS", "U_100_WEEKS"


def seed(sessions) -> None:
    """Everyone's reflections and nudges: the subject and the others every week (80% of
    the others answer), SHORT for the last 10 weeks, LONG for the last 100."""
    guide, rng = default_guide(), random.Random(7)
    history = {SUBJECT: WEEKS + 1, SHORT: 10, LONG: 100}
    history |= {f"U{n:05d}": WEEKS + 1 for n in range(OTHERS)}
    with sessions.begin() as session:
        session.add(Workspace(team_id="T1", default_timezone="UTC", rotation_anchor=ANCHOR))
        session.flush()
        for week in range(WEEKS + 1):
            monday = ANCHOR + timedelta(weeks=week)
            key, slug = week_key(monday), dimension_for_week(guide, ANCHOR, monday).slug
            people = [u for u, weeks in history.items() if week > WEEKS - weeks]
            session.execute(insert(Delivery), [
                dict(team_id="T1", user_id=u, kind=NUDGE, week=key, dimension=slug,
                     status=SENT, owner="bench", claimed_at=NOW, sent_at=NOW)
                for u in people])
            session.execute(insert(Reflection), [
                dict(team_id="T1", user_id=u, week=key, dimension=slug,
                     rating=rng.randint(1, 5), text="A few sentences about the week. " * 4,
                     sharing=rng.choice(SHARING_LEVELS), created_at=NOW, updated_at=NOW)
                for u in people if not u.startswith("U0") or rng.random() < 0.8])


def build_once(sessions, user_id: str = SUBJECT):
    with sessions.begin() as session:
        progress = progress_of(session, default_guide(), "T1", user_id, NOW)
    build_progress(progress, chart_attached=True)
    return progress


def timed(work, runs: int) -> tuple[float, float]:
    """Median and p99 of `runs` calls, in milliseconds."""
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        work()
        samples.append((time.perf_counter() - t0) * 1000)
    samples.sort()
    return statistics.median(samples), samples[max(0, int(runs * 0.99) - 1)]


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
        migrate.upgrade(engine)
        sessions = make_sessionmaker(engine)
        started = time.perf_counter()
        seed(sessions)
        print(f"seeded {OTHERS + 3} people x up to {WEEKS + 1} weeks in "
              f"{time.perf_counter() - started:.1f} s")
        statements: list[str] = []

        def count(_conn, _cursor, statement, *_rest) -> None:
            statements.append(statement)

        event.listen(engine, "before_cursor_execute", count)
        counts = {}
        for weeks, user_id in ((10, SHORT), (100, LONG), (WEEKS + 1, SUBJECT)):
            statements.clear()
            progress = build_once(sessions, user_id)
            counts[weeks] = len(statements)
            assert progress.reflections == weeks and progress.nudged == weeks
        event.remove(engine, "before_cursor_execute", count)
        build_once(sessions)  # warm
        median, p99 = timed(lambda: build_once(sessions), RUNS)
        progress = build_once(sessions)
        first = time.perf_counter()
        render_progress_chart(progress)  # the first chart also imports matplotlib
        first = (time.perf_counter() - first) * 1000
        chart_median, chart_p99 = timed(lambda: render_progress_chart(progress), CHART_RUNS)
        engine.dispose()
    print(f"SQL statements per progress build by weeks of history: {counts}")
    print(f"progress build ({WEEKS + 1} weeks) over {RUNS} builds: median {median:.2f} ms, "
          f"p99 {p99:.2f} ms")
    print(f"chart render ({len(progress.rotations)} rotations) over {CHART_RUNS} renders: "
          f"median {chart_median:.0f} ms, p99 {chart_p99:.0f} ms (the first, with "
          f"matplotlib's import: {first:.0f} ms)")
    constant = len(set(counts.values())) == 1
    ok = median < 50 and chart_median < 1000 and constant
    print(f"target: build median < 50 ms, chart median < 1 s, statements constant in "
          f"history: {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
