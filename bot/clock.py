"""The bot's clock: the wall clock in production; a settable one in tests and the
playground. The bot reads whichever it was given, never the wall clock directly."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


def system_clock() -> datetime:
    return datetime.now(UTC)


class SettableClock:
    def __init__(self, now: datetime | None = None):
        self.now = now or datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # a Monday

    def __call__(self) -> datetime:
        return self.now

    def set(self, now: datetime) -> None:
        if now.tzinfo is None:
            raise ValueError("give the clock an aware datetime")
        self.now = now

    def advance(self, **delta) -> datetime:
        self.now += timedelta(**delta)
        return self.now
