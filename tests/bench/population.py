"""Many subscribers over many workspaces, written straight through the storage layer for the
scale benchmarks (tick_scale, nudge_fanout --workspaces): bulk INSERTs in chunks, each row's
wake-up instants set as the scheduler would have left them, so a tick finds due exactly the
rows meant to be due.

Person n is "U" + n (7 digits), in workspace "T" + n // per_workspace (4 digits), in time
zone ZONES[n % 7]; `due(n)` picks whose nudge is owed at `now` (this week's nudge time has
passed, nothing sent): their next_nudge_at is that time. Everyone else's instants are the
real next ones (bot.coaching.wakeups), as if this week's messages had gone out.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from sqlalchemy import insert

from bot.coaching.calendar import Schedule, local_week, nudge_at, reminder_at
from bot.coaching.due import Recipient
from bot.coaching.wakeups import next_nudge_wakeup, next_reminder_wakeup
from storage.models import DEFAULT_SHARING, Person, Workspace

ZONES = ("UTC", "Europe/Berlin", "America/New_York", "America/Los_Angeles", "Asia/Kolkata",
         "Asia/Tokyo", "Australia/Sydney")
# Monday 10:00 (the default), Tuesday 09:00, Thursday 15:00: with `now` on a Wednesday the
# first two have passed this week everywhere, the third is still ahead.
SCHEDULES = (Schedule(0, 600), Schedule(1, 540), Schedule(3, 900))
CHUNK = 10_000  # rows per executemany


def user_id(n: int) -> str:
    return f"U{n:07d}"


def team_id(n: int, per_workspace: int) -> str:
    return f"T{n // per_workspace:04d}"


def person_number(user: str) -> int:
    """user_id's inverse: the n of "U0001234"."""
    return int(user[1:])


@cache
def _instants(zone: str, schedule: Schedule, now: datetime,
              subscribed_at: datetime) -> tuple[datetime, datetime | None, datetime]:
    """(next nudge instant, next reminder instant) for someone whose messages this week are
    done, and this week's nudge time: computed once per zone and schedule."""
    tz = ZoneInfo(zone)
    who = Recipient("U0", tz, schedule, subscribed_at=subscribed_at)
    monday = local_week(now, tz)
    this_week = nudge_at(monday, schedule, tz)
    reminder = reminder_at(monday, schedule, tz)
    nudge = next_nudge_wakeup(who, now, settled=this_week <= now)
    later = next_reminder_wakeup(who, now, settled=reminder is not None and reminder <= now)
    return nudge, later, this_week


def seed(sessions, people: int, per_workspace: int, now: datetime, *, anchor: date,
         due: Callable[[int], bool], owing: bool) -> int:
    """`people` subscribers, `per_workspace` to a workspace, subscribed a month before `now`;
    those `due` picks are on the Monday schedule, and owe this week's nudge if `owing`. How
    many `due` picks."""
    since = now - timedelta(days=30)
    workspaces = (people + per_workspace - 1) // per_workspace
    with sessions.begin() as session:
        session.execute(insert(Workspace), [
            {"team_id": f"T{w:04d}", "enterprise_id": None, "default_timezone": "UTC",
             "rotation_anchor": anchor, "created_at": since} for w in range(workspaces)])
    owed = 0
    for start in range(0, people, CHUNK):
        rows = []
        for n in range(start, min(people, start + CHUNK)):
            picked = due(n)
            owed += picked
            is_due = picked and owing
            schedule = SCHEDULES[0] if picked else SCHEDULES[(n // len(ZONES)) % 3]
            zone = ZONES[n % len(ZONES)]
            nudge, reminder, this_week = _instants(zone, schedule, now, since)
            rows.append({
                "team_id": team_id(n, per_workspace), "user_id": user_id(n),
                "subscribed": True, "subscribed_at": since, "timezone": zone,
                "nudge_weekday": schedule.weekday, "nudge_minute": schedule.minute,
                "followups": True, "sharing": DEFAULT_SHARING, "focus_shared": False,
                # The due: this week's nudge time, passed; its reminder is still ahead.
                "next_nudge_at": this_week if is_due else nudge,
                "next_reminder_at": reminder if not is_due else _reminder(zone, now),
                "created_at": since, "updated_at": since})
        with sessions.begin() as session:
            session.execute(insert(Person), rows)
    return owed


def _reminder(zone: str, now: datetime) -> datetime | None:
    tz = ZoneInfo(zone)
    return reminder_at(local_week(now, tz), SCHEDULES[0], tz)
