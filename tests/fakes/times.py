"""Instants and minutes of the day, written the short way tests need them."""

from __future__ import annotations

from datetime import UTC, datetime


def utc(*args: int) -> datetime:
    """datetime(*args) in UTC: utc(2026, 11, 30, 10, 0)."""
    return datetime(*args, tzinfo=UTC)


def hm(hour: int, minute: int = 0) -> int:
    """Minutes after midnight, as schedules store a time of day."""
    return hour * 60 + minute
