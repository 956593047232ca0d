"""Claims on outgoing messages: at most one per person, kind and week.

A row goes claimed -> sending -> sent (or retry / failed). A claim is an INSERT guarded by a
unique constraint (ON CONFLICT DO NOTHING), or a conditional UPDATE of a row waiting for a
retry or of a claim abandoned longer than CLAIM_LEASE; both are atomic on SQLite and
PostgreSQL, so any number of processes can race for the same person and exactly one wins.
"sending" is written just before Slack is called: a row left "sending" by a crash may have
been delivered and is never sent again, while one left "claimed" surely was not and is
taken over after the lease. Functions take the caller's session and never commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.orm import Session

from storage.models import Delivery
from storage.upsert import insert_ignoring_conflict

# Each update runs in a fresh, short session: no loaded objects to keep in step.
NO_SYNC = {"synchronize_session": False}

# What a delivery is for: each kind is sent at most once per person and week.
NUDGE, REMINDER, DIGEST = "nudge", "reminder", "digest"
KINDS = frozenset({NUDGE, REMINDER, DIGEST})
# Where a delivery is in its life.
CLAIMED, SENDING, SENT, RETRY, FAILED = "claimed", "sending", "sent", "retry", "failed"
CLAIM_LEASE = timedelta(minutes=10)


def claim(session: Session, *, team_id: str, user_id: str, kind: str, week: str,
          dimension: str, owner: str, now: datetime) -> bool:
    """Take the right to send; False when another claim already holds or used it."""
    values = dict(team_id=team_id, user_id=user_id, kind=kind, week=week,
                  dimension=dimension, status=CLAIMED, owner=owner, attempts=1,
                  claimed_at=now)
    if insert_ignoring_conflict(session, Delivery, **values):
        return True
    taken_over = session.execute(
        update(Delivery).execution_options(**NO_SYNC)
        .where(*_key(team_id, user_id, kind, week), _reclaimable(now))
        .values(status=CLAIMED, owner=owner, claimed_at=now, dimension=dimension,
                attempts=Delivery.attempts + 1)
    )
    return taken_over.rowcount == 1


def _reclaimable(now: datetime):
    return or_(and_(Delivery.status == RETRY, Delivery.retry_at <= now),
               and_(Delivery.status == CLAIMED, Delivery.claimed_at <= now - CLAIM_LEASE))


def start_sending(session: Session, team_id: str, user_id: str, kind: str, week: str, *,
                  owner: str) -> bool:
    """Mark the claim as being sent, right before calling Slack; False if the claim is no
    longer this owner's (its lease ran out and another process took it over)."""
    result = session.execute(
        update(Delivery).execution_options(**NO_SYNC)
        .where(*_key(team_id, user_id, kind, week), Delivery.status == CLAIMED,
               Delivery.owner == owner)
        .values(status=SENDING)
    )
    return result.rowcount == 1


def _key(team_id: str, user_id: str, kind: str, week: str):
    return (Delivery.team_id == team_id, Delivery.user_id == user_id,
            Delivery.kind == kind, Delivery.week == week)


def _update(team_id: str, user_id: str, kind: str, week: str):
    return update(Delivery).execution_options(**NO_SYNC).where(
        *_key(team_id, user_id, kind, week))


def mark_sent(session: Session, team_id: str, user_id: str, kind: str, week: str, *,
              now: datetime, channel_id: str | None, message_ts: str | None) -> None:
    session.execute(_update(team_id, user_id, kind, week).values(
        status=SENT, sent_at=now, channel_id=channel_id, message_ts=message_ts, error=None))


def mark_retry(session: Session, team_id: str, user_id: str, kind: str, week: str, *,
               retry_at: datetime, error: str) -> None:
    session.execute(_update(team_id, user_id, kind, week).values(
        status=RETRY, retry_at=retry_at, error=error[:64]))


def mark_failed(session: Session, team_id: str, user_id: str, kind: str, week: str, *,
                error: str) -> None:
    session.execute(_update(team_id, user_id, kind, week).values(
        status=FAILED, error=error[:64]))


def release(session: Session, team_id: str, user_id: str, kind: str, week: str) -> None:
    """Give a claim back untouched (Slack refused it outright), so a later run can take it."""
    session.execute(delete(Delivery).where(*_key(team_id, user_id, kind, week),
                                           Delivery.status.in_([CLAIMED, SENDING])))


def find(session: Session, team_id: str, user_id: str, kind: str, week: str) -> Delivery | None:
    return session.scalar(select(Delivery).where(*_key(team_id, user_id, kind, week)))


def settled_users(session: Session, team_id: str, kind: str, weeks: Iterable[str],
                  now: datetime) -> set[tuple[str, str]]:
    """(user_id, week) pairs that need no further send of `kind`: being sent, sent or given
    up. Rows waiting for a retry and abandoned claims are left out, to be taken again."""
    rows = session.execute(
        select(Delivery.user_id, Delivery.week, Delivery.status, Delivery.claimed_at)
        .where(Delivery.team_id == team_id, Delivery.kind == kind,
               Delivery.week.in_(list(weeks)))
    )
    return {(user, week) for user, week, status, claimed_at in rows
            if status != RETRY and not (status == CLAIMED and claimed_at <= now - CLAIM_LEASE)}


def sent_users(session: Session, team_id: str, kind: str,
               weeks: Iterable[str]) -> set[tuple[str, str]]:
    rows = session.execute(
        select(Delivery.user_id, Delivery.week)
        .where(Delivery.team_id == team_id, Delivery.kind == kind,
               Delivery.week.in_(list(weeks)), Delivery.status == SENT)
    )
    return {(user, week) for user, week in rows}
