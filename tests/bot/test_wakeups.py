"""What a tick costs and whom it reads: only the rows whose instant has come, so an idle tick
runs the same statements for 10 people as for 500, in one workspace or twenty; and the
instants each tick leaves behind: next week's local time once a nudge is sent (DST too),
the end of a pause, none after an unsubscribe, recomputed after any schedule change."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from sqlalchemy import delete, event

from bot.coaching.calendar import Schedule
from bot.coaching.people import pause, set_schedule, subscribe, unsubscribe
from storage.models import RECHECK, Delivery, Membership, Person, SendBudget, Team, Workspace
from storage.people import ensure_workspace, find_person, set_timezone
from storage.teams import team_of_manager
from tests.fakes.helpers import dms_to, tick_at
from tests.fakes.seeding import MANAGER, add_people, seed_team
from tests.fakes.times import hm, utc


@contextmanager
def statements(engine) -> Iterator[list[str]]:
    """Every SQL statement `engine` runs inside the block."""
    seen: list[str] = []

    def before(_conn, _cursor, statement, _parameters, _context, _many) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", before)


@contextmanager
def loaded(model) -> Iterator[list]:
    """Every row of `model` read into the ORM inside the block."""
    rows: list = []

    def on_load(target, _context) -> None:
        rows.append(target)

    event.listen(model, "load", on_load)
    try:
        yield rows
    finally:
        event.remove(model, "load", on_load)


def wipe(deps) -> None:
    with deps.sessions.begin() as session:
        for model in (Delivery, Membership, Team, SendBudget, Person, Workspace):
            session.execute(delete(model))


def populate(deps, people: int, workspaces: int) -> None:
    """`people` subscribers (Monday 10:00 UTC) spread over `workspaces`, each workspace with
    a manager's team."""
    for n in range(workspaces):
        team_id = f"T{n:03d}"
        add_people(deps, *[(f"U{n:03d}{i:04d}", "UTC") for i in range(n, people, workspaces)],
                   team_id=team_id)
        seed_team(deps, members=[f"U{n:03d}0000"], team_id=team_id)


def instants(deps, user_id: str = "U1", team_id: str = "T111"):
    with deps.sessions.begin() as session:
        person = find_person(session, team_id, user_id)
        return person.next_nudge_at, person.next_reminder_at


# -- cost ------------------------------------------------------------------------------------

def test_an_idle_tick_runs_the_same_statements_for_10_or_500_people_in_1_or_20_workspaces(
        deps, dispatcher, clock):
    costs = {}
    for people, workspaces in [(10, 1), (500, 1), (500, 20), (20, 20)]:
        wipe(deps)
        populate(deps, people, workspaces)
        report = tick_at(dispatcher, clock, 2026, 11, 30, 9, 0)  # every instant computed
        assert report.counts["sent"] == 0
        clock.set(utc(2026, 11, 30, 9, 30))  # nobody due: nudges at 10:00, digests Friday
        with statements(deps.engine) as seen, loaded(Person) as people_read, \
                loaded(Team) as teams_read:
            report = dispatcher.tick()
        assert report.summary() == "nothing due"
        assert (people_read, teams_read) == ([], []), "no row read before its instant"
        costs[people, workspaces] = len(seen)
    assert len(set(costs.values())) == 1, costs
    assert costs[10, 1] <= 5, "reconciliation's look, and one take per instant column"


def test_a_tick_reads_only_the_people_whose_instant_has_come(deps, dispatcher, clock,
                                                             slack_api):
    add_people(deps, *[(f"U1{n}", "UTC") for n in range(5)])
    add_people(deps, *[(f"U2{n}", "UTC") for n in range(5)], minute=hm(11))
    tick_at(dispatcher, clock, 2026, 11, 30, 9, 0)
    with loaded(Person) as read:
        assert tick_at(dispatcher, clock, 2026, 11, 30, 10, 0).counts["sent"] == 5
    assert sorted(p.user_id for p in read) == [f"U1{n}" for n in range(5)]
    with loaded(Person) as read:
        assert tick_at(dispatcher, clock, 2026, 11, 30, 10, 30).summary() == "nothing due"
    assert read == []
    with loaded(Person) as read:
        assert tick_at(dispatcher, clock, 2026, 11, 30, 11, 0).counts["sent"] == 5
    assert sorted(p.user_id for p in read) == [f"U2{n}" for n in range(5)]


# -- the instants a tick leaves --------------------------------------------------------------

