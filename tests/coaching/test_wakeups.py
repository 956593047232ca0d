"""When the scheduler next looks at a nudge, a reminder or a digest: the local schedule
through zoneinfo (DST included), pauses, time away, retries; never later than the rules in
coaching.due make the message due."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.coaching.away import Away
from bot.coaching.calendar import Schedule, local_week, week_key
from bot.coaching.due import Recipient, due_nudges, due_reminders
from bot.coaching.wakeups import (
    NEXT_TICK,
    next_digest_wakeup,
    next_nudge_wakeup,
    next_reminder_wakeup,
)
from tests.fakes.times import hm, utc

NEW_YORK = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")
UTC_ZONE = ZoneInfo("UTC")
MON, TUE, SAT = 0, 1, 5


TEN = hm(10)


def person(tz=UTC_ZONE, weekday=MON, minute=TEN, **kwargs) -> Recipient:
    return Recipient("U1", tz, Schedule(weekday, minute), **kwargs)


def test_before_this_weeks_time_it_is_this_weeks_time():
    assert next_nudge_wakeup(person(), utc(2026, 11, 30, 9, 0), settled=False) == \
        utc(2026, 11, 30, 10, 0)


def test_once_sent_it_is_next_weeks_local_time_across_a_dst_change():
    # New York moves to summer time on Sunday 14 March 2027: Monday 10:00 is 15:00 UTC on
    # the 8th and 14:00 UTC on the 15th, not 7 x 24 hours later.
    who = person(NEW_YORK)
    assert next_nudge_wakeup(who, utc(2027, 3, 8, 15, 1), settled=True) == \
        utc(2027, 3, 15, 14, 0)


def test_a_pause_skips_to_the_week_it_ends():
    who = person(paused_until=date(2026, 12, 14))
    assert next_nudge_wakeup(who, utc(2026, 11, 30, 9, 0), settled=False) == \
        utc(2026, 12, 14, 10, 0)


def test_away_with_an_end_this_week_is_looked_at_when_it_ends_else_next_week():
    back = utc(2026, 12, 2, 8, 0)
    away = person(away=Away(since=utc(2026, 11, 29, 0, 0), until=back))
    assert next_nudge_wakeup(away, utc(2026, 11, 30, 10, 0), settled=False) == back
    open_ended = person(away=Away(since=utc(2026, 11, 29, 0, 0)))
    assert next_nudge_wakeup(open_ended, utc(2026, 11, 30, 10, 0), settled=False) == \
        utc(2026, 12, 7, 10, 0)


def test_an_unsettled_send_comes_back_when_its_delivery_can_be_tried_never_this_tick():
    now = utc(2026, 11, 30, 10, 0)
    retry = now + timedelta(minutes=5)
    assert next_nudge_wakeup(person(), now, settled=False, again=retry) == retry
    assert next_nudge_wakeup(person(), now, settled=False, again=now) == now + NEXT_TICK


def test_subscribed_after_this_weeks_time_waits_for_next_week():
    who = person(subscribed_at=utc(2026, 11, 30, 11, 0))
    assert next_nudge_wakeup(who, utc(2026, 11, 30, 11, 0), settled=False) == \
        utc(2026, 12, 7, 10, 0)


def test_the_reminder_comes_three_days_later_or_never_for_a_late_schedule():
    assert next_reminder_wakeup(person(), utc(2026, 11, 30, 10, 5), settled=False) == \
        utc(2026, 12, 3, 10, 0)
    assert next_reminder_wakeup(person(), utc(2026, 12, 3, 10, 5), settled=True) == \
        utc(2026, 12, 10, 10, 0)
    assert next_reminder_wakeup(person(weekday=SAT), utc(2026, 11, 30, 9, 0),
                                settled=False) is None


def test_a_digest_waits_a_week_for_a_team_made_after_its_time():
    friday = Schedule(4, hm(16))
    assert next_digest_wakeup(friday, BERLIN, utc(2026, 12, 4, 16, 0), utc(2026, 12, 4, 16, 0),
                              settled=False) == utc(2026, 12, 11, 15, 0)
    assert next_digest_wakeup(friday, BERLIN, utc(2026, 11, 1, 0, 0), utc(2026, 12, 4, 9, 0),
                              settled=False) == utc(2026, 12, 4, 15, 0)
    assert next_digest_wakeup(friday, BERLIN, utc(2026, 11, 1, 0, 0),
                              utc(2026, 12, 4, 15, 1), settled=True) == utc(2026, 12, 11, 15, 0)


PEOPLE = [
    person(NEW_YORK, MON, hm(10)),
    person(BERLIN, TUE, hm(2, 30)),  # 02:30 is skipped by Berlin's spring DST jump
    person(ZoneInfo("Pacific/Auckland"), MON, hm(0)),
    person(UTC_ZONE, MON, hm(10), paused_until=date(2027, 3, 22)),
    person(ZoneInfo("Asia/Kolkata"), MON, hm(6),
           away=Away(since=utc(2027, 3, 7, 0, 0), until=utc(2027, 3, 10, 12, 0))),
]


def _first_due(who: Recipient, after: datetime, settled_week: str | None, reminders: bool):
    """The first half hour after `after` at which coaching.due makes a message due that is
    not the settled week's."""
    at = after
    for _ in range(6 * 7 * 48):
        at += timedelta(minutes=30)
        due = due_reminders([who], at) if reminders else due_nudges([who], at)
        if due and due[0].week != settled_week:
            return at
    return None


@pytest.mark.parametrize("who", PEOPLE, ids=lambda p: f"{p.tz.key}-{p.schedule.weekday}")
@pytest.mark.parametrize("start", [utc(2027, 3, 8, 0, 0), utc(2027, 3, 25, 13, 30),
                                   utc(2027, 10, 30, 12, 0)])
def test_the_instant_is_never_later_than_the_next_message_due(who, start):
    """Whatever the zone, DST, pause or time away: after this week's message is settled,
    the next instant comes no later than the next week's message is due."""
    settled = week_key(local_week(start, who.tz))  # this week's message: sent
    wake = next_nudge_wakeup(who, start, settled=True)
    due = _first_due(who, start, settled, reminders=False)
    assert due is not None and wake <= due, (wake, due)
    assert due - wake < timedelta(minutes=30), "and not needlessly early"
    reminder = next_reminder_wakeup(who, start, settled=True)
    due = _first_due(who, start, settled, reminders=True)
    assert reminder is not None and reminder <= due < reminder + timedelta(minutes=30)
