"""The evidence journal: notes a person keeps on a dimension, from a Slack message or on
their own. Every query is scoped by workspace and owner: evidence is its owner's alone.
Functions take the caller's session and never commit."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from storage.models import Evidence
from storage.text import storable
from storage.upsert import insert_ignoring_conflict


def _mine(team_id: str, user_id: str) -> tuple:
    return Evidence.team_id == team_id, Evidence.user_id == user_id


def find_for_message(session: Session, team_id: str, user_id: str, channel_id: str,
                     message_ts: str) -> Evidence | None:
    """The owner's entry saved from one message, if they saved it."""
    return session.scalar(select(Evidence).where(
        *_mine(team_id, user_id), Evidence.channel_id == channel_id,
        Evidence.message_ts == message_ts))


def save_from_message(session: Session, *, team_id: str, user_id: str, channel_id: str,
                      message_ts: str, dimension: str, note: str, message_text: str | None,
                      permalink: str | None, now: datetime) -> tuple[Evidence, bool]:
    """Keep a message as evidence, or update the entry saved from it before; (row, was it
    new). An INSERT ... ON CONFLICT DO NOTHING on the (workspace, owner, message) key, then
    an UPDATE when the row was there: two saves racing each other both succeed, the later
    one wins, and there is never a second entry for one message."""
    key = dict(team_id=team_id, user_id=user_id, channel_id=channel_id, message_ts=message_ts)
    entry = dict(dimension=dimension, note=storable(note),
                 message_text=storable(message_text) if message_text else None,
                 updated_at=now)
    created = insert_ignoring_conflict(session, Evidence, **key, **entry, permalink=permalink,
                                       created_at=now)
    where = [getattr(Evidence, k) == v for k, v in key.items()]
    if not created:
        if permalink:  # a save that could not get a link keeps the one known before
            entry["permalink"] = permalink
        session.execute(update(Evidence).execution_options(synchronize_session=False)
                        .where(*where).values(**entry))
    row = session.scalar(select(Evidence).where(*where)
                         .execution_options(populate_existing=True))
    return row, created


def add_note(session: Session, *, team_id: str, user_id: str, dimension: str, note: str,
             now: datetime) -> Evidence:
    """A note of the owner's own, from no message (never in conflict with another)."""
    row = Evidence(team_id=team_id, user_id=user_id, dimension=dimension,
                   note=storable(note), created_at=now, updated_at=now)
    session.add(row)
    session.flush()
    return row


def set_permalink(session: Session, team_id: str, user_id: str, channel_id: str,
                  message_ts: str, permalink: str) -> bool:
    """Fill in the link of an entry saved without one; False when there is no such entry
    or it has a link already."""
    result = session.execute(
        update(Evidence).execution_options(synchronize_session=False)
        .where(*_mine(team_id, user_id), Evidence.channel_id == channel_id,
               Evidence.message_ts == message_ts, Evidence.permalink.is_(None))
        .values(permalink=permalink))
    return result.rowcount == 1


def of_owner(session: Session, team_id: str, user_id: str,
             dimension: str | None = None) -> list[Evidence]:
    """The owner's evidence (on one dimension, or all), newest first: one query, however
    much there is."""
    query = select(Evidence).where(*_mine(team_id, user_id))
    if dimension is not None:
        query = query.where(Evidence.dimension == dimension)
    return list(session.scalars(
        query.order_by(Evidence.created_at.desc(), Evidence.id.desc())))
