"""Writes that race use the database's own conflict handling, not check-then-act: a second
writer waiting on the first's uncommitted row succeeds once it commits."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import text

from storage import teams
from storage.engine import make_engine, make_sessionmaker
from storage.models import SHARED
from storage.people import ensure_workspace
from storage.reflections import find_reflection, save_reflection

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


@pytest.fixture
def sessions(backend, migrated_database_url):
    if backend == "sqlite":
        pytest.skip("SQLite runs one writer at a time; the race needs concurrent writers")
    engine = make_engine(migrated_database_url)
    yield make_sessionmaker(engine)
    engine.dispose()


def _waiting_on_a_lock(sessions) -> bool:
    """Whether one of this test's connections waits on a lock (the test database's
    connections are named after their schema: other tests' waits do not count)."""
    with sessions() as s:
        return bool(s.scalar(text(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
            "AND datname = current_database() "
            "AND application_name = current_setting('application_name')")))


def _race(sessions, first, second) -> list[BaseException]:
    """Run `first` in an open transaction, start `second` until it waits on first's lock,
    then commit the first; the errors the second raised."""
    errors: list[BaseException] = []
    with sessions.begin() as s:
        ensure_workspace(s, "T1", anchor=date(2026, 11, 30))
    a = sessions()
    a.begin()
    first(a)

    def run_second():
        try:
            with sessions.begin() as b:
                second(b)
        except BaseException as err:  # noqa: BLE001 - handed to the test
            errors.append(err)

    thread = threading.Thread(target=run_second)
    thread.start()
    for _ in range(500):
        if _waiting_on_a_lock(sessions):
            break
        thread.join(0.01)
    a.commit()
    a.close()
    thread.join(10)
    return errors


def test_a_reflection_saved_twice_at_once_keeps_the_later_answer(sessions):
    def save(rating: int):
        return lambda s: save_reflection(s, team_id="T1", user_id="U1", week="2026-W49",
                                         dimension="risk", rating=rating, text=f"r{rating}",
                                         sharing=SHARED, now=NOW)

    assert _race(sessions, save(2), save(4)) == []
    with sessions() as s:
        assert find_reflection(s, "T1", "U1", "2026-W49", "risk").rating == 4


def test_one_person_invited_twice_at_once_is_invited_once(sessions):
    with sessions.begin() as s:
        ensure_workspace(s, "T1", anchor=date(2026, 11, 30))
        group = teams.ensure_team(s, "T1", "UM", NOW).id
    invited: list[list[str]] = []

    def invite(s):
        invited.append(teams.invite(s, teams.get_team(s, "T1", group), ["U2"], NOW))

    assert _race(sessions, invite, invite) == []
    assert sorted(invited) == [[], ["U2"]]
