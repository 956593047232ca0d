"""INSERT ... ON CONFLICT DO NOTHING on both SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def insert_ignoring_conflict(session: Session, model: type, **values) -> bool:
    """Insert a row unless a unique key already holds one; True if this call inserted it.
    Atomic, so concurrent requests (or processes) creating the same row both succeed."""
    module = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = module.insert(model).values(**values).on_conflict_do_nothing()
    return session.execute(statement).rowcount == 1
