"""When the scheduler next looks at each person (nudge, reminder) and each team (digest).

An instant is a promise never to be later than the message it stands for: a tick reads
only the rows whose instant has come, decides with the full rules what (if anything) is
due, and moves the instant on. So a change that could bring a message earlier need not
compute when: it sets the instant to RECHECK ("look at me on the next tick"), and that tick
computes the real one. Every ORM change to what decides a schedule does so through the
mapper hooks below; the Core UPDATEs that change such columns set it themselves.

Taking due rows is a claim: the batch's instants move a lease ahead in the same
transaction, with FOR UPDATE SKIP LOCKED on PostgreSQL, so replicas ticking at once take
different rows and none waits for another. A process that dies holding a batch gives it
back when the lease runs out. Functions take the caller's session and never commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import event, select, update
from sqlalchemy.orm import Session

from storage.models import RECHECK, Person, Team

# The columns that decide when a person's messages are due, or whether they get any.
PERSON_SCHEDULE = ("subscribed", "subscribed_at", "timezone", "nudge_weekday", "nudge_minute",
                   "paused_until", "unreachable_reason", "away_since", "away_until", "back_at")
TEAM_SCHEDULE = ("digest_weekday", "digest_minute")
NO_SYNC = {"synchronize_session": False}


@event.listens_for(Person, "before_update")
def _person_changed(_mapper, connection, person: Person) -> None:
    changed = _changed(person, PERSON_SCHEDULE)
    if changed:
        person.next_nudge_at = person.next_reminder_at = RECHECK
    if "timezone" in changed:
        # The digest comes at the manager's local time.
        connection.execute(recheck_digest_of(person.team_id, person.user_id))


@event.listens_for(Team, "before_update")
def _team_changed(_mapper, _connection, team: Team) -> None:
    if _changed(team, TEAM_SCHEDULE):
        team.next_digest_at = RECHECK


def _changed(row, columns: Iterable[str]) -> set[str]:
    from sqlalchemy import inspect

    state = inspect(row)
    return {name for name in columns if state.attrs[name].history.has_changes()}


def recheck_digest_of(team_id: str, manager_id: str):
    """The UPDATE that has a manager's digest looked at again."""
    return (update(Team).execution_options(**NO_SYNC)
            .where(Team.team_id == team_id, Team.manager_id == manager_id)
            .values(next_digest_at=RECHECK))


# -- taking what is due --------------------------------------------------------------------
WAKEUPS = {"nudge": Person.next_nudge_at, "reminder": Person.next_reminder_at,
           "digest": Team.next_digest_at}


def take_due(session: Session, what: str, now: datetime, *, limit: int,
             lease: timedelta) -> list[int]:
    """Ids of up to `limit` people (nudge, reminder) or teams (digest) whose instant has
    come, taken for this process: their instants move to `now + lease`. Rows another
    transaction is taking at this moment are skipped, not waited for."""
    column = WAKEUPS[what]
    model = column.class_
    # One WITH due AS MATERIALIZED (SELECT ... LIMIT n FOR UPDATE SKIP LOCKED) UPDATE ...
    # WHERE id IN (SELECT id FROM due) RETURNING id: the write comes first, so SQLite
    # takes its one writer's lock at once instead of upgrading a read lock (which two
    # processes cannot both do). MATERIALIZED runs the SELECT once: as a plain subquery
    # PostgreSQL may rescan it per row, each rescan skipping the rows just updated and
    # taking `limit` more.
    due = (select(model.id).where(column <= now).order_by(column).limit(limit)
           .with_for_update(skip_locked=True)
           .cte("due").prefix_with("MATERIALIZED", dialect="postgresql"))
    taken = session.execute(update(model).execution_options(**NO_SYNC)
                            .where(model.id.in_(select(due.c.id)))
                            .values({column.key: now + lease}).returning(model.id))
    return sorted(taken.scalars())


def set_next(session: Session, what: str, instants: dict[int, datetime | None]) -> None:
    """Each row's next instant (None: nothing to look at until something changes)."""
    column = WAKEUPS[what]
    model = column.class_
    by_instant: dict[datetime | None, list[int]] = {}
    for row_id, at in instants.items():
        by_instant.setdefault(at, []).append(row_id)
    for at, ids in by_instant.items():
        session.execute(update(model).execution_options(**NO_SYNC)
                        .where(model.id.in_(ids)).values({column.key: at}))


def recheck(session: Session, kind: str, team_id: str, user_id: str) -> None:
    """Have a delivery's person (nudge, reminder) or team (digest, by its manager) looked
    at on the next tick."""
    column = WAKEUPS[kind]
    if column.class_ is Team:
        session.execute(recheck_digest_of(team_id, user_id))
        return
    session.execute(update(Person).execution_options(**NO_SYNC)
                    .where(Person.team_id == team_id, Person.user_id == user_id)
                    .values({column.key: RECHECK}))
