"""When the scheduler should next look at a person's nudge or reminder, or a team's digest,
once a tick has dealt with this week's: computed through zoneinfo from the local schedule
(never by adding 7 x 24 hours), so DST moves nothing. An instant may come early (the tick
then finds nothing due and computes the next); it must never come late."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.coaching.calendar import (
    Schedule,
    local_week,
    next_nudge,
    nudge_at,
    reminder_at,
    week_start,
)
from bot.coaching.due import Recipient, nudge_week

# A row whose send did not settle is looked at again at the instant its delivery says
# (a retry's time, the end of another process's claim), and never before the next tick.
NEXT_TICK = timedelta(seconds=30)


def next_nudge_wakeup(person: Recipient, now: datetime, *, settled: bool,
                      again: datetime | None = None) -> datetime:
    """`settled`: this week's nudge needs nothing more (sent, given up, or not theirs);
    else `again` is when its delivery can next be tried (storage.deliveries.next_try)."""
    week = nudge_week(person, now)
    following = next_nudge(now, person.schedule, person.tz, person.paused_until,
                           sent_this_week=True)
    if settled or week.paused or not week.subscribed_in_time:
        return following
    if week.at > now:
        return week.at
    if week.away_now:  # held until they are back: when the status ends, if it says
        back = person.away.until
        return back if back is not None and back < following else following
    return _unsettled(now, again)


def next_reminder_wakeup(person: Recipient, now: datetime, *, settled: bool,
                         again: datetime | None = None) -> datetime | None:
    """`settled`: this week's reminder needs nothing more (sent, given up, or not wanted:
    no nudge went out, or they answered). None: their schedule has no reminder."""
    monday = local_week(now, person.tz)
    at = reminder_at(monday, person.schedule, person.tz)
    in_time = at is not None and (person.subscribed_at is None or person.subscribed_at <= at)
    if in_time and not settled and not person.paused_in(monday):
        if at > now:
            return at
        if not person.away.at(now):
            return _unsettled(now, again)
        back = person.away.until
        week_end = nudge_at(monday + timedelta(weeks=1), Schedule(0, 0), person.tz)
        if back is not None and back < week_end:
            return back
    return _following_reminder(person, monday)


def _following_reminder(person: Recipient, monday) -> datetime | None:
    monday += timedelta(weeks=1)
    if person.paused_until is not None:
        monday = max(monday, week_start(person.paused_until))
    return reminder_at(monday, person.schedule, person.tz)


def next_digest_wakeup(schedule: Schedule, tz, created_at: datetime, now: datetime, *,
                       settled: bool, again: datetime | None = None) -> datetime:
    """A team's digest: this week's while it is owed, else next week's."""
    at = nudge_at(local_week(now, tz), schedule, tz)
    following = next_nudge(now, schedule, tz, sent_this_week=True)
    if settled or created_at > at:  # a team made after this week's digest time waits
        return following
    return at if at > now else _unsettled(now, again)


def _unsettled(now: datetime, again: datetime | None) -> datetime:
    return max(again or now, now + NEXT_TICK)
