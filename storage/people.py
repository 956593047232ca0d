"""Workspaces and people: subscription, schedule, time zone, reachability.
Functions take the caller's session and never commit."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from storage.models import (
    DEFAULT_SHARING,
    NUDGE_MINUTE,
    NUDGE_WEEKDAY,
    SHARING_LEVELS,
    Person,
    Workspace,
    utcnow,
)
from storage.upsert import insert_ignoring_conflict
from storage.wakeups import RECHECK, recheck_digest_of


def ensure_workspace(session: Session, team_id: str, *, anchor: date,
                     default_timezone: str = "UTC",
                     enterprise_id: str | None = None) -> Workspace:
    """The workspace row, created on first sight with its rotation starting at `anchor`."""
    workspace = session.get(Workspace, team_id)
    if workspace is None:
        insert_ignoring_conflict(session, Workspace, team_id=team_id,
                                 enterprise_id=enterprise_id,
                                 default_timezone=default_timezone, rotation_anchor=anchor,
                                 created_at=utcnow())
        workspace = session.get(Workspace, team_id)
    return workspace


def remember_enterprise(session: Session, team_id: str, enterprise_id: str) -> None:
    """Note which Enterprise Grid organisation a workspace belongs to (its installation may
    be organisation-wide, found by enterprise id)."""
    session.execute(
        update(Workspace)
        .where(Workspace.team_id == team_id, Workspace.enterprise_id.is_(None))
        .values(enterprise_id=enterprise_id)
    )


def enterprise_of(session: Session, team_id: str) -> str | None:
    return session.scalar(select(Workspace.enterprise_id).where(Workspace.team_id == team_id))


def find_person(session: Session, team_id: str, user_id: str) -> Person | None:
    return session.scalar(
        select(Person).where(Person.team_id == team_id, Person.user_id == user_id)
    )


def ensure_person(session: Session, team_id: str, user_id: str) -> Person:
    person = find_person(session, team_id, user_id)
    if person is None:
        now = utcnow()
        insert_ignoring_conflict(session, Person, team_id=team_id, user_id=user_id,
                                 subscribed=False, nudge_weekday=NUDGE_WEEKDAY,
                                 nudge_minute=NUDGE_MINUTE,
                                 created_at=now, updated_at=now)
        person = find_person(session, team_id, user_id)
    return person


def subscribed_people(session: Session, team_id: str) -> list[Person]:
    """Everyone who wants nudges and can still be reached."""
    return list(session.scalars(
        select(Person).where(
            Person.team_id == team_id,
            Person.subscribed.is_(True),
            Person.unreachable_reason.is_(None),
        ).order_by(Person.id)
    ))


def mark_unreachable(session: Session, team_id: str, user_id: str, reason: str) -> bool:
    """Stop nudging someone Slack will not deliver to; True the first time only."""
    result = session.execute(
        update(Person)
        .where(Person.team_id == team_id, Person.user_id == user_id,
               Person.unreachable_reason.is_(None))
        .values(unreachable_reason=reason[:64])
    )
    return result.rowcount == 1


def set_timezone(session: Session, team_id: str, user_id: str, tz: str | None) -> None:
    """A new time zone moves their nudge, and the digest of the team they manage."""
    changed = session.execute(
        update(Person)
        .where(Person.team_id == team_id, Person.user_id == user_id,
               Person.timezone.is_distinct_from(tz))
        .values(timezone=tz, next_nudge_at=RECHECK, next_reminder_at=RECHECK)
    ).rowcount
    if changed:
        session.execute(recheck_digest_of(team_id, user_id))


def timezones_of(session: Session, team_id: str, user_ids: list[str]) -> dict[str, str]:
    """user_id -> time zone, for those of `user_ids` whose zone is known: one query."""
    if not user_ids:
        return {}
    return {user: tz for user, tz in session.execute(
        select(Person.user_id, Person.timezone).where(
            Person.team_id == team_id, Person.user_id.in_(user_ids),
            Person.timezone.is_not(None)))}


def workspace_ids(session: Session) -> list[str]:
    return list(session.scalars(select(Workspace.team_id).order_by(Workspace.team_id)))


def set_away(session: Session, team_id: str, user_id: str, *, away: bool,
             until: datetime | None, now: datetime) -> None:
    """Follow a known person's Slack status: a new stretch away starts now (ending at
    `until`, or whenever it is cleared), or the current one ends now. Nobody is created."""
    person = find_person(session, team_id, user_id)
    if person is None:
        return
    ended = person.away_until is not None and person.away_until <= now
    currently = person.away_since is not None and person.back_at is None and not ended
    if away:
        if not currently:
            person.away_since, person.back_at = now, None
        person.away_until = until
    elif currently:
        person.back_at = now


def set_focus(session: Session, team_id: str, user_id: str, dimension: str | None,
              since: date | None = None, until: date | None = None) -> Person:
    """Give a person a focus dimension from the week of `since` until the week of `until`
    begins, or (dimension None) end it; their row."""
    person = ensure_person(session, team_id, user_id)
    person.focus_dimension = dimension
    person.focus_since, person.focus_until = (since, until) if dimension else (None, None)
    return person


def set_focus_shared(session: Session, team_id: str, user_id: str, shared: bool) -> None:
    """Whether the person's focus shows in the 1:1 prep of the managers whose team they are
    in (never, unless they say so)."""
    ensure_person(session, team_id, user_id).focus_shared = shared


def focus_suggested(session: Session, team_id: str, user_id: str, rotation: int) -> bool:
    """Record that the nudge suggested a focus in `rotation`; False when it already had
    (a conditional UPDATE: replicas building the same nudge suggest it once)."""
    result = session.execute(
        update(Person).execution_options(synchronize_session=False)
        .where(Person.team_id == team_id, Person.user_id == user_id,
               (Person.focus_suggested_rotation.is_(None))
               | (Person.focus_suggested_rotation != rotation))
        .values(focus_suggested_rotation=rotation))
    return result.rowcount == 1


def set_followups(session: Session, team_id: str, user_id: str, on: bool) -> None:
    ensure_person(session, team_id, user_id).followups = on


def default_sharing(session: Session, team_id: str, user_id: str) -> str:
    """The sharing level the reflection form preselects for this person: their own default,
    or DEFAULT_SHARING for someone the bot has no row for yet."""
    level = session.scalar(select(Person.sharing).where(Person.team_id == team_id,
                                                        Person.user_id == user_id))
    return level if level in SHARING_LEVELS else DEFAULT_SHARING


def set_sharing(session: Session, team_id: str, user_id: str, level: str) -> None:
    """Make `level` the person's default, creating their row if need be (setting the same
    level twice changes nothing)."""
    if level not in SHARING_LEVELS:
        raise ValueError(f"not a sharing level: {level!r}")
    ensure_person(session, team_id, user_id).sharing = level
