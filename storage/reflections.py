"""Reflections: stored, edited in place, listed. Every query is scoped by workspace.
Functions take the caller's session and never commit."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from storage.models import Reflection
from storage.text import storable
from storage.upsert import insert_ignoring_conflict


def find_reflection(session: Session, team_id: str, user_id: str, week: str,
                    dimension: str) -> Reflection | None:
    return session.scalar(select(Reflection).where(
        Reflection.team_id == team_id, Reflection.user_id == user_id,
        Reflection.week == week, Reflection.dimension == dimension))


def save_reflection(session: Session, *, team_id: str, user_id: str, week: str,
                    dimension: str, rating: int, text: str, private: bool,
                    now: datetime) -> tuple[Reflection, bool]:
    """Store the answer, or replace the one given earlier that week; (row, was it new).
    An INSERT ... ON CONFLICT DO NOTHING, then an UPDATE when the row was there: two
    submissions racing each other both succeed, and the later one wins."""
    key = dict(team_id=team_id, user_id=user_id, week=week, dimension=dimension)
    answer = dict(rating=rating, text=storable(text), private=private, updated_at=now)
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


def answered(session: Session, team_id: str, weeks: Iterable[str]) -> set[tuple[str, str, str]]:
    """(user_id, week, dimension) of every reflection in the workspace in those weeks."""
    return {tuple(row) for row in session.execute(
        select(Reflection.user_id, Reflection.week, Reflection.dimension).where(
            Reflection.team_id == team_id, Reflection.week.in_(list(weeks))))}


def of_people(session: Session, team_id: str, user_ids: Iterable[str],
              weeks: Iterable[str]) -> list[Reflection]:
    """Every reflection of `user_ids` in `weeks`: one query, whatever the team's size."""
    ids = list(user_ids)
    if not ids:
        return []
    return list(session.scalars(select(Reflection).where(
        Reflection.team_id == team_id, Reflection.user_id.in_(ids),
        Reflection.week.in_(list(weeks))).order_by(Reflection.user_id)))


def averages(session: Session, team_id: str, user_ids: Iterable[str],
             weeks: Iterable[str]) -> dict[tuple[str, str], tuple[float, int]]:
    """(week, dimension) -> (average rating, count) over `user_ids`: one grouped query."""
    ids = list(user_ids)
    if not ids:
        return {}
    rows = session.execute(
        select(Reflection.week, Reflection.dimension, func.avg(Reflection.rating),
               func.count())
        .where(Reflection.team_id == team_id, Reflection.user_id.in_(ids),
               Reflection.week.in_(list(weeks)))
        .group_by(Reflection.week, Reflection.dimension))
    return {(week, dim): (float(avg), int(count)) for week, dim, avg, count in rows}


def get(session: Session, team_id: str, reflection_id: int) -> Reflection | None:
    return session.scalar(select(Reflection).where(Reflection.id == reflection_id,
                                                   Reflection.team_id == team_id))


def of_people_all_weeks(session: Session, team_id: str,
                        user_ids: Iterable[str]) -> list[Reflection]:
    ids = list(user_ids)
    if not ids:
        return []
    return list(session.scalars(select(Reflection).where(
        Reflection.team_id == team_id, Reflection.user_id.in_(ids))
        .order_by(Reflection.week, Reflection.user_id)))
