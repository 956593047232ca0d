"""Claims on outgoing messages: at most one per person, kind and week.

A row goes claimed -> sending -> sent (or retry / failed). A claim is an INSERT guarded by a
unique constraint (ON CONFLICT DO NOTHING), or a conditional UPDATE of a row waiting for a
retry or of a claim abandoned longer than CLAIM_LEASE; both are atomic on SQLite and
PostgreSQL, so any number of processes can race for the same person and exactly one wins.
"sending" is written just before Slack is called: a row left "sending" by a crash may have
been delivered, so it is reconciled against the DM's history (bot.delivery.reconcile) and
recorded as sent or sent again; one left "claimed" surely was not sent and is taken over
after the lease. Functions take the caller's session and never commit.
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
          dimension: str, owner: str, now: datetime) -> int | None:
    """Take the right to send: the delivery's id, or None when another claim already holds
    or used it."""
    values = dict(team_id=team_id, user_id=user_id, kind=kind, week=week,
                  dimension=dimension, status=CLAIMED, owner=owner, attempts=1,
                  claimed_at=now)
    if insert_ignoring_conflict(session, Delivery, **values):
        return session.scalar(select(Delivery.id).where(*_key(team_id, user_id, kind, week)))
    taken_over = session.execute(
        update(Delivery).execution_options(**NO_SYNC)
        .where(*_key(team_id, user_id, kind, week), _reclaimable(now))
        .values(status=CLAIMED, owner=owner, claimed_at=now, dimension=dimension,
                attempts=Delivery.attempts + 1)
        .returning(Delivery.id))
    return taken_over.scalar()


def _reclaimable(now: datetime):
    return or_(and_(Delivery.status == RETRY, Delivery.retry_at <= now),
               and_(Delivery.status == CLAIMED, Delivery.claimed_at <= now - CLAIM_LEASE))


def start_sending(session: Session, team_id: str, user_id: str, kind: str, week: str, *,
                  owner: str, now: datetime) -> bool:
    """Mark the claim as being sent, right before calling Slack (its clock restarts: a row
    "sending" longer than the delivery lease is reconciled); False if the claim is no
    longer this owner's (its lease ran out and another process took it over)."""
    result = session.execute(
        update(Delivery).execution_options(**NO_SYNC)
        .where(*_key(team_id, user_id, kind, week), Delivery.status == CLAIMED,
               Delivery.owner == owner)
        .values(status=SENDING, claimed_at=now)
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


def _of(team_id: str, kind: str, weeks: Iterable[str], users: Iterable[str] | None):
    where = [Delivery.team_id == team_id, Delivery.kind == kind,
             Delivery.week.in_(list(weeks))]
    if users is not None:
        where.append(Delivery.user_id.in_(list(users)))
    return where


def states(session: Session, team_id: str, kind: str, weeks: Iterable[str],
           users: Iterable[str] | None = None) -> dict[tuple[str, str], Delivery]:
    """(user_id, week) -> the delivery of `kind` (all of the workspace's, or `users`')."""
    return {(row.user_id, row.week): row for row in session.scalars(
        select(Delivery).where(*_of(team_id, kind, weeks, users)))}


def is_settled(row: Delivery, now: datetime) -> bool:
    """Needs no further send: being sent, sent or given up. A row waiting for a retry and
    an abandoned claim are to be taken again."""
    return row.status != RETRY and not (row.status == CLAIMED
                                        and row.claimed_at <= now - CLAIM_LEASE)


def next_try(row: Delivery | None, now: datetime) -> datetime:
    """When a delivery that has not settled can be tried again: no row (its claim was
    given back) at once, a retry at its time, another process's claim when its lease
    ends."""
    if row is None:
        return now
    if row.status == RETRY and row.retry_at is not None:
        return row.retry_at
    return max(now, row.claimed_at + CLAIM_LEASE)


def settled_users(session: Session, team_id: str, kind: str, weeks: Iterable[str],
                  now: datetime, users: Iterable[str] | None = None) -> set[tuple[str, str]]:
    """(user_id, week) pairs that need no further send of `kind` (see is_settled)."""
    return {key for key, row in states(session, team_id, kind, weeks, users).items()
            if is_settled(row, now)}


# -- reconciling what a crash left "sending" --------------------------------------------
def stale_sending(session: Session, now: datetime, lease: timedelta,
                  limit: int) -> list[Delivery]:
    """Deliveries left "sending" longer than `lease`: a crash came between Slack's answer
    and the record, or before Slack was reached. Oldest first, at most `limit`."""
    return list(session.scalars(
        select(Delivery).where(Delivery.status == SENDING, Delivery.claimed_at <= now - lease)
        .order_by(Delivery.claimed_at).limit(limit)))


def take_for_reconciling(session: Session, delivery_id: int, *, owner: str, now: datetime,
                         lease: timedelta) -> bool:
    """This process looks into it (its clock restarts, so no other one does at the same
    time); False when another already is, or it settled meanwhile."""
    result = session.execute(
        update(Delivery).execution_options(**NO_SYNC)
        .where(Delivery.id == delivery_id, Delivery.status == SENDING,
               Delivery.claimed_at <= now - lease)
        .values(owner=owner, claimed_at=now))
    return result.rowcount == 1


def send_again(session: Session, delivery_id: int, now: datetime) -> None:
    """Slack has no such message: the delivery is to be sent once more, now."""
    session.execute(update(Delivery).execution_options(**NO_SYNC)
                    .where(Delivery.id == delivery_id, Delivery.status == SENDING)
                    .values(status=RETRY, retry_at=now, error="not delivered (crash)"))


def found_sent(session: Session, delivery_id: int, *, now: datetime, channel_id: str,
               message_ts: str) -> None:
    session.execute(update(Delivery).execution_options(**NO_SYNC)
                    .where(Delivery.id == delivery_id, Delivery.status == SENDING)
                    .values(status=SENT, sent_at=now, channel_id=channel_id,
                            message_ts=message_ts, error=None))
