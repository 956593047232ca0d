"""Counting what a piece of work asks of the database: SQL statements sent, and rows the
database handed back.

Statements: every DBAPI execute or executemany call (SQLAlchemy's `before_cursor_execute`),
the bot's own and SQLAlchemy's alike; BEGIN and COMMIT are not statements here (the drivers
send them outside the cursor). Rows: every row the DBAPI cursor returned to SQLAlchemy
through fetchone/fetchmany/fetchall (SELECTs and RETURNING), counted by wrapping the cursor
each execution context creates, so the figure is the same on SQLite and PostgreSQL (whose
`cursor.rowcount` would count affected rows too, and SQLite's none for a SELECT).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from sqlalchemy import Engine, event


@dataclass
class SqlCounter:
    """Counts while `on`; every thread of every pooled connection of the engine."""

    statements: int = 0
    rows: int = 0
    on: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)

    def reset(self) -> None:
        with self.lock:
            self.statements = self.rows = 0

    def fetched(self, n: int) -> None:
        if self.on and n:
            with self.lock:
                self.rows += n


class _CountingCursor:
    """A DBAPI cursor that reports how many rows it hands out; all else passes through."""

    def __init__(self, cursor, counter: SqlCounter):
        object.__setattr__(self, "_cursor", cursor)
        object.__setattr__(self, "_counter", counter)

    def __getattr__(self, name):
        return getattr(self._cursor, name)

    def __setattr__(self, name, value) -> None:
        setattr(self._cursor, name, value)

    def __iter__(self):
        for row in self._cursor:
            self._counter.fetched(1)
            yield row

    def fetchone(self):
        row = self._cursor.fetchone()
        self._counter.fetched(row is not None)
        return row

    def fetchmany(self, *args, **kwargs):
        rows = self._cursor.fetchmany(*args, **kwargs)
        self._counter.fetched(len(rows))
        return rows

    def fetchall(self):
        rows = self._cursor.fetchall()
        self._counter.fetched(len(rows))
        return rows


def count_sql(engine: Engine) -> SqlCounter:
    """Start counting `engine`'s statements and fetched rows (turn on with `counter.on`)."""
    counter = SqlCounter()

    @event.listens_for(engine, "before_cursor_execute")
    def _statement(*_args) -> None:
        if counter.on:
            with counter.lock:
                counter.statements += 1

    base = engine.dialect.execution_ctx_cls

    class CountingContext(base):
        def create_default_cursor(self):
            return _CountingCursor(super().create_default_cursor(), counter)

    engine.dialect.execution_ctx_cls = CountingContext
    return counter
