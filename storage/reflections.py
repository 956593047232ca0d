"""Reflections: stored, edited in place, listed. Every query is scoped by workspace.
Functions take the caller's session and never commit."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, func, select, update
from sqlalchemy.orm import Session

from storage.deliveries import NUDGE, SENT
from storage.models import RATING_SHARED, SHARED, Delivery, Membership, Reflection
from storage.teams import ACTIVE
from storage.text import storable
from storage.upsert import insert_ignoring_conflict


def find_reflection(session: Session, team_id: str, user_id: str, week: str,
                    dimension: str) -> Reflection | None:
    return session.scalar(select(Reflection).where(
        Reflection.team_id == team_id, Reflection.user_id == user_id,
        Reflection.week == week, Reflection.dimension == dimension))


def save_reflection(session: Session, *, team_id: str, user_id: str, week: str,
                    dimension: str, rating: int, text: str, sharing: str,
                    now: datetime) -> tuple[Reflection, bool]:
    """Store the answer, or replace the one given earlier that week; (row, was it new).
    An INSERT ... ON CONFLICT DO NOTHING, then an UPDATE when the row was there: two
    submissions racing each other both succeed, and the later one wins."""
    key = dict(team_id=team_id, user_id=user_id, week=week, dimension=dimension)
    answer = dict(rating=rating, text=storable(text), sharing=sharing, updated_at=now)
    created = insert_ignoring_conflict(session, Reflection, **key, **answer, created_at=now)
    if not created:
        session.execute(update(Reflection).execution_options(synchronize_session=False)
                        .where(*(getattr(Reflection, k) == v for k, v in key.items()))
                        .values(**answer))
    row = session.scalar(select(Reflection).where(
        *(getattr(Reflection, k) == v for k, v in key.items()))
        .execution_options(populate_existing=True))
    return row, created


def history(session: Session, team_id: str, user_id: str, *, offset: int,
            limit: int) -> tuple[list[Reflection], int]:
    """One person's own reflections, newest first, and how many there are in all."""
    mine = (Reflection.team_id == team_id, Reflection.user_id == user_id)
    total = session.scalar(select(func.count()).select_from(Reflection).where(*mine)) or 0
    rows = session.scalars(
        select(Reflection).where(*mine)
        .order_by(Reflection.week.desc(), Reflection.updated_at.desc(), Reflection.id.desc())
        .offset(offset).limit(limit)
    )
    return list(rows), total


def answered(session: Session, team_id: str, weeks: Iterable[str],
             users: Iterable[str] | None = None) -> set[tuple[str, str, str]]:
    """(user_id, week, dimension) of every reflection in the workspace (or of `users`) in
    those weeks."""
    query = select(Reflection.user_id, Reflection.week, Reflection.dimension).where(
        Reflection.team_id == team_id, Reflection.week.in_(list(weeks)))
    if users is not None:
        query = query.where(Reflection.user_id.in_(list(users)))
    return {tuple(row) for row in session.execute(query)}


@dataclass(frozen=True)
class SharedAnswer:
    """A team member's answer as their manager may see it: the rating (its level lets the
    manager see it), and the text only when it was shared with them (None otherwise)."""

    reflection_id: int
    user_id: str
    week: str
    dimension: str
    rating: int
    text: str | None
    sharing: str


def _of_members(team_id: str, group_id: int):
    """Conditions for the reflections of a team's active members, written since each
    accepted (what someone wrote for an earlier manager stays with that manager)."""
    # The IN (members) repeats the join on purpose: it lets SQLite start from the team's
    # members and the (team, user, week) key even before it has table statistics, instead
    # of reading the whole workspace's weeks (measured: 85 ms against 8 ms a digest).
    members = select(Membership.user_id).where(Membership.group_id == group_id,
                                               Membership.state == ACTIVE)
    return (Reflection.team_id == team_id, Reflection.user_id.in_(members),
            Membership.group_id == group_id,
            Membership.team_id == Reflection.team_id, Membership.user_id == Reflection.user_id,
            Membership.state == ACTIVE, Membership.responded_at.is_not(None),
            Reflection.created_at >= Membership.responded_at)


def _members_join(query):
    return query.join(Membership, Membership.user_id == Reflection.user_id)


# The text leaves the database only for answers shared in full: a rating-only answer's
# words never reach the code that builds what a manager reads.
_SHARED_TEXT = case((Reflection.sharing == SHARED, Reflection.text), else_=None)
_SHARED_ANSWER = (Reflection.id, Reflection.user_id, Reflection.week, Reflection.dimension,
                  Reflection.rating, _SHARED_TEXT, Reflection.sharing)


