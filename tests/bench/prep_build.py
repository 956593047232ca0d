"""Benchmark: `/techlead prep @member` on SQLite for a member with two years of weekly
answers (104 weeks, at every sharing level), in a 60-person team of a 500-person workspace
with as much history (about 42,000 reflections in all).

    .venv/bin/python -m tests.bench.prep_build

Reports median and p99 build time (what the command does once its checks have passed: the
workspace, the team, the manager's week, the member's shared answers and focus, and the
message), and the SQL statements one build issues for a member with one year of history and
for one with two: it must not grow with the history (no query per week or dimension).
Target: median under 50 ms.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

from sqlalchemy import event, insert

from bot.blocks.prep import build_prep
from bot.coaching.calendar import local_week, week_key
from bot.coaching.rotation import dimension_for_week
from bot.review.prep import prep_of
from bot.review.weekly import manager_zone
from content import default_guide
from storage import migrate
from storage.engine import make_engine, make_sessionmaker
from storage.models import SHARING_LEVELS, Membership, Person, Reflection, Team, Workspace
from storage.teams import ACTIVE, team_of_manager

PEOPLE, TEAM_SIZE, WEEKS, RUNS = 500, 60, 104, 200
THIS_MONDAY = date(2026, 11, 30)
ANCHOR = THIS_MONDAY - timedelta(weeks=WEEKS)
NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
MANAGER, SUBJECT, ONE_YEAR = "U_MANAGER", "U_TWO_YEARS", "U_ONE_YEAR"


def _at(monday: date) -> datetime:
    return datetime.combine(monday, clock_time(12), tzinfo=UTC)


def seed(sessions) -> None:
    """Everyone's weekly answers (the others answer 80% of weeks), SUBJECT every week for
    the last 104 and ONE_YEAR for the last 52; all three sharing levels; the team (SUBJECT,
    ONE_YEAR and 58 others) accepted before the first week; SUBJECT shares a focus."""
    guide, rng = default_guide(), random.Random(7)
    others = [f"U{n:05d}" for n in range(PEOPLE - 2)]
    history = {SUBJECT: WEEKS, ONE_YEAR: 52} | {u: WEEKS + 1 for u in others}
    with sessions.begin() as session:
        session.add(Workspace(team_id="T1", default_timezone="UTC", rotation_anchor=ANCHOR))
        session.flush()
        team = Team(team_id="T1", manager_id=MANAGER, created_at=_at(ANCHOR))
        session.add(team)
        session.flush()
        session.execute(insert(Membership), [
            dict(group_id=team.id, team_id="T1", user_id=u, state=ACTIVE,
                 invited_at=_at(ANCHOR) - timedelta(days=1),
                 responded_at=_at(ANCHOR) - timedelta(days=1))
            for u in [SUBJECT, ONE_YEAR, *others[:TEAM_SIZE - 2]]])
        session.add(Person(team_id="T1", user_id=SUBJECT, focus_dimension="risk",
                           focus_since=THIS_MONDAY - timedelta(weeks=1),
                           focus_until=THIS_MONDAY + timedelta(weeks=3), focus_shared=True))
        for week in range(WEEKS + 1):
            monday = ANCHOR + timedelta(weeks=week)
            key, slug = week_key(monday), dimension_for_week(guide, ANCHOR, monday).slug
            session.execute(insert(Reflection), [
                dict(team_id="T1", user_id=u, week=key, dimension=slug,
                     rating=rng.randint(1, 5), text="A few sentences about the week. " * 6,
                     sharing=rng.choice(SHARING_LEVELS), created_at=_at(monday),
                     updated_at=_at(monday))
                for u, weeks in history.items() if week > WEEKS - weeks
                and (u in (SUBJECT, ONE_YEAR) or rng.random() < 0.8)])


def build_once(sessions, member: str = SUBJECT) -> dict:
    with sessions.begin() as session:
        ws = session.get(Workspace, "T1")
        team = team_of_manager(session, "T1", MANAGER)
        monday = local_week(NOW, manager_zone(session, ws, team))
        return build_prep(prep_of(session, default_guide(), ws, team, member, monday))


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
        print(f"seeded {PEOPLE} people x up to {WEEKS + 1} weeks in "
              f"{time.perf_counter() - started:.1f} s")
        statements: list[str] = []

        def count(_conn, _cursor, statement, *_rest) -> None:
            statements.append(statement)

        event.listen(engine, "before_cursor_execute", count)
        counts = {}
        for years, member in ((1, ONE_YEAR), (2, SUBJECT)):
            statements.clear()
            message = build_once(sessions, member)
            counts[years] = len(statements)
            assert "1:1 prep for" in message["text"], message["text"]
        event.remove(engine, "before_cursor_execute", count)
        message = build_once(sessions)  # warm
        assert "*Their focus:* 2. Risk Identification" in str(message["blocks"])
        median, p99 = timed(lambda: build_once(sessions), RUNS)
        engine.dispose()
    print(f"SQL statements per prep build by years of history: {counts}")
    print(f"prep build ({WEEKS} weeks) over {RUNS} builds: median {median:.2f} ms, "
          f"p99 {p99:.2f} ms")
    constant = len(set(counts.values())) == 1
    ok = median < 50 and constant
    print(f"target: median < 50 ms, statements constant in history: "
          f"{'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