def test_after_the_nudge_and_the_reminder_each_is_next_weeks_local_time_across_dst(
        deps, dispatcher, clock, slack_api):
    with deps.sessions.begin() as session:
        ensure_workspace(session, "T111", anchor=date(2026, 10, 26))
        session.add(Person(team_id="T111", user_id="U1", subscribed=True,
                           timezone="America/New_York", nudge_weekday=0, nudge_minute=hm(10)))
    # Monday 10:00 EDT (-04:00); New York's clocks go back on Sunday 1 November.
    assert tick_at(dispatcher, clock, 2026, 10, 26, 14, 0).counts["sent"] == 1
    assert instants(deps) == (utc(2026, 11, 2, 15, 0), utc(2026, 10, 29, 14, 0))
    assert tick_at(dispatcher, clock, 2026, 10, 29, 14, 0).counts["sent"] == 1  # reminder
    assert instants(deps) == (utc(2026, 11, 2, 15, 0), utc(2026, 11, 5, 15, 0))
    assert tick_at(dispatcher, clock, 2026, 11, 2, 14, 0).summary() == "nothing due"
    assert tick_at(dispatcher, clock, 2026, 11, 2, 15, 0).counts["sent"] == 1
    assert len(dms_to(slack_api, "U1")) == 3


def test_after_the_digest_its_instant_is_next_weeks(deps, dispatcher, clock, slack_api):
    seed_team(deps, members=["U201"])
    assert tick_at(dispatcher, clock, 2026, 12, 4, 16, 0).counts["sent"] == 1
    with deps.sessions.begin() as session:
        assert team_of_manager(session, "T111", MANAGER).next_digest_at == \
            utc(2026, 12, 11, 16, 0)


def test_paused_people_are_next_looked_at_when_the_pause_ends(deps, dispatcher, clock,
                                                             slack_api):
    add_people(deps, ("U1", "UTC"))
    with deps.sessions.begin() as session:
        assert pause(session, "T111", "U1", 2, clock(), "UTC") == date(2026, 12, 14)
    tick_at(dispatcher, clock, 2026, 11, 30, 9, 0)
    assert instants(deps) == (utc(2026, 12, 14, 10, 0), utc(2026, 12, 17, 10, 0))
    with loaded(Person) as read:
        tick_at(dispatcher, clock, 2026, 11, 30, 10, 0)
        tick_at(dispatcher, clock, 2026, 12, 7, 10, 0)
    assert read == [] and dms_to(slack_api, "U1") == []
    assert tick_at(dispatcher, clock, 2026, 12, 14, 10, 0).counts["sent"] == 1


def test_unsubscribing_clears_the_instants_and_any_schedule_change_has_them_computed_again(
        deps, dispatcher, clock, slack_api):
    add_people(deps, ("U1", "UTC"))
    tick_at(dispatcher, clock, 2026, 11, 30, 9, 0)
    assert instants(deps) == (utc(2026, 11, 30, 10, 0), utc(2026, 12, 3, 10, 0))

    with deps.sessions.begin() as session:
        assert unsubscribe(session, "T111", "U1")
    assert instants(deps) == (RECHECK, RECHECK)
    tick_at(dispatcher, clock, 2026, 11, 30, 9, 1)
    assert instants(deps) == (None, None)
    with loaded(Person) as read:
        tick_at(dispatcher, clock, 2026, 11, 30, 10, 0)
    assert read == [] and dms_to(slack_api, "U1") == []

    # Subscribed again after this week's time: next week's nudge.
    clock.set(utc(2026, 11, 30, 10, 1))
    with deps.sessions.begin() as session:
        assert subscribe(session, "T111", "U1", clock(), "UTC")
    tick_at(dispatcher, clock, 2026, 11, 30, 10, 2)
    assert instants(deps)[0] == utc(2026, 12, 7, 10, 0)
    # Wednesday 09:00 instead: this week's still to come.
    with deps.sessions.begin() as session:
        set_schedule(session, "T111", "U1", Schedule(2, hm(9)), clock(), "UTC")
    assert instants(deps) == (RECHECK, RECHECK)
    tick_at(dispatcher, clock, 2026, 11, 30, 10, 3)
    assert instants(deps)[0] == utc(2026, 12, 2, 9, 0)
    # Moving to Tokyo: Wednesday 09:00 there is midnight UTC.
    with deps.sessions.begin() as session:
        set_timezone(session, "T111", "U1", "Asia/Tokyo")
    tick_at(dispatcher, clock, 2026, 11, 30, 10, 4)
    assert instants(deps)[0] == utc(2026, 12, 2, 0, 0)
    assert dms_to(slack_api, "U1") == []
    assert tick_at(dispatcher, clock, 2026, 12, 2, 0, 0).counts["sent"] == 1
    assert len(dms_to(slack_api, "U1")) == 1
