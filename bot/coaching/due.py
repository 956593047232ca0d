"""Who is due a nudge or a reminder at a given instant, each in their own time zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.coaching.away import Away
from bot.coaching.calendar import (
    Schedule,
    local_week,
    nudge_at,
    reminder_at,
    schedule_of,
    week_key,
    week_start,
    zone,
)


@dataclass(frozen=True)
class Recipient:
    """A subscribed person as the scheduler sees them."""

    user_id: str
    tz: ZoneInfo
    schedule: Schedule
    paused_until: date | None = None
    subscribed_at: datetime | None = None
    away: Away = Away()

    @classmethod
    def of(cls, person, default_tz: str) -> Recipient:
        """From a storage Person row (duck-typed, to keep this module free of storage)."""
        return cls(
            user_id=person.user_id,
            tz=zone(person.timezone, default_tz),
            schedule=schedule_of(person),
            paused_until=person.paused_until,
            subscribed_at=person.subscribed_at,
            away=Away(getattr(person, "away_since", None), getattr(person, "away_until", None),
                      getattr(person, "back_at", None)),
        )

    def owed(self, at: datetime, now: datetime) -> bool:
        """A message due at `at` is owed now if its time has come and they were
        subscribed by then."""
        return at <= now and (self.subscribed_at is None or self.subscribed_at <= at)

    def paused_in(self, monday: date) -> bool:
        """Paused weeks end with the week that holds `paused_until` (as next_nudge says)."""
        return self.paused_until is not None and monday < week_start(self.paused_until)


@dataclass(frozen=True)
class NudgeWeek:
    """A person's nudge in the week it is now where they are: the one rule the scheduler,
    `/techlead week` and App Home all read."""

    monday: date
    at: datetime  # this week's nudge time
    paused: bool
    subscribed_in_time: bool  # subscribed by `at`, so this week's nudge is theirs
    away_now: bool = False  # their Slack status says away: held until they are back
    welcome_back: bool = False  # back this week after two weeks or more away

    def due(self, now: datetime) -> bool:
        """Owed now: its time has come, they were subscribed by then, not paused, and not
        away."""
        return (not self.paused and self.subscribed_in_time and self.at <= now
                and not self.away_now)

    def held_back(self, now: datetime) -> bool:
        """Its time has come, but they are away: it comes when they are back."""
        return (not self.paused and self.subscribed_in_time and self.at <= now
                and self.away_now)


def nudge_week(person: Recipient, now: datetime) -> NudgeWeek:
    monday = local_week(now, person.tz)
    at = nudge_at(monday, person.schedule, person.tz)
    week_began = nudge_at(monday, Schedule(0, 0), person.tz)
    return NudgeWeek(monday, at, person.paused_in(monday),
                     person.subscribed_at is None or person.subscribed_at <= at,
                     away_now=person.away.at(now),
                     welcome_back=person.away.welcome_back(week_began, now))


@dataclass(frozen=True)
class Due:
    user_id: str
    monday: date  # the person's local week
    week: str  # its ISO key
    welcome_back: bool = False  # the first nudge after two weeks or more away

    @classmethod
    def at(cls, user_id: str, monday: date, *, welcome_back: bool = False) -> Due:
        return cls(user_id, monday, week_key(monday), welcome_back)


def due_nudges(people: list[Recipient], now: datetime, *, force: bool = False) -> list[Due]:
    """Everyone whose nudge time this (local) week has come; `force` ignores the time.
    Only the current week is ever due, so a week that has passed is never nudged."""
    due = []
    for person in people:
        week = nudge_week(person, now)
        if week.due(now) or (force and not week.paused and not week.away_now):
            due.append(Due.at(person.user_id, week.monday, welcome_back=week.welcome_back))
    return due


def due_reminders(people: list[Recipient], now: datetime) -> list[Due]:
    """Everyone whose reminder time this week has come (whether they need one is the
    caller's question: nudged, and not answered yet)."""
    due = []
    for person in people:
        monday = local_week(now, person.tz)
        at = reminder_at(monday, person.schedule, person.tz)
        if (at is not None and person.owed(at, now) and not person.paused_in(monday)
                and not person.away.at(now)):
            due.append(Due.at(person.user_id, monday))
    return due
