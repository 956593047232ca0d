"""Subscriptions, schedules, pauses and "what is this week": plain functions over storage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.coaching.calendar import (
    Schedule,
    local_week,
    next_nudge,
    nudge_at,
    week_key,
    week_start,
    zone,
)
from bot.coaching.rotation import dimension_for_week
from content import Guide, Topic
from storage import deliveries
from storage.models import Person, Workspace
from storage.people import ensure_person, ensure_workspace, find_person

MAX_PAUSE_WEEKS = 12


def workspace(session: Session, team_id: str, now: datetime, default_tz: str) -> Workspace:
    """The workspace, created on first use with its rotation starting this week."""
    return ensure_workspace(session, team_id, anchor=week_start(now.date()),
                            default_timezone=default_tz)


@dataclass(frozen=True)
class WeekView:
    """What one person's coming week looks like."""

    monday: date
    week: str
    topic: Topic
    tz: ZoneInfo
    schedule: Schedule
    subscribed: bool
    unreachable: bool
    paused_until: date | None
    next_nudge: datetime
    due_now: bool  # this week's nudge time has passed and it has not gone out yet


@dataclass(frozen=True)
class _Timing:
    tz: ZoneInfo
    schedule: Schedule
    monday: date
    at: datetime  # this week's nudge time
    sent: bool  # this week's nudge went out
    owed: bool  # they were subscribed by this week's nudge time
    next_nudge: datetime


def _timing(session: Session, ws: Workspace, person: Person, now: datetime) -> _Timing:
    tz = zone(person.timezone, ws.default_timezone)
    schedule = Schedule(person.nudge_weekday, person.nudge_minute)
    monday = local_week(now, tz)
    at = nudge_at(monday, schedule, tz)
    sent = deliveries.find(session, ws.team_id, person.user_id, "nudge",
                           week_key(monday)) is not None
    owed = person.subscribed_at is None or person.subscribed_at <= at
    upcoming = next_nudge(now, schedule, tz, person.paused_until,
                          sent_this_week=sent or not owed)
    return _Timing(tz, schedule, monday, at, sent, owed, upcoming)


def week_view(session: Session, guide: Guide, team_id: str, user_id: str, now: datetime,
              default_tz: str) -> WeekView:
    ws = workspace(session, team_id, now, default_tz)
    person = find_person(session, team_id, user_id) or Person(
        team_id=team_id, user_id=user_id, subscribed=False, nudge_weekday=0,
        nudge_minute=600)
    t = _timing(session, ws, person, now)
    paused = person.paused_until is not None and t.monday < week_start(person.paused_until)
    reachable = bool(person.subscribed) and person.unreachable_reason is None
    return WeekView(
        monday=t.monday, week=week_key(t.monday),
        topic=dimension_for_week(guide, ws.rotation_anchor, t.monday), tz=t.tz,
        schedule=t.schedule, subscribed=bool(person.subscribed),
        unreachable=person.unreachable_reason is not None,
        paused_until=person.paused_until, next_nudge=t.next_nudge,
        due_now=reachable and t.owed and not t.sent and not paused and t.at <= now,
    )


def subscribe(session: Session, team_id: str, user_id: str, now: datetime, default_tz: str,
              tz: str | None = None) -> bool:
    """Subscribe; True if they were not subscribed before. Clears an unreachable mark:
    someone who runs a command can evidently be reached again."""
    workspace(session, team_id, now, default_tz)
    person = ensure_person(session, team_id, user_id)
    was = bool(person.subscribed)
    person.subscribed, person.unreachable_reason = True, None
    if not was:
        person.subscribed_at = now
    if tz:
        person.timezone = tz
    return not was


def unsubscribe(session: Session, team_id: str, user_id: str) -> bool:
    """Unsubscribe; True if they were subscribed."""
    person = find_person(session, team_id, user_id)
    if person is None or not person.subscribed:
        return False
    person.subscribed = False
    return True


def set_schedule(session: Session, team_id: str, user_id: str, schedule: Schedule,
                 now: datetime, default_tz: str) -> None:
    workspace(session, team_id, now, default_tz)
    person = ensure_person(session, team_id, user_id)
    person.nudge_weekday, person.nudge_minute = schedule.weekday, schedule.minute


def pause(session: Session, team_id: str, user_id: str, weeks: int, now: datetime,
          default_tz: str) -> date:
    """Skip the next `weeks` nudges (holidays). Returns the Monday nudges resume."""
    ws = workspace(session, team_id, now, default_tz)
    person = ensure_person(session, team_id, user_id)
    person.paused_until = None
    t = _timing(session, ws, person, now)
    person.paused_until = local_week(t.next_nudge, t.tz) + timedelta(weeks=weeks)
    return person.paused_until


def resume(session: Session, team_id: str, user_id: str) -> bool:
    person = find_person(session, team_id, user_id)
    if person is None or person.paused_until is None:
        return False
    person.paused_until = None
    return True
