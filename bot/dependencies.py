"""What listeners and features need besides the request: settings, the guide, the
database, the clock, and the executor that runs work after the ack."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.background import Background
from bot.clock import system_clock
from bot.config import Settings
from content import Guide, default_guide
from storage.engine import make_engine, make_sessionmaker


@dataclass(frozen=True)
class Dependencies:
    """The bot's dependencies, bound to every listener as its `deps` argument."""

    settings: Settings
    guide: Guide
    engine: Engine
    sessions: sessionmaker[Session]
    clock: Callable[[], datetime] = system_clock
    background: Background = field(default_factory=Background)

    @property
    def default_tz(self) -> str:
        return self.settings.default_timezone

    @property
    def privacy_floor(self) -> int:
        """The fewest answers any team figure may be built from."""
        return self.settings.privacy_min_answers


def build_dependencies(settings: Settings) -> Dependencies:
    """Load and validate the guide and open the database (no Slack call)."""
    engine = make_engine(settings.database_url)
    return Dependencies(settings=settings, guide=default_guide(), engine=engine,
                        sessions=make_sessionmaker(engine))
