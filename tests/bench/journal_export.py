"""Benchmark: building one person's `/techlead journal export` (their rows read, the
Markdown document built) on SQLite, for a person with two years of weekly reflections and
300 evidence items, in a workspace of 500 people with histories of their own.

    .venv/bin/python -m tests.bench.journal_export

Reports median and p99 build time over RUNS builds, the document's size, and the SQL
statements one build issues for people with half a year, one year and two years of
history: it must not grow with the history (no query per week or per entry). Target:
median under 100 ms.
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

from bot.blocks.journal import journal_markdown
from bot.coaching.calendar import week_key
from bot.coaching.rotation import dimension_for_week
from bot.config import Settings
from bot.dependencies import Dependencies
from bot.grow.journal import entries_of
from content import default_guide
from storage import migrate
from storage.engine import make_engine, make_sessionmaker
from storage.models import SHARING_LEVELS, Evidence, Reflection, Workspace

PEOPLE, RUNS = 500, 200
THIS_MONDAY = date(2026, 11, 30)
# The person measured and two with less history: (user, weeks of reflections, evidence).
HISTORIES = (("UHALF", 26, 75), ("UYEAR", 52, 150), ("UTWO", 104, 300))
ANCHOR = THIS_MONDAY - timedelta(weeks=104)


def _now() -> datetime:
    return datetime(2026, 11, 30, tzinfo=UTC)


def _history(guide, rng: random.Random, user: str, weeks: int, notes: int):
    """`weeks` weekly reflections up to this week and `notes` evidence items, half of them
    from a message (text, link) and half notes of the person's own."""
    reflections = []
    for n in range(weeks):
        monday = THIS_MONDAY - timedelta(weeks=n)
        reflections.append(dict(
            team_id="T1", user_id=user, week=week_key(monday),
            dimension=dimension_for_week(guide, ANCHOR, monday).slug,
            rating=rng.randint(1, 5), text="What happened, what I did, what I'd do next. " * 6,
            sharing=rng.choice(SHARING_LEVELS), created_at=_now(), updated_at=_now()))
    dims = [t.slug for t in guide.dimensions]
    evidence = []
    for n in range(notes):
        saved = _now() - timedelta(days=n * 2)
        from_message = n % 2 == 0
        evidence.append(dict(
            team_id="T1", user_id=user, dimension=dims[n % len(dims)],
            note="I asked who owns each risk and wrote the rollback plan. " * 3,
            message_text="We ship on Friday; <@U0222|bob> owns the migration. " * 8
            if from_message else None,
            permalink=f"https://t.slack.com/archives/C1/p{1700000000 + n}000100"
            if from_message else None,
            channel_id="C1" if from_message else None,
            message_ts=f"{int(saved.timestamp())}.{n:06d}" if from_message else None,
            created_at=saved, updated_at=saved))
    return reflections, evidence


def seed(sessions) -> None:
    guide, rng = default_guide(), random.Random(7)
    with sessions.begin() as session:
        session.add(Workspace(team_id="T1", default_timezone="UTC", rotation_anchor=ANCHOR))
        session.flush()
        people = [*HISTORIES, *((f"U{n:05d}", 104, 30) for n in range(PEOPLE))]
        for user, weeks, notes in people:
            reflections, evidence = _history(guide, rng, user, weeks, notes)
            session.execute(insert(Reflection), reflections)
            session.execute(insert(Evidence), evidence)


def build_once(deps: Dependencies, user: str) -> str:
    return journal_markdown(deps.guide, entries_of(deps, "T1", user), THIS_MONDAY)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        engine = make_engine(url)
        migrate.upgrade(engine)
        sessions = make_sessionmaker(engine)
        deps = Dependencies(settings=Settings(database_url=url), guide=default_guide(),
                            engine=engine, sessions=sessions)
        started = time.perf_counter()
        seed(sessions)
        print(f"seeded {PEOPLE + len(HISTORIES)} people, each with up to two years of "
              f"history, in {time.perf_counter() - started:.1f} s")
        statements: list[str] = []

        def count(_conn, _cursor, statement, *_rest) -> None:
            statements.append(statement)

        event.listen(engine, "before_cursor_execute", count)
        counts = {}
        for user, weeks, notes in HISTORIES:
            statements.clear()
            document = build_once(deps, user)
            counts[f"{weeks} weeks + {notes} evidence"] = len(statements)
            assert document.count("\n- **") == weeks + notes, "every entry in the document"
        event.remove(engine, "before_cursor_execute", count)
        document = build_once(deps, "UTWO")  # warm
        samples = []
        for _ in range(RUNS):
            t0 = time.perf_counter()
            build_once(deps, "UTWO")
            samples.append((time.perf_counter() - t0) * 1000)
        samples.sort()
        median, p99 = statistics.median(samples), samples[int(RUNS * 0.99) - 1]
        engine.dispose()
    print(f"SQL statements per export build by history: {counts}")
    print(f"two years + 300 evidence ({len(document.encode()) / 1024:.0f} KiB of Markdown) "
          f"over {RUNS} builds: median {median:.2f} ms, p99 {p99:.2f} ms")
    constant = len(set(counts.values())) == 1
    ok = median < 100 and constant
    print(f"target: median < 100 ms and statements constant in the history: "
          f"{'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
