"""Doing a thing once: a key claimed with the database's own conflict handling (INSERT ...
ON CONFLICT DO NOTHING), so two replicas, two clicks or a replayed request racing for the
same key see exactly one winner. The winner may store what it answered, for the repeats.
Functions take the caller's session and never commit."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from storage.models import IdempotencyKey
from storage.upsert import insert_ignoring_conflict

KEY_MAX = 160


def first_time(session: Session, key: str, *, now: datetime, keep: timedelta) -> bool:
    """Claim `key` for `keep`; False when it was claimed before and has not expired."""
    key = key[:KEY_MAX]
    if insert_ignoring_conflict(session, IdempotencyKey, key=key, expires_at=now + keep):
        return True
    # An expired claim is taken over in one conditional UPDATE: still exactly one winner.
    taken = session.execute(
        update(IdempotencyKey).execution_options(synchronize_session=False)
        .where(IdempotencyKey.key == key, IdempotencyKey.expires_at <= now)
        .values(expires_at=now + keep, result=None))
    return taken.rowcount == 1


def remember_result(session: Session, key: str, result: str) -> None:
    session.execute(update(IdempotencyKey).execution_options(synchronize_session=False)
                    .where(IdempotencyKey.key == key[:KEY_MAX]).values(result=result))


def result_of(session: Session, key: str) -> str | None:
    return session.scalar(select(IdempotencyKey.result)
                          .where(IdempotencyKey.key == key[:KEY_MAX]))


def forget_expired(session: Session, now: datetime) -> int:
    """Delete expired keys; how many."""
    return session.execute(delete(IdempotencyKey)
                           .where(IdempotencyKey.expires_at <= now)).rowcount


def release(session: Session, key: str) -> None:
    """Give a claim back (what it guarded did not happen), so a later try can take it."""
    session.execute(delete(IdempotencyKey).where(IdempotencyKey.key == key[:KEY_MAX]))


def renew(session: Session, key: str, *, now: datetime, keep: timedelta) -> None:
    """Hold `key` for `keep` from now whether or not it was held (for the one caller the
    database already made the winner some other way)."""
    key = key[:KEY_MAX]
    if not insert_ignoring_conflict(session, IdempotencyKey, key=key, expires_at=now + keep):
        session.execute(update(IdempotencyKey).execution_options(synchronize_session=False)
                        .where(IdempotencyKey.key == key)
                        .values(expires_at=now + keep, result=None))
