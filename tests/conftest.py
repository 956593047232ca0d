"""Shared fixtures: a clean environment, the Web API stand-in, databases, the live bot."""

from __future__ import annotations

import os
import uuid
from dataclasses import replace

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.app import create_app
from bot.config import Settings
from bot.dependencies import build_dependencies
from bot.scheduler import build_dispatcher
from bot.serving.wsgi import create_wsgi_app
from bot.slack_clients import create_web_client
from storage import migrate
from tests.fakes.clock import SettableClock
from tests.fakes.live_server import LiveServer
from tests.fakes.slack_api import SlackApiStandIn
from tests.fakes.slack_client import SlackClient

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
BOT_TOKEN = "xoxb-test-token"
DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
ENV_PREFIXES = ("SLACK_", "DATABASE_URL", "LOG_")


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    """Keep the machine's Slack and database settings out of every test."""
    for name in list(os.environ):
        if name.startswith(ENV_PREFIXES):
            monkeypatch.delenv(name)


def _postgres_url() -> str:
    """A fresh schema on the test PostgreSQL server, or skip saying why."""
    url = os.environ.get("TEST_DATABASE_URL", DEFAULT_PG_URL)
    try:
        admin = create_engine(url, connect_args={"connect_timeout": 3})
        schema = f"t_{uuid.uuid4().hex[:12]}"
        with admin.begin() as conn:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
        admin.dispose()
    except Exception as err:  # no server, no driver, no rights: all mean "leg not available"
        pytest.skip(f"PostgreSQL leg skipped: no server at {url} ({type(err).__name__}); "
                    "set TEST_DATABASE_URL to run it")
    return str(make_url(url).update_query_dict({"options": f"-csearch_path={schema}"}))


def _drop_schema(url: str) -> None:
    schema = make_url(url).query["options"].split("=", 1)[1]
    engine = create_engine(make_url(url).difference_update_query(["options"]))
    with engine.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """An empty database: an SQLite file, and a PostgreSQL schema when a server is there."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'coach.db'}"
        return
    url = _postgres_url()
    yield url
    _drop_schema(url)


@pytest.fixture
def slack_api():
    """The Web API stand-in, recording calls on a loopback port."""
    with SlackApiStandIn() as api:
        yield api


@pytest.fixture
def settings(database_url, slack_api):
    """Settings for a bot talking to the stand-in, on each test database."""
    return Settings(
        slack_bot_token=BOT_TOKEN,
        slack_signing_secret=SIGNING_SECRET,
        database_url=database_url,
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
def deps(settings, clock):
    """The bot's dependencies over a migrated database, reading the settable clock."""
    deps = replace(build_dependencies(settings), clock=clock)
    migrate.upgrade(deps.engine)
    yield deps
    deps.engine.dispose()


@pytest.fixture
def dispatcher(deps, slack_api):
    """The scheduler's tick, sending through the stand-in."""
    client = create_web_client(BOT_TOKEN, slack_api.url, backoff=0.0)
    return build_dispatcher(deps, lambda _team_id: client)


@pytest.fixture
def live_bot(deps):
    """The whole bot served over HTTP on a loopback port."""
    wsgi = create_wsgi_app(create_app(deps), deps)
    with LiveServer(wsgi) as server:
        yield server


@pytest.fixture
def slack(live_bot, slack_api):
    """Plays Slack: signed requests to the live bot, response_urls on the stand-in."""
    return SlackClient(live_bot.url, SIGNING_SECRET, response_url=slack_api.response_url())
