"""Benchmark: building one manager's weekly digest (the privacy floor applied, this rotation
beside the one before) and their `/techlead digest trend` (three rotations) on SQLite, in
workspaces of 2,000 people with one and two years of weekly reflections at mixed sharing
levels (shared, rating only, private).

    .venv/bin/python -m tests.bench.digest_build

Reports median and p99 build time for a 50-person team with two years of answers, and the
SQL statements one build issues for teams of 10 and 50 people with one and two years of
history: they must not grow with the team (no query per member) nor with the history.
Target: median under 50 ms for the digest and the trend together.

Timed twice: on the fresh database, where SQLite has no table statistics, and after
ANALYZE (what `PRAGMA optimize` leaves in a database that has been in use): the team's
queries are written so both start from the team's members.
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
from bot.coaching.trend import build_trend
from content import default_guide
from storage import migrate
from storage.engine import make_engine, make_sessionmaker
from storage.models import SHARING_LEVELS, Membership, Reflection, Team, Workspace

PEOPLE, RUNS, FLOOR = 2000, 200, 3
SIZES = (10, 50)
YEARS = {"T1": 1, "T2": 2}  # workspace -> years of weekly answers
THIS_MONDAY = date(2026, 11, 30)


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


def seed(sessions) -> dict[tuple[int, int], tuple[str, int]]:
    """Both workspaces, their reflections, and a 10- and a 50-person team in each:
    (size, years) -> (workspace, team id)."""
    guide, rng = default_guide(), random.Random(7)
    users = [f"U{n:05d}" for n in range(PEOPLE)]
    teams = {}
    for team_id, years in YEARS.items():
        weeks = 52 * years
        anchor = THIS_MONDAY - timedelta(weeks=weeks)
        with sessions.begin() as session:
            session.add(Workspace(team_id=team_id, default_timezone="UTC",
                                  rotation_anchor=anchor))
            session.flush()
            for week in range(weeks + 1):
                monday = anchor + timedelta(weeks=week)
                slug = dimension_for_week(guide, anchor, monday).slug
                session.execute(insert(Reflection), [
                    dict(team_id=team_id, user_id=u, week=week_key(monday), dimension=slug,
                         rating=rng.randint(1, 5), text="A few sentences about the week. " * 4,
                         sharing=rng.choice(SHARING_LEVELS), created_at=_at(monday),
                         updated_at=_at(monday))
                    for u in users if rng.random() < 0.8])
            for size, start in zip(SIZES, (0, 100), strict=True):
                team = Team(team_id=team_id, manager_id=f"UMGR{size}")
                session.add(team)
                session.flush()
                joined = _at(anchor - timedelta(days=1))
                session.execute(insert(Membership), [
                    dict(group_id=team.id, team_id=team_id, user_id=u, state="active",
                         invited_at=joined, responded_at=joined)
                    for u in users[start:start + size]])
                teams[(size, years)] = (team_id, team.id)
    return teams


def build_once(sessions, where: tuple[str, int]):
    """The weekly digest and the trend, as the bot builds them."""
    guide = default_guide()
    with sessions.begin() as session:
        ws = session.get(Workspace, where[0])
        team = session.get(Team, where[1])
        digest = build_digest(session, guide, ws, team, THIS_MONDAY, FLOOR)
        trend = build_trend(session, guide, ws, team, THIS_MONDAY, FLOOR)
        return digest, trend


def timed(sessions, where: tuple[str, int]) -> tuple[float, float]:
    build_once(sessions, where)  # warm
    samples = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        build_once(sessions, where)
        samples.append((time.perf_counter() - t0) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(RUNS * 0.99) - 1]


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
        migrate.upgrade(engine)
        sessions = make_sessionmaker(engine)
        started = time.perf_counter()
        teams = seed(sessions)
        print(f"seeded {PEOPLE} people x 1 and 2 years of weeks in "
              f"{time.perf_counter() - started:.1f} s")
        statements: list[str] = []

        def count(_conn, _cursor, statement, *_rest) -> None:
            statements.append(statement)

        event.listen(engine, "before_cursor_execute", count)
        counts = {}
        for (size, years), where in sorted(teams.items()):
            statements.clear()
            digest, trend = build_once(sessions, where)
            counts[(size, years)] = len(statements)
            assert len(digest.members) == size and trend.has_figures
            if size == 50:
                assert digest.figure is not None, "a 50-person team clears the floor"
        event.remove(engine, "before_cursor_execute", count)
        fresh = timed(sessions, teams[(50, 2)])
        with engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")
        analyzed = timed(sessions, teams[(50, 2)])
        engine.dispose()
    for (size, years), n in sorted(counts.items()):
        print(f"SQL statements, digest + trend, {size} people, {years} year(s): {n}")
    for name, (median, p99) in (("no statistics", fresh), ("after ANALYZE", analyzed)):
        print(f"50-person digest + trend, two years, {name}, over {RUNS} builds: "
              f"median {median:.2f} ms, p99 {p99:.2f} ms")
    constant = len(set(counts.values())) == 1
    ok = analyzed[0] < 50 and constant
    print("target: median < 50 ms (analyzed) and statements constant in team size and "
          "history: "
          f"{'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