def shared_with_manager(session: Session, team_id: str, group_id: int,
                        weeks: Iterable[str] | None = None, *,
                        user_id: str | None = None) -> list[SharedAnswer]:
    """The team's answers in `weeks` (all weeks when None; one member's with `user_id`)
    whose rating the manager may see, oldest week first: one query, whatever the team's
    size. Private answers are not among them."""
    query = _members_join(select(*_SHARED_ANSWER)).where(
        *_of_members(team_id, group_id), Reflection.sharing.in_(RATING_SHARED))
    if weeks is not None:
        query = query.where(Reflection.week.in_(list(weeks)))
    if user_id is not None:
        query = query.where(Reflection.user_id == user_id)
    rows = session.execute(query.order_by(Reflection.week, Reflection.user_id,
                                          Reflection.dimension))
    return [SharedAnswer(*row) for row in rows]


def answered_in_team(session: Session, team_id: str, group_id: int,
                     weeks: Iterable[str]) -> dict[tuple[str, str], list[str]]:
    """(week, dimension) -> who answered, at any level (a private answer counts as
    answered, and only that): one query."""
    found: dict[tuple[str, str], list[str]] = {}
    rows = session.execute(_members_join(
        select(Reflection.week, Reflection.dimension, Reflection.user_id))
        .where(*_of_members(team_id, group_id), Reflection.week.in_(list(weeks)))
        .order_by(Reflection.user_id))
    for week, dimension, user in rows:
        found.setdefault((week, dimension), []).append(user)
    return found


def ratings_of_team(session: Session, team_id: str, group_id: int,
                    weeks: Iterable[str]) -> dict[tuple[str, str], list[int]]:
    """(week, dimension) -> the ratings the team's figures may use (shared in full or as
    a rating): the raw material of every team figure, which coaching.figures turns into
    figures only above the privacy floor. One query."""
    found: dict[tuple[str, str], list[int]] = {}
    rows = session.execute(_members_join(
        select(Reflection.week, Reflection.dimension, Reflection.rating))
        .where(*_of_members(team_id, group_id), Reflection.week.in_(list(weeks)),
               Reflection.sharing.in_(RATING_SHARED)))
    for week, dimension, rating in rows:
        found.setdefault((week, dimension), []).append(rating)
    return found


def shared_in_full(session: Session, team_id: str, group_id: int,
                   reflection_id: int) -> SharedAnswer | None:
    """One reflection, only if its author shared its text with the team's manager."""
    row = session.execute(_members_join(select(*_SHARED_ANSWER)).where(
        Reflection.id == reflection_id, Reflection.sharing == SHARED,
        *_of_members(team_id, group_id))).first()
    return SharedAnswer(*row) if row else None


def ratings_of(session: Session, team_id: str, user_id: str) -> list[tuple[str, str, int]]:
    """(week, dimension, rating) of every reflection one person wrote, private ones too
    (they are the person's own), oldest week first: one query, however long the history."""
    return [(week, dimension, rating) for week, dimension, rating in session.execute(
        select(Reflection.week, Reflection.dimension, Reflection.rating)
        .where(Reflection.team_id == team_id, Reflection.user_id == user_id)
        .order_by(Reflection.week, Reflection.dimension))]


def answered_of_nudged(session: Session, team_id: str, user_id: str) -> tuple[int, int]:
    """(nudges answered, nudges sent) for one person: a sent nudge is answered when they
    reflected on its week's dimension that week. One grouped query."""
    answer = (Reflection.team_id == Delivery.team_id, Reflection.user_id == Delivery.user_id,
              Reflection.week == Delivery.week, Reflection.dimension == Delivery.dimension)
    nudged, answered = session.execute(
        select(func.count(Delivery.id), func.count(Reflection.id))
        .select_from(Delivery).outerjoin(Reflection, and_(*answer))
        .where(Delivery.team_id == team_id, Delivery.user_id == user_id,
               Delivery.kind == NUDGE, Delivery.status == SENT)).one()
    return int(answered), int(nudged)


def ask_followup_once(session: Session, reflection_id: int, now: datetime) -> bool:
    """Mark the reflection's one coaching follow-up as asked; False when it was asked
    before (a conditional UPDATE, so a double submission asks once)."""
    result = session.execute(
        update(Reflection).execution_options(synchronize_session=False)
        .where(Reflection.id == reflection_id, Reflection.followup_asked_at.is_(None))
        .values(followup_asked_at=now))
    return result.rowcount == 1


def ratings_of_people(session: Session, team_id: str, user_ids: Iterable[str],
                      weeks: Iterable[str]) -> dict[str, dict[str, list[int]]]:
    """user -> dimension -> their ratings in `weeks`, oldest week first: one query for any
    number of people."""
    ids = list(user_ids)
    found: dict[str, dict[str, list[int]]] = {}
    if not ids:
        return found
    rows = session.execute(
        select(Reflection.user_id, Reflection.dimension, Reflection.rating)
        .where(Reflection.team_id == team_id, Reflection.user_id.in_(ids),
               Reflection.week.in_(list(weeks)))
        .order_by(Reflection.week))
    for user, dimension, rating in rows:
        found.setdefault(user, {}).setdefault(dimension, []).append(rating)
    return found
