"""What listeners need besides the request: the guide, the database, the clock."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings
from content import Guide


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Coach:
    """The bot's dependencies, bound to every listener as its `coach` argument."""

    settings: Settings
    guide: Guide
    engine: Engine
    sessions: sessionmaker[Session]
    clock: Callable[[], datetime] = system_clock
    # Work that must not hold up an ack and has no listener of its own to be lazy in.
    background: Executor = field(
        default_factory=lambda: ThreadPoolExecutor(max_workers=8, thread_name_prefix="coach")
    )
