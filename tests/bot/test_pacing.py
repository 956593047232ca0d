"""Send pacing is per workspace and shared through the database: any number of processes'
Pacers together hand out one workspace's slots 1/per_second apart, and another workspace
keeps a budget of its own. The clock is injected and sleeping is recorded, not done."""

from __future__ import annotations

import threading
from datetime import date

import pytest

from bot.delivery.pacing import Pacer
from storage.engine import make_engine, make_sessionmaker
from storage.people import ensure_workspace

NOW = 1_800_000_000.0  # seconds since the epoch, as the wall clock gives them
PER_SECOND = 2.0
INTERVAL = 1 / PER_SECOND


@pytest.fixture
def processes(migrated_database_url):
    """Two session factories on one database, each with its own engine: two processes."""
    engines = [make_engine(migrated_database_url) for _ in range(2)]
    factories = [make_sessionmaker(engine) for engine in engines]
    with factories[0].begin() as session:
        for team_id in ("T1", "T2"):
            ensure_workspace(session, team_id, anchor=date(2026, 11, 30))
    yield factories
    for engine in engines:
        engine.dispose()


class Sleeps(list):
    """A sleep that records how long it was asked to wait (a list of seconds)."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def pacer(sessions, team_id: str, sleeps: Sleeps, clock=lambda: NOW) -> Pacer:
    return Pacer(sessions, team_id, PER_SECOND, clock=clock, sleep=sleeps)


def test_two_processes_share_a_workspaces_pace(processes):
    first, second = Sleeps(), Sleeps()
    a, b = pacer(processes[0], "T1", first), pacer(processes[1], "T1", second)
    for _ in range(3):
        a.wait()
        b.wait()
    # The first slot is now (no sleep); each one after it INTERVAL later, whoever takes it.
    assert first == pytest.approx([2 * INTERVAL, 4 * INTERVAL])
    assert second == pytest.approx([INTERVAL, 3 * INTERVAL, 5 * INTERVAL])


def test_another_workspace_has_a_budget_of_its_own(processes):
    busy, other = Sleeps(), Sleeps()
    a = pacer(processes[0], "T1", busy)
    for _ in range(5):
        a.wait()
    b = pacer(processes[1], "T2", other)
    b.wait()
    b.wait()
    assert other == pytest.approx([INTERVAL]), "T1's backlog is not T2's"


def test_slots_that_have_passed_are_not_waited_for(processes):
    now = [NOW]
    sleeps = Sleeps()
    a = pacer(processes[0], "T1", sleeps, clock=lambda: now[0])
    a.wait()
    a.wait()
    now[0] += 60  # an idle minute: nothing is owed from before it
    a.wait()
    a.wait()
    assert sleeps == pytest.approx([INTERVAL, INTERVAL])


def test_pacers_racing_in_threads_never_share_a_slot(processes):
    recorded: list[Sleeps] = []

    def sends(sessions) -> None:
        sleeps = Sleeps()
        recorded.append(sleeps)
        p = pacer(sessions, "T1", sleeps)
        for _ in range(10):
            p.wait()

    threads = [threading.Thread(target=sends, args=(processes[n % 2],)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not any(thread.is_alive() for thread in threads)
    waits = sorted(w for sleeps in recorded for w in sleeps)
    assert waits == pytest.approx([n * INTERVAL for n in range(1, 40)])
