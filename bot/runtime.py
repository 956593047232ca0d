"""Assemble a running bot from Settings: database, guide, Bolt app."""

from __future__ import annotations

import logging

from slack_sdk import WebClient

from bot.app import create_web_client
from bot.config import Settings
from bot.oauth import InstalledClients
from bot.scheduler import ClientFor, Dispatcher, start_scheduler
from bot.services import Coach
from content import default_guide
from storage import migrate
from storage.engine import is_sqlite, make_engine, make_sessionmaker

logger = logging.getLogger(__name__)


def build_coach(settings: Settings) -> Coach:
    """Load and validate the guide and open the database (no Slack call)."""
    engine = make_engine(settings.database_url)
    return Coach(
        settings=settings,
        guide=default_guide(),
        engine=engine,
        sessions=make_sessionmaker(engine),
    )


def prepare_database(settings: Settings) -> None:
    """An embedded SQLite database is migrated on start; a shared server is left to operators."""
    if not is_sqlite(settings.database_url):
        return
    engine = make_engine(settings.database_url)
    try:
        migrate.upgrade(engine)
    finally:
        engine.dispose()


def clients_for(settings: Settings, engine) -> ClientFor:
    """Which Web API client sends to a workspace: its installation's token with OAuth,
    else SLACK_BOT_TOKEN's for the one workspace."""
    def make(token: str | None) -> WebClient:
        return create_web_client(token, settings.slack_api_url, settings.slack_retry_backoff)

    if settings.multi_workspace:
        return InstalledClients(settings, engine, make)
    client = make(settings.slack_bot_token)
    return lambda _team_id: client


def start_background(coach: Coach):
    """The scheduler, in a background thread of this process."""
    dispatcher = Dispatcher(coach, clients_for(coach.settings, coach.engine))
    return start_scheduler(dispatcher, coach.settings.scheduler_interval_seconds)
