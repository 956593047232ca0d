"""What listeners need besides the request: the guide, the database, the clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from slack_bolt import BoltContext
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings
from content import Guide

CONTEXT_KEY = "coach"


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Coach:
    """The bot's dependencies, handed to every listener through the Bolt context."""

    settings: Settings
    guide: Guide
    engine: Engine
    sessions: sessionmaker[Session]
    clock: Callable[[], datetime] = system_clock

    def __deepcopy__(self, memo: dict) -> Coach:
        # Bolt deep-copies the context for lazy listeners; shared services (the engine, its
        # pool) must stay shared, and everything here is immutable or thread-safe.
        return self


def coach_of(context: BoltContext) -> Coach:
    return context[CONTEXT_KEY]
