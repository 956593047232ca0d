"""Shared fixtures: a clean environment, the Web API stand-in, databases, the live bot."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from dataclasses import replace

import pytest

from bot.app import create_app
from bot.config import Settings
from bot.dependencies import build_dependencies
from bot.scheduler import build_dispatcher
from bot.serving.wsgi import create_wsgi_app
from bot.slack_clients import create_web_client
from content import Guide, default_guide
from tests.fakes import databases
from tests.fakes.clock import SettableClock
from tests.fakes.live_server import LiveServer
from tests.fakes.servers import serving
from tests.fakes.slack_api import SlackApiStandIn
from tests.fakes.slack_client import SlackClient

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
BOT_TOKEN = "xoxb-test-token"
ENV_PREFIXES = ("SLACK_", "DATABASE_URL", "LOG_")
BACKENDS = {"sqlite": "sqlite", "postgresql": "postgres"}  # test id: word in fixture names


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    """Keep the machine's Slack and database settings out of every test."""
    for name in list(os.environ):
        if name.startswith(ENV_PREFIXES):
            monkeypatch.delenv(name)


@pytest.fixture(scope="session")
def guide() -> Guide:
    """The bundled guide (guide.toml), loaded and validated once."""
    return default_guide()


# -- databases -------------------------------------------------------------------------------
# Every database test runs on both backends: it asks for `database_url` (empty) or
# `migrated_database_url` (at head, no rows), or for a fixture built on them, and is run
# once with each. A test for one backend asks for the migrated_sqlite_url or
# migrated_postgres_url fixture instead.

@pytest.fixture(params=list(BACKENDS))
def backend(request) -> str:
    """The database a test runs on: "sqlite", then "postgresql"."""
    return request.param


@pytest.fixture(scope="session")
def postgres_server():
    """The test PostgreSQL server (TEST_DATABASE_URL); without one, the tests needing it
    are skipped with a line saying why."""
    url = databases.postgres_test_url()
    reason = databases.postgres_unavailable(url)
    if reason:
        pytest.skip(reason)
    server = databases.PostgresServer(url)
    yield server
    server.close()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> databases.SqliteTemplate:
    """An SQLite file migrated once per test process."""
    return databases.SqliteTemplate(tmp_path_factory.mktemp("sqlite-template"))


@pytest.fixture(scope="session")
def postgres_template(postgres_server):
    """A PostgreSQL schema migrated once per test process."""
    template = databases.PostgresTemplate(postgres_server)
    yield template
    template.close()


@pytest.fixture
def database_url(backend, request) -> str:
    """An empty database (no tables): an SQLite file, or a new PostgreSQL schema."""
    return request.getfixturevalue(f"empty_{BACKENDS[backend]}_url")


@pytest.fixture
def migrated_database_url(backend, request) -> str:
    """A database at the head revision with no rows, of its own for this test."""
    return request.getfixturevalue(f"migrated_{BACKENDS[backend]}_url")


@pytest.fixture
def empty_sqlite_url(tmp_path) -> str:
    """A file that does not exist yet, in this test's tmp_path."""
    return databases.sqlite_url(tmp_path / "empty.db")


@pytest.fixture
def empty_postgres_url(postgres_server):
    """A new schema of this test's own, dropped afterwards."""
    url = postgres_server.create_schema("empty")
    yield url
    postgres_server.drop_schema(url)


@pytest.fixture
def migrated_sqlite_url(sqlite_template, tmp_path) -> str:
    """A copy of the migrated SQLite template, in this test's tmp_path."""
    return sqlite_template.copy_to(tmp_path / "coach.db")


@pytest.fixture
def migrated_postgres_url(postgres_template) -> str:
    """The process's migrated PostgreSQL schema, emptied for this test."""
    return postgres_template.fresh()


# -- the bot ---------------------------------------------------------------------------------

@pytest.fixture
def after_slack_api() -> Iterator[list[Callable[[], None]]]:
    """Callbacks run once the stand-in has stopped (and let go of any call it held)."""
    callbacks: list[Callable[[], None]] = []
    yield callbacks
    for callback in reversed(callbacks):
        callback()


@pytest.fixture
def slack_api(after_slack_api):
    """The Web API stand-in, recording calls on a loopback port."""
    api = SlackApiStandIn()
    with serving(api, api.base):
        yield api


@pytest.fixture
def settings(migrated_database_url, slack_api):
    """Settings for a bot talking to the stand-in, on each test database (migrated)."""
    return Settings(
        slack_bot_token=BOT_TOKEN,
        slack_signing_secret=SIGNING_SECRET,
        database_url=migrated_database_url,
        slack_api_url=slack_api.url,
        # No pacing and no back-off waits: tests script every failure themselves.
        messages_per_minute=1_000_000,
        slack_retry_backoff=0.0,
    )


@pytest.fixture
def clock():
    """The bot's clock, set to Monday 2026-11-30 09:00 UTC; tests move it."""
    return SettableClock()


@pytest.fixture
def deps(settings, clock, after_slack_api):
    """The bot's dependencies over a migrated database, reading the settable clock."""
    deps = replace(build_dependencies(settings), clock=clock)
    # Work still running after the ack must not outlive the test (it would write to the
    # next test's database): it is waited for once the stand-in has stopped answering.
    after_slack_api.append(deps.engine.dispose)
    after_slack_api.append(deps.background.shutdown)
    return deps


@pytest.fixture
def dispatcher(deps, slack_api):
    """The scheduler's tick, sending through the stand-in."""
    client = create_web_client(BOT_TOKEN, slack_api.url, backoff=0.0)
    return build_dispatcher(deps, lambda _team_id: client)


@pytest.fixture
def live_bot(deps):
    """The whole bot served over HTTP on a loopback port."""
    server = LiveServer(create_wsgi_app(create_app(deps), deps))
    with serving(server, server.url):
        yield server


@pytest.fixture
def slack(live_bot, slack_api):
    """Plays Slack: signed requests to the live bot, response_urls on the stand-in."""
    return SlackClient(live_bot.url, SIGNING_SECRET, response_url=slack_api.response_url())


@pytest.fixture
def submitted(deps, monkeypatch) -> list[Future]:
    """Every job handed to deps.background, to wait for at the end of a test."""
    futures: list[Future] = []
    real_run = deps.background.run

    def run(*args, **kwargs) -> Future:
        future = real_run(*args, **kwargs)
        futures.append(future)
        return future

    monkeypatch.setattr(deps.background, "run", run)
    return futures
