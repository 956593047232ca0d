"""Per-workspace send budgets shared by every process: each send takes the next slot of
its workspace in one atomic UPDATE, so any number of replicas together keep to the pace.
Functions take the caller's session and never commit."""

from __future__ import annotations

from sqlalchemy import case, update
from sqlalchemy.orm import Session

from storage.models import SendBudget
from storage.upsert import insert_ignoring_conflict


def take_slot(session: Session, team_id: str, *, now: float, interval: float) -> float:
    """The instant (seconds since the epoch) this caller may send at: the workspace's next
    free slot, or now if that has passed; the one after it moves `interval` on."""
    for _ in range(2):
        start = case((SendBudget.next_slot > now, SendBudget.next_slot), else_=now)
        taken = session.execute(
            update(SendBudget).execution_options(synchronize_session=False)
            .where(SendBudget.team_id == team_id)
            .values(next_slot=start + interval)
            .returning(SendBudget.next_slot)).scalar()
        if taken is not None:
            return taken - interval
        # The workspace's first send: its row, made once whoever races to make it.
        insert_ignoring_conflict(session, SendBudget, team_id=team_id, next_slot=0.0)
    raise RuntimeError(f"no send budget row for {team_id}")
