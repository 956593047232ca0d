"""Each person's and team's next instant: any change to what decides a schedule has the
row looked at on the next tick (RECHECK), other changes leave it be; taking due rows leases
them, so no row is taken twice within its lease and concurrent takers get disjoint rows
without waiting for each other. On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select, text

from storage import teams
from storage.engine import make_engine, make_sessionmaker
from storage.models import RECHECK, Person, Team
from storage.people import ensure_workspace, find_person, set_timezone
from storage.wakeups import recheck, set_next, take_due

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
LATER = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)  # an instant a tick computed
LEASE = timedelta(minutes=10)


@pytest.fixture
def sessions(migrated_database_url):
    """A migrated database with workspace T1."""
    engine = make_engine(migrated_database_url)
    factory = make_sessionmaker(engine)
    with factory.begin() as session:
        ensure_workspace(session, "T1", anchor=date(2026, 11, 30))
    yield factory
    engine.dispose()


def add_person(sessions, user_id: str = "U1", *, at: datetime | None = LATER,
               **columns) -> int:
    """A subscribed person whose instants (nudge and reminder) are `at`, as a tick left
    them; their id."""
    with sessions.begin() as session:
        person = Person(team_id="T1", user_id=user_id, subscribed=True, timezone="UTC",
                        **columns)
        session.add(person)
        session.flush()
        set_next(session, "nudge", {person.id: at})
        set_next(session, "reminder", {person.id: at})
        return person.id


def add_team(sessions, manager: str = "UM", *, at: datetime | None = LATER) -> int:
    with sessions.begin() as session:
        team = teams.ensure_team(session, "T1", manager, NOW)
        set_next(session, "digest", {team.id: at})
        return team.id


def instants(sessions, person_id: int) -> tuple[datetime | None, datetime | None]:
    with sessions.begin() as session:
        person = session.get(Person, person_id)
        return person.next_nudge_at, person.next_reminder_at


def digest_instant(sessions, team_id: int) -> datetime | None:
    with sessions.begin() as session:
        return session.get(Team, team_id).next_digest_at


# -- what a change rechecks ------------------------------------------------------------------

SCHEDULE_CHANGES = {
    "subscribed": False,
    "subscribed_at": datetime(2026, 12, 1, 8, 0, tzinfo=UTC),
    "timezone": "Europe/Berlin",
    "nudge_weekday": 2,
    "nudge_minute": 9 * 60 + 30,
    "paused_until": date(2026, 12, 14),
    "unreachable_reason": "user_not_found",
    "away_since": datetime(2026, 11, 29, 0, 0, tzinfo=UTC),
    "away_until": datetime(2026, 12, 4, 0, 0, tzinfo=UTC),
    "back_at": datetime(2026, 12, 1, 12, 0, tzinfo=UTC),
}


@pytest.mark.parametrize("column", list(SCHEDULE_CHANGES))
def test_a_schedule_change_has_the_person_looked_at_on_the_next_tick(sessions, column):
    person_id = add_person(sessions)
    other = add_person(sessions, "U2")
    with sessions.begin() as session:
        setattr(session.get(Person, person_id), column, SCHEDULE_CHANGES[column])
    assert instants(sessions, person_id) == (RECHECK, RECHECK)
    assert instants(sessions, other) == (LATER, LATER), "nobody else"


@pytest.mark.parametrize("column, value", [
    ("focus_dimension", "risk"), ("focus_since", date(2026, 11, 30)),
    ("focus_until", date(2026, 12, 28)), ("focus_suggested_rotation", 2),
    ("followups", False), ("sharing", "private"), ("focus_shared", True)])
def test_other_changes_leave_the_instants_alone(sessions, column, value):
    person_id = add_person(sessions)
    with sessions.begin() as session:
        setattr(session.get(Person, person_id), column, value)
    assert instants(sessions, person_id) == (LATER, LATER)


def test_setting_a_schedule_column_to_the_value_it_has_rechecks_nothing(sessions):
    person_id = add_person(sessions, nudge_weekday=0)
    with sessions.begin() as session:
        person = session.get(Person, person_id)
        person.nudge_weekday, person.subscribed, person.timezone = 0, True, "UTC"
    assert instants(sessions, person_id) == (LATER, LATER)


def test_a_new_person_or_team_is_looked_at_on_the_first_tick(sessions):
    with sessions.begin() as session:
        session.add(Person(team_id="T1", user_id="U9", subscribed=True))
        teams.ensure_team(session, "T1", "UM", NOW)
    with sessions.begin() as session:
        person = find_person(session, "T1", "U9")
        assert (person.next_nudge_at, person.next_reminder_at) == (RECHECK, RECHECK)
        assert teams.team_of_manager(session, "T1", "UM").next_digest_at == RECHECK


@pytest.mark.parametrize("column, value", [("digest_weekday", 0), ("digest_minute", 9 * 60)])
def test_a_digest_schedule_change_has_the_team_looked_at_on_the_next_tick(sessions, column,
                                                                          value):
    team_id = add_team(sessions)
    other = add_team(sessions, "UN")
    with sessions.begin() as session:
        setattr(session.get(Team, team_id), column, value)
    assert digest_instant(sessions, team_id) == RECHECK
    assert digest_instant(sessions, other) == LATER


def test_a_managers_time_zone_change_rechecks_their_teams_digest(sessions):
    manager = add_person(sessions, "UM")
    team_id, other = add_team(sessions, "UM"), add_team(sessions, "UN")
    with sessions.begin() as session:
        session.get(Person, manager).timezone = "Asia/Tokyo"
    assert digest_instant(sessions, team_id) == RECHECK
    assert digest_instant(sessions, other) == LATER


def test_set_timezone_rechecks_the_person_and_the_digest_of_the_team_they_manage(sessions):
    manager, member = add_person(sessions, "UM"), add_person(sessions, "U2")
    team_id, other = add_team(sessions, "UM"), add_team(sessions, "UN")
    with sessions.begin() as session:
        set_timezone(session, "T1", "UM", "UTC")  # no change: nothing rechecked
    assert (instants(sessions, manager), digest_instant(sessions, team_id)) == (
        (LATER, LATER), LATER)
    with sessions.begin() as session:
        set_timezone(session, "T1", "UM", "America/New_York")
    assert instants(sessions, manager) == (RECHECK, RECHECK)
    assert digest_instant(sessions, team_id) == RECHECK
    assert (instants(sessions, member), digest_instant(sessions, other)) == (
        (LATER, LATER), LATER)


def test_recheck_names_one_instant_of_one_person_or_the_managers_team(sessions):
    person_id = add_person(sessions, "U1")
    team_id = add_team(sessions, "U1")
    with sessions.begin() as session:
        recheck(session, "reminder", "T1", "U1")
    assert (instants(sessions, person_id), digest_instant(sessions, team_id)) == (
        (LATER, RECHECK), LATER)
    with sessions.begin() as session:
        recheck(session, "digest", "T1", "U1")
    assert digest_instant(sessions, team_id) == RECHECK


# -- taking what is due ----------------------------------------------------------------------

def take(sessions, what: str = "nudge", now: datetime = NOW, limit: int = 100) -> list[int]:
    with sessions.begin() as session:
        return take_due(session, what, now, limit=limit, lease=LEASE)


def test_take_due_returns_the_rows_whose_instant_has_come_and_leases_them(sessions):
    early = add_person(sessions, "U1", at=NOW - timedelta(hours=1))
    now = add_person(sessions, "U2", at=NOW)
    new = add_person(sessions, "U3", at=RECHECK)
    add_person(sessions, "U4", at=NOW + timedelta(seconds=1))
    add_person(sessions, "U5", at=None)
    assert take(sessions) == sorted([early, now, new])
    for person_id in (early, now, new):
        assert instants(sessions, person_id)[0] == NOW + LEASE
    assert instants(sessions, early)[1] == NOW - timedelta(hours=1), "each instant its own"


def test_a_taken_row_is_not_taken_again_within_its_lease(sessions):
    person_id = add_person(sessions, at=RECHECK)
    assert take(sessions) == [person_id]
    assert take(sessions) == []
    assert take(sessions, now=NOW + LEASE - timedelta(seconds=1)) == []
    assert take(sessions, now=NOW + LEASE) == [person_id], "its taker never moved it on"


def test_take_due_takes_at_most_limit_rows_the_longest_due_first(sessions):
    ids = [add_person(sessions, f"U{n}", at=NOW - timedelta(minutes=n)) for n in range(5)]
    assert take(sessions, limit=2) == sorted(ids[3:])
    assert take(sessions, limit=2) == sorted(ids[1:3])
    assert take(sessions, limit=2) == [ids[0]]


def test_take_due_takes_no_more_than_limit_whatever_plan_the_database_picks(sessions):
    # Statistics gathered while the table was small make PostgreSQL rescan the subquery
    # of `id IN (SELECT ... LIMIT n FOR UPDATE SKIP LOCKED)` once per row: each rescan
    # skips the rows already updated and takes n more, so the limit would not hold.
    add_person(sessions, "U0", at=RECHECK)
    with sessions.begin() as session:
        session.execute(text("ANALYZE people"))
    for n in range(1, 10):
        add_person(sessions, f"U{n}", at=RECHECK)
    assert len(take(sessions, limit=4)) == 4
    assert len(take(sessions, limit=4)) == 4
    assert len(take(sessions, limit=4)) == 2


def test_take_due_of_digests_takes_teams(sessions):
    due = add_team(sessions, "UM", at=RECHECK)
    add_team(sessions, "UN", at=LATER)
    add_person(sessions, "UM", at=RECHECK)
    assert take(sessions, "digest") == [due]
    assert digest_instant(sessions, due) == NOW + LEASE


def test_set_next_moves_each_row_to_its_own_instant_or_none(sessions):
    a, b, c = (add_person(sessions, u, at=RECHECK) for u in ("U1", "U2", "U3"))
    with sessions.begin() as session:
        set_next(session, "nudge", {a: LATER, b: None, c: LATER})
    assert [instants(sessions, p)[0] for p in (a, b, c)] == [LATER, None, LATER]


@pytest.fixture
def two_engines(backend, migrated_database_url):
    """Two engines on one PostgreSQL database: two replicas' connections."""
    if backend == "sqlite":
        pytest.skip("SQLite runs one writer at a time; concurrent takers need PostgreSQL")
    engines = [make_engine(migrated_database_url) for _ in range(2)]
    yield [make_sessionmaker(engine) for engine in engines]
    for engine in engines:
        engine.dispose()


def test_concurrent_takers_get_disjoint_rows_without_waiting(two_engines):
    first_sessions, second_sessions = two_engines
    with first_sessions.begin() as session:
        ensure_workspace(session, "T1", anchor=date(2026, 11, 30))
    ids = [add_person(first_sessions, f"U{n}", at=RECHECK) for n in range(10)]
    with first_sessions.begin() as first:
        mine = take_due(first, "nudge", NOW, limit=4, lease=LEASE)
        # The first transaction still holds its rows. Were the second to wait for them,
        # the lock timeout would fail it: it must skip them instead.
        with second_sessions.begin() as second:
            second.execute(text("SET LOCAL lock_timeout = '2s'"))
            taken = take_due(second, "nudge", NOW, limit=100, lease=LEASE)
    assert len(mine) == 4
    assert sorted(mine + taken) == sorted(ids), "disjoint, and everyone taken"
    with second_sessions.begin() as session:
        assert session.scalars(select(Person.id).where(Person.next_nudge_at <= NOW)).all() \
            == []
