"""Benchmark: building one manager's digest on SQLite, for a workspace of 2,000 people with
two years of weekly reflections (208,000 rows).

    .venv/bin/python -m tests.bench.digest_build

Reports median and p99 build time for a 50-person team, and the SQL statements one build
issues for teams of 10, 50 and 200 people: it must not grow with the team (no query per
member). Target: median under 50 ms.
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

from bot.coaching.calendar import week_key
from bot.coaching.digest import build_digest
from bot.coaching.rotation import dimension_for_week
from content import default_guide
from storage import migrate
from storage.engine import make_engine, make_sessionmaker
from storage.models import SHARING_LEVELS, Membership, Reflection, Team, Workspace

PEOPLE, WEEKS, RUNS = 2000, 104, 200
THIS_MONDAY = date(2026, 11, 30)
ANCHOR = THIS_MONDAY - timedelta(weeks=WEEKS)


def seed(sessions) -> dict[int, int]:
    """The workspace, its reflections, and three teams (10, 50, 200 people) -> size: id."""
    guide, rng = default_guide(), random.Random(7)
    users = [f"U{n:05d}" for n in range(PEOPLE)]
    with sessions.begin() as session:
        session.add(Workspace(team_id="T1", default_timezone="UTC", rotation_anchor=ANCHOR))
        session.flush()
        for week in range(WEEKS + 1):
            monday = ANCHOR + timedelta(weeks=week)
            slug = dimension_for_week(guide, ANCHOR, monday).slug
            session.execute(insert(Reflection), [
                dict(team_id="T1", user_id=u, week=week_key(monday), dimension=slug,
                     rating=rng.randint(1, 5), text="A few sentences about the week. " * 4,
                     sharing=rng.choice(SHARING_LEVELS), created_at=_now(), updated_at=_now())
                for u in users if rng.random() < 0.8])
        teams = {}
        for size, start in ((10, 0), (50, 100), (200, 400)):
            team = Team(team_id="T1", manager_id=f"UMGR{size}")
            session.add(team)
            session.flush()
            session.execute(insert(Membership), [
                dict(group_id=team.id, team_id="T1", user_id=u, state="active",
                     invited_at=_now()) for u in users[start:start + size]])
            teams[size] = team.id
    return teams


def _now() -> datetime:
    return datetime(2026, 11, 30, tzinfo=UTC)


def build_once(sessions, team_id: int):
    with sessions.begin() as session:
        ws = session.get(Workspace, "T1")
        team = session.get(Team, team_id)
        return build_digest(session, default_guide(), ws, team, THIS_MONDAY)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
        migrate.upgrade(engine)
        sessions = make_sessionmaker(engine)
        started = time.perf_counter()
        teams = seed(sessions)
        print(f"seeded {PEOPLE} people x {WEEKS + 1} weeks in "
              f"{time.perf_counter() - started:.1f} s")
        statements: list[str] = []

        def count(_conn, _cursor, statement, *_rest) -> None:
            statements.append(statement)

        event.listen(engine, "before_cursor_execute", count)
        counts = {}
        for size, team_id in teams.items():
            statements.clear()
            digest = build_once(sessions, team_id)
            counts[size] = len(statements)
            assert len(digest.members) == size
        event.remove(engine, "before_cursor_execute", count)
        build_once(sessions, teams[50])  # warm
        samples = []
        for _ in range(RUNS):
            t0 = time.perf_counter()
            build_once(sessions, teams[50])
            samples.append((time.perf_counter() - t0) * 1000)
        samples.sort()
        median, p99 = statistics.median(samples), samples[int(RUNS * 0.99) - 1]
        engine.dispose()
    print(f"SQL statements per digest build by team size: {counts}")
    print(f"50-person digest over {RUNS} builds: median {median:.2f} ms, p99 {p99:.2f} ms")
    constant = len(set(counts.values())) == 1
    ok = median < 50 and constant
    print(f"target: median < 50 ms and statements constant in team size: "
          f"{'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
