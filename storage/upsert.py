"""INSERT ... ON CONFLICT DO NOTHING on both SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def insert_ignoring_conflict(session: Session, model: type, **values) -> bool:
    """Insert a row unless a unique key already holds one; True if this call inserted it.
    Atomic, so concurrent requests (or processes) creating the same row both succeed."""
    module = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    key = list(model.__table__.primary_key.columns)
    # RETURNING, not rowcount: PostgreSQL drivers report -1 for an insert that returns rows,
    # and SQLAlchemy may add RETURNING on its own.
    statement = module.insert(model).values(**values).on_conflict_do_nothing().returning(*key)
    return session.execute(statement).first() is not None

