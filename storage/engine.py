"""Engine and session factory, with the SQLite settings a multi-process bot needs."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import Engine, create_engine, event, insert, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def make_engine(url: str, **kwargs) -> Engine:
    """Create an engine; SQLite files get WAL, foreign keys and a generous busy timeout."""
    # Error messages must not carry statement parameters: they hold reflection texts.
    kwargs.setdefault("hide_parameters", True)
    if not is_sqlite(url):
        return create_engine(url, pool_pre_ping=True, **kwargs)
    # Several processes (web + scheduler, or two replicas in tests) may write the same file:
    # wait for the writer instead of failing at once with "database is locked".
    engine = create_engine(url, connect_args={"timeout": 30}, **kwargs)

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record):  # pragma: no cover - trivial
        # PRAGMAs cannot run inside a transaction; pysqlite opens none until the first DML.
        cursor = dbapi_connection.cursor()
        if make_url(url).database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
            # In WAL mode NORMAL is safe against corruption and halves the cost of each
            # commit (the claim, the mark before sending, the record after); only an OS
            # crash or power cut can lose the last commits.
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    return engine


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    """The session factory; callers own the transaction (`with sessions.begin() as s:`)."""
    return sessionmaker(engine, expire_on_commit=False)


def health(engine: Engine) -> str:
    """"ok" when the database takes a write (tried, then rolled back), "read-only" when it
    answers but refuses writes (a read-only file or replica, a missing table), else
    "unreachable"."""
    from storage.models import IdempotencyKey  # the models import this module's neighbours

    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception:  # any driver error means "not reachable" for a health check
        return "unreachable"
    try:
        with engine.connect() as conn, conn.begin() as transaction:
            conn.execute(insert(IdempotencyKey).values(
                key=f"health:{uuid.uuid4().hex}", expires_at=datetime.now(UTC)))
            transaction.rollback()
    except Exception:
        return "read-only"
    return "ok"

