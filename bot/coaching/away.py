"""Time away, as a person's Slack status tells it: whether a status means away, and what
that does to a week's nudge (held until they are back, within the week; a welcome back
after two weeks or more)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

# Away this long or longer, and the first nudge back says welcome back.
LONG_AWAY = timedelta(days=14)


@dataclass(frozen=True)
class AwaySigns:
    """Which statuses mean away: any of these emoji, or any of these words in the text."""

    emoji: frozenset[str]
    words: tuple[str, ...]

    @classmethod
    def of(cls, emoji: Iterable[str], words: Iterable[str]) -> AwaySigns:
        return cls(frozenset(e.strip().lower() for e in emoji if e.strip()),
                   tuple(w.strip().lower() for w in words if w.strip()))

    def away(self, status_emoji: str | None, status_text: str | None) -> bool:
        text = (status_text or "").lower()
        return (status_emoji or "").lower() in self.emoji or any(w in text for w in self.words)


def status_expiry(expiration) -> datetime | None:
    """Slack's status_expiration (epoch seconds, 0 for none) as an instant."""
    if isinstance(expiration, bool) or not isinstance(expiration, int | float):
        return None
    return datetime.fromtimestamp(expiration, UTC) if expiration > 0 else None


@dataclass(frozen=True)
class Away:
    """A stretch away: since when, until when the status said (None: no end set), and when
    the status was cleared (None: not yet)."""

    since: datetime | None = None
    until: datetime | None = None
    back: datetime | None = None

    def at(self, instant: datetime) -> bool:
        if self.since is None or instant < self.since:
            return False
        return all(end is None or instant < end for end in (self.until, self.back))

    def returned(self) -> datetime | None:
        """When they came back (the status cleared, or its expiry passed); None while away
        or when never away."""
        if self.since is None:
            return None
        ends = [end for end in (self.back, self.until) if end is not None]
        return min(ends) if ends else None

    def welcome_back(self, monday_start: datetime, now: datetime) -> bool:
        """They came back this week (since `monday_start`), after two weeks or more away."""
        returned = self.returned()
        return (returned is not None and monday_start <= returned <= now
                and returned - self.since >= LONG_AWAY)
