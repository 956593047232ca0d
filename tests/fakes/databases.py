"""Test databases: empty ones, and migrated ones that cost no migration per test.

Running Alembic takes tens of milliseconds on SQLite and over a hundred on PostgreSQL, so
each test process (each pytest-xdist worker) migrates once and hands out copies:

- SQLite: a template file migrated once, copied for each test.
- PostgreSQL: one migrated schema per process, emptied before each test: every table's rows
  deleted, children first, and every sequence restarted, in one round trip (a few
  milliseconds; TRUNCATE or CREATE DATABASE ... TEMPLATE take ten to a hundred times that).

Either way a test gets a real URL, which other processes (tick processes, the CLI) can open.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

from sqlalchemy import Engine, create_engine, inspect, text
from sqlalchemy.engine import make_url

from storage import migrate
from storage.engine import make_engine

DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
# Rows a test left locked (a transaction it never ended) fail the emptying after this long,
# and the process moves on to a new schema instead of hanging.
LOCK_TIMEOUT = "5s"


def worker() -> str:
    """This test process's name: pytest-xdist's worker id, or "main"."""
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def postgres_test_url() -> str:
    return os.environ.get("TEST_DATABASE_URL", DEFAULT_PG_URL)


def postgres_unavailable(url: str) -> str | None:
    """Why the PostgreSQL leg cannot run against `url`, or None when it can."""
    try:
        engine = create_engine(url, connect_args={"connect_timeout": 3})
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        finally:
            engine.dispose()
    except Exception as err:  # no server, no driver, no rights: all mean "leg not available"
        return (f"PostgreSQL leg skipped: no server at {url} ({type(err).__name__}); "
                "set TEST_DATABASE_URL to run it")
    return None


# -- SQLite ----------------------------------------------------------------------------------

def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


class SqliteTemplate:
    """A database file migrated to head once; `copy_to` gives each test its own copy."""

    def __init__(self, folder: Path):
        self.path = folder / "migrated.db"
        engine = make_engine(sqlite_url(self.path))
        try:
            migrate.upgrade(engine)
        finally:
            engine.dispose()  # the last connection out checkpoints the WAL into the file

    def copy_to(self, path: Path) -> str:
        shutil.copyfile(self.path, path)
        return sqlite_url(path)


# -- PostgreSQL ------------------------------------------------------------------------------

def schema_url(url: str, schema: str) -> str:
    """`url` with `schema` first on the search path; connections are named after it too,
    so a test can tell its own sessions from other processes' in pg_stat_activity."""
    return str(make_url(url).update_query_dict(
        {"options": f"-csearch_path={schema}", "application_name": schema}))


def schema_of(url: str) -> str:
    return make_url(url).query["options"].split("=", 1)[1]


class PostgresServer:
    """Creates and drops schemas on the test server, over one connection pool."""

    def __init__(self, url: str):
        self.url = url
        self.admin: Engine = create_engine(url, isolation_level="AUTOCOMMIT")

    def create_schema(self, kind: str) -> str:
        """A new, empty schema; the URL of a database whose tables live there."""
        schema = f"t_{kind}_{worker()}_{uuid.uuid4().hex[:10]}"
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        return schema_url(self.url, schema)

    def drop_schema(self, url: str) -> None:
        with self.admin.connect() as conn:
            conn.execute(text(f"SET lock_timeout = '{LOCK_TIMEOUT}'"))
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema_of(url)}" CASCADE'))

    def close(self) -> None:
        self.admin.dispose()


class PostgresTemplate:
    """One schema migrated to head, emptied before each test that asks for it."""

    def __init__(self, server: PostgresServer):
        self.server = server
        self.abandoned: list[str] = []
        self._build()

    def _build(self) -> None:
        self.url = self.server.create_schema("migrated")
        schema = schema_of(self.url)
        self.engine = make_engine(self.url)
        migrate.upgrade(self.engine)
        with self.engine.connect() as conn:
            found = inspect(conn)
            # Parents before children; emptied the other way round.
            tables = [name for name, _ in found.get_sorted_table_and_fkc_names()
                      if name is not None and name != "alembic_version"]
            sequences = found.get_sequence_names()
        self._empty = "; ".join(
            [f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'"]
            + [f'DELETE FROM "{schema}"."{name}"' for name in reversed(tables)]
            + [f"SELECT setval('\"{schema}\".\"{name}\"', 1, false)" for name in sequences])

    def fresh(self) -> str:
        """The schema's URL, with no rows in any table and every sequence at 1."""
        try:
            with self.engine.begin() as conn:
                conn.exec_driver_sql(self._empty)
        except Exception:  # a previous test left rows locked: start over in a new schema
            self.engine.dispose()
            self.abandoned.append(self.url)
            self._build()
        return self.url

    def close(self) -> None:
        self.engine.dispose()
        for url in [*self.abandoned, self.url]:
            try:
                self.server.drop_schema(url)
            except Exception:  # still locked at the very end: leave it, it is named t_*
                pass
