"""Weeks, local times and schedules. Every instant is an aware UTC datetime; every local
wall-clock time goes through zoneinfo, so DST changes and half-hour zones come out right."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from storage.models import DIGEST_MINUTE, DIGEST_WEEKDAY, NUDGE_MINUTE, NUDGE_WEEKDAY

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DAY_ALIASES = {day[:3]: i for i, day in enumerate(DAYS)} | {d: i for i, d in enumerate(DAYS)}
DAY_ALIASES |= {"tues": 1, "wed": 2, "weds": 2, "thu": 3, "thur": 3, "thurs": 3}
WEEK_KEY = re.compile(r"^([0-9]{4})-?W([0-9]{1,2})$", re.IGNORECASE)
TIME = re.compile(r"^([0-9]{1,2})(?::?([0-9]{2}))?\s*(am|pm)?$", re.IGNORECASE)
# Weeks outside these years are no week anyone reflected in, and arithmetic on them (a
# rotation back, a week on) would leave the calendar.
FIRST_YEAR, LAST_YEAR = 2000, 9000
# A reminder comes this many days after the nudge, if that is still the same week.
REMINDER_DELAY_DAYS = 3


@dataclass(frozen=True)
class Schedule:
    """A weekly local time: weekday 0 = Monday, minute of the day."""

    weekday: int
    minute: int

    def describe(self) -> str:
        return f"{DAYS[self.weekday].capitalize()} {self.minute // 60:02d}:{self.minute % 60:02d}"


DEFAULT_SCHEDULE = Schedule(NUDGE_WEEKDAY, NUDGE_MINUTE)
DEFAULT_DIGEST_SCHEDULE = Schedule(DIGEST_WEEKDAY, DIGEST_MINUTE)


def schedule_of(row) -> Schedule:
    """A person's nudge schedule from their storage row (duck-typed: no storage import
    beyond the defaults)."""
    return Schedule(row.nudge_weekday, row.nudge_minute)


def digest_schedule_of(team) -> Schedule:
    """A team's digest schedule from its storage row."""
    return Schedule(team.digest_weekday, team.digest_minute)


def zone(name: str | None, fallback: str = "UTC") -> ZoneInfo:
    """The named IANA zone, or the fallback when it is missing or unknown."""
    for candidate in (name, fallback, "UTC"):
        if candidate:
            try:
                return ZoneInfo(candidate)
            except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: "America", a folder
                continue
    raise AssertionError("UTC is always available")


def is_known_zone(name: str | None) -> bool:
    try:
        return bool(name) and ZoneInfo(name) is not None
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False


def parse_schedule(text: str) -> Schedule | None:
    """`tue 09:30`, `Tuesday 9:30`, `thu 2pm`, `9:30 fri` -> Schedule; anything else -> None."""
    words = text.lower().replace(",", " ").split()
    days = [DAY_ALIASES[w] for w in words if w in DAY_ALIASES]
    times = [w for w in words if w not in DAY_ALIASES]
    if len(times) == 2 and times[1] in ("am", "pm"):
        times = ["".join(times)]  # "9 am"
    if len(days) != 1 or len(times) != 1:
        return None
    minute = parse_time(times[0])
    return None if minute is None else Schedule(days[0], minute)


def parse_time(text: str) -> int | None:
    match = TIME.match(text.strip())
    if not match:
        return None
    hour, minute, half = int(match[1]), int(match[2] or 0), (match[3] or "").lower()
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return hour * 60 + minute


def week_start(day: date) -> date:
    """The Monday of `day`'s ISO week."""
    return day - timedelta(days=day.weekday())


def week_key(monday: date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def parse_week_key(text: str) -> date | None:
    """`2026-W48` -> the Monday of that ISO week; None when it is not a real week."""
    match = WEEK_KEY.match(text.strip())
    if not match or not FIRST_YEAR <= int(match[1]) <= LAST_YEAR:
        return None
    try:
        return date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError:
        return None


def local_week(now: datetime, tz: ZoneInfo) -> date:
    """The Monday of the week it is now where the person is."""
    return week_start(now.astimezone(tz).date())


def at_local(day: date, minute: int, tz: ZoneInfo) -> datetime:
    """The UTC instant of a local wall-clock time. A time skipped by a DST jump falls an
    hour later; a repeated one means its first occurrence (zoneinfo's fold=0)."""
    wall = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=tz)
    return wall.astimezone(UTC)


def nudge_at(monday: date, schedule: Schedule, tz: ZoneInfo) -> datetime:
    return at_local(monday + timedelta(days=schedule.weekday), schedule.minute, tz)


def reminder_at(monday: date, schedule: Schedule, tz: ZoneInfo) -> datetime | None:
    """Same local time a few days after the nudge, or None if that falls in the next week."""
    day = schedule.weekday + REMINDER_DELAY_DAYS
    if day > 6:
        return None
    return at_local(monday + timedelta(days=day), schedule.minute, tz)


def next_nudge(now: datetime, schedule: Schedule, tz: ZoneInfo,
               paused_until: date | None = None, sent_this_week: bool = False) -> datetime:
    """When the next nudge will come: this week's if it is still ahead, else next week's."""
    monday = local_week(now, tz)
    if sent_this_week or nudge_at(monday, schedule, tz) <= now:
        monday += timedelta(weeks=1)
    if paused_until and monday < paused_until:
        monday = week_start(paused_until)
    return nudge_at(monday, schedule, tz)


def format_local(instant: datetime, tz: ZoneInfo) -> str:
    """`Mon 30 Nov 10:00` in the person's zone."""
    return instant.astimezone(tz).strftime("%a %d %b %H:%M")
