"""Assemble a running bot from Settings: database, guide, Bolt app."""

from __future__ import annotations

import logging

from slack_sdk import WebClient

from bot.config import Settings
from bot.scheduler import Dispatcher, start_scheduler
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


def start_background(coach: Coach, client: WebClient):
    """The scheduler, sending with the bot's token (one workspace)."""
    dispatcher = Dispatcher(coach, lambda _team_id: client)
    return start_scheduler(dispatcher, coach.settings.scheduler_interval_seconds)
