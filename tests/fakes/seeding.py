"""Rows the bot's tests start from, written straight to the database through `deps`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from storage import teams
from storage.models import SHARED, Person
from storage.people import ensure_person, ensure_workspace
from storage.reflections import save_reflection
from tests.fakes.times import utc

MONDAY = date(2026, 11, 30)  # the workspace's first week (its rotation anchor): 2026-W49
SUBSCRIBED = utc(2026, 11, 28, 12, 0)  # the Saturday before
MANAGER = "U100"


def seed_team(deps, manager: str = MANAGER, members: Iterable[str] = (),
              invited: Iterable[str] = (), *, team_id: str = "T111", tz: str | None = None,
              created_at: datetime | None = None) -> int:
    """A workspace and `manager`'s team, with `members` active (they accepted) and
    `invited` not answered yet, all at `created_at` (the bot's clock by default); `tz` is
    the manager's time zone. Returns the team's id."""
    members, invited = list(members), list(invited)
    now = created_at or deps.clock()
    with deps.sessions.begin() as session:
        ensure_workspace(session, team_id, anchor=MONDAY)
        if tz:
            ensure_person(session, team_id, manager).timezone = tz
        team = teams.ensure_team(session, team_id, manager, now)
        teams.invite(session, team, [*members, *invited], now)
        for user in members:
            teams.respond(session, team.id, user, teams.ACTIVE, now)
        return team.id


def add_people(deps, *people: tuple[str, str | None], weekday: int = 0, minute: int = 600,
               team_id: str = "T111") -> None:
    """Subscribed people (user_id, time zone or None), nudged on `weekday` at `minute` of
    the day (Monday 10:00 by default), in a workspace whose rotation starts on MONDAY."""
    with deps.sessions.begin() as session:
        ensure_workspace(session, team_id, anchor=MONDAY)
        for user_id, tz in people:
            session.add(Person(team_id=team_id, user_id=user_id, subscribed=True, timezone=tz,
                               nudge_weekday=weekday, nudge_minute=minute,
                               subscribed_at=SUBSCRIBED))


def reflect(deps, user_id: str, rating: int, text: str, *, week: str = "2026-W49",
            dimension: str = "understanding", sharing: str = SHARED,
            team_id: str = "T111") -> int:
    """One reflection by `user_id` (this week's, on understanding, shared, by default);
    its id."""
    with deps.sessions.begin() as session:
        ensure_workspace(session, team_id, anchor=MONDAY)
        row, _ = save_reflection(session, team_id=team_id, user_id=user_id, week=week,
                                 dimension=dimension, rating=rating, text=text,
                                 sharing=sharing, now=deps.clock())
        return row.id
