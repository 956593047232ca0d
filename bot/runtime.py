"""Assemble a running bot from Settings: database, guide, Bolt app."""

from __future__ import annotations

import logging

from bot.app import create_app
from bot.config import Settings
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


def build_app(settings: Settings, *, socket_mode: bool = False):
    return create_app(build_coach(settings), socket_mode=socket_mode)
