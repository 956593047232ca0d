"""Subscriptions, schedules, pauses and "what is this week": plain functions over storage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.coaching.calendar import Schedule, local_week, next_nudge, week_key, week_start
from bot.coaching.due import Recipient, nudge_week
from bot.coaching.focus import active
from bot.coaching.rotation import dimension_for_week
from content import Guide, Topic
from storage import deliveries
from storage.models import NUDGE_MINUTE, NUDGE_WEEKDAY, Person, Workspace
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
    held_back: bool = False  # its time has passed, but their status says away
    focus: Topic | None = None  # their focus dimension this week, if any
    focus_weeks_left: int = 0

def _next_nudge(session: Session, ws: Workspace, person: Person, now: datetime):
    """(this week's NudgeWeek, the Recipient, whether this week's nudge went out, when the
    next one comes)."""
    recipient = Recipient.of(person, ws.default_timezone)
    week = nudge_week(recipient, now)
    sent = deliveries.find(session, ws.team_id, person.user_id, deliveries.NUDGE,
                           week_key(week.monday)) is not None
    upcoming = next_nudge(now, recipient.schedule, recipient.tz, person.paused_until,
                          sent_this_week=sent or not week.subscribed_in_time)
    return week, recipient, sent, upcoming


def week_view(session: Session, guide: Guide, team_id: str, user_id: str, now: datetime,
              default_tz: str) -> WeekView:
    ws = workspace(session, team_id, now, default_tz)
    person = find_person(session, team_id, user_id) or Person(
        team_id=team_id, user_id=user_id, subscribed=False, nudge_weekday=NUDGE_WEEKDAY,
        nudge_minute=NUDGE_MINUTE)
    week, recipient, sent, upcoming = _next_nudge(session, ws, person, now)
    reachable = bool(person.subscribed) and person.unreachable_reason is None
    focus, left = active(person, guide, week.monday)
    return WeekView(
        monday=week.monday, week=week_key(week.monday),
        topic=dimension_for_week(guide, ws.rotation_anchor, week.monday), tz=recipient.tz,
        schedule=recipient.schedule, subscribed=bool(person.subscribed),
        unreachable=person.unreachable_reason is not None,
        paused_until=person.paused_until, next_nudge=upcoming,
        due_now=reachable and not sent and week.due(now),
        held_back=reachable and not sent and week.held_back(now),
        focus=focus, focus_weeks_left=left,
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
    _, recipient, _, upcoming = _next_nudge(session, ws, person, now)
    person.paused_until = local_week(upcoming, recipient.tz) + timedelta(weeks=weeks)
    return person.paused_until


def resume(session: Session, team_id: str, user_id: str) -> bool:
    person = find_person(session, team_id, user_id)
    if person is None or person.paused_until is None:
        return False
    person.paused_until = None
    return True
