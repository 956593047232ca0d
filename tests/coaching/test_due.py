"""Who is due a nudge or a reminder at a given instant, each person in their own zone."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from bot.coaching.calendar import Schedule, next_nudge
from bot.coaching.due import Due, Recipient, due_nudges, due_reminders
from tests.fakes.times import hm, utc

UTC_ZONE = ZoneInfo("UTC")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")
KOLKATA = ZoneInfo("Asia/Kolkata")
AUCKLAND = ZoneInfo("Pacific/Auckland")
NEW_YORK = ZoneInfo("America/New_York")

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
W48, W49, W50, W51 = date(2026, 11, 23), date(2026, 11, 30), date(2026, 12, 7), date(2026, 12, 14)


def person(user_id: str, tz: ZoneInfo, weekday: int = MON, minute: int = hm(10),
           paused_until: date | None = None) -> Recipient:
    return Recipient(user_id, tz, Schedule(weekday, minute), paused_until)


def keys(due: list[Due]) -> dict[str, str]:
    return {d.user_id: d.week for d in due}


# Four people around the world, each with a different local nudge time.
WORLD = [
    person("U_UTC", UTC_ZONE, MON, hm(10)),  # Mon 10:00 UTC
    person("U_LA", LOS_ANGELES, SUN, hm(16)),  # Sun 16:00 PST = Mon 00:00 UTC
    person("U_KOL", KOLKATA, MON, hm(6)),  # Mon 06:00 IST = Mon 00:30 UTC
    person("U_AKL", AUCKLAND, MON, hm(10)),  # Mon 10:00 NZDT = Sun 21:00 UTC
]


# --- due_nudges -----------------------------------------------------------------------------


def test_at_monday_0030_utc_auckland_is_due_this_week_and_los_angeles_last_week():
    due = due_nudges(WORLD, utc(2026, 11, 30, 0, 30))
    assert due == [
        Due("U_LA", W48, "2026-W48"),
        Due("U_KOL", W49, "2026-W49"),
        Due("U_AKL", W49, "2026-W49"),
    ]


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        # Sunday 20:59 UTC: Auckland is at Monday 09:59, not yet; UTC catches up on W48.
        (utc(2026, 11, 29, 20, 59), {"U_UTC": "2026-W48"}),
        # Sunday 21:00 UTC: it is 10:00 on Monday in Auckland.
        (utc(2026, 11, 29, 21, 0), {"U_UTC": "2026-W48", "U_AKL": "2026-W49"}),
        # Sunday 23:59 UTC: Los Angeles is at Sunday 15:59, one minute short.
        (utc(2026, 11, 29, 23, 59), {"U_UTC": "2026-W48", "U_AKL": "2026-W49"}),
        # Monday 00:00 UTC: the UTC person's new week has begun, their W49 time is ahead;
        # Los Angeles reaches Sunday 16:00 of their W48.
        (utc(2026, 11, 30, 0, 0), {"U_LA": "2026-W48", "U_AKL": "2026-W49"}),
        (utc(2026, 11, 30, 0, 29), {"U_LA": "2026-W48", "U_AKL": "2026-W49"}),
        # Monday 00:30 UTC is exactly 06:00 in Kolkata: due at the very minute.
        (utc(2026, 11, 30, 0, 30),
         {"U_LA": "2026-W48", "U_KOL": "2026-W49", "U_AKL": "2026-W49"}),
        # Monday 08:00 UTC: Los Angeles has moved into W49, whose Sunday is days away.
        (utc(2026, 11, 30, 8, 0), {"U_KOL": "2026-W49", "U_AKL": "2026-W49"}),
        (utc(2026, 11, 30, 10, 0),
         {"U_UTC": "2026-W49", "U_KOL": "2026-W49", "U_AKL": "2026-W49"}),
    ],
)
def test_exactly_those_whose_local_nudge_time_has_passed_this_local_week_are_due(now, expected):
    assert keys(due_nudges(WORLD, now)) == expected


def test_due_entries_carry_the_local_monday_and_its_iso_key():
    for due in due_nudges(WORLD, utc(2026, 11, 30, 0, 30)):
        assert due.monday.weekday() == 0
        assert due.week == f"{due.monday.isocalendar()[0]}-W{due.monday.isocalendar()[1]:02d}"
    assert Due.at("U1", date(2026, 12, 28)) == Due("U1", date(2026, 12, 28), "2026-W53")


def test_force_makes_everyone_due_for_their_own_local_week():
    due = due_nudges(WORLD, utc(2026, 11, 30, 0, 0), force=True)
    assert keys(due) == {
        "U_UTC": "2026-W49",
        "U_LA": "2026-W48",
        "U_KOL": "2026-W49",
        "U_AKL": "2026-W49",
    }
    assert [d.user_id for d in due] == ["U_UTC", "U_LA", "U_KOL", "U_AKL"]


def test_force_ignores_the_time_but_not_a_pause():
    paused = person("U_P", UTC_ZONE, paused_until=W51)
    assert due_nudges([paused], utc(2026, 11, 30, 0, 0), force=True) == []


def test_nobody_is_due_from_an_empty_list():
    assert due_nudges([], utc(2026, 11, 30, 12, 0)) == []
    assert due_nudges([], utc(2026, 11, 30, 12, 0), force=True) == []
    assert due_reminders([], utc(2026, 11, 30, 12, 0)) == []


def test_a_paused_person_is_not_due_until_the_week_of_paused_until():
    paused = person("U_P", UTC_ZONE, MON, hm(10), paused_until=W51)
    assert due_nudges([paused], utc(2026, 11, 30, 12, 0)) == []
    assert due_nudges([paused], utc(2026, 12, 7, 12, 0)) == []
    assert due_nudges([paused], utc(2026, 12, 13, 23, 59)) == []
    assert due_nudges([paused], utc(2026, 12, 14, 9, 59)) == []
    assert due_nudges([paused], utc(2026, 12, 14, 10, 0)) == [Due("U_P", W51, "2026-W51")]
    assert due_nudges([paused], utc(2026, 12, 16, 8, 0)) == [Due("U_P", W51, "2026-W51")]


def test_a_pause_that_has_ended_does_not_matter():
    was_paused = person("U_P", UTC_ZONE, paused_until=date(2026, 11, 2))
    assert due_nudges([was_paused], utc(2026, 11, 30, 12, 0)) == [Due("U_P", W49, "2026-W49")]


def test_a_pause_ends_by_the_persons_local_week_not_the_utc_week():
    paused = person("U_AKL", AUCKLAND, MON, hm(10), paused_until=W50)
    # Sunday 2026-12-06 21:00 UTC is Monday 2026-12-07 10:00 in Auckland.
    assert due_nudges([paused], utc(2026, 12, 6, 20, 59)) == []
    assert due_nudges([paused], utc(2026, 12, 6, 21, 0)) == [Due("U_AKL", W50, "2026-W50")]


def test_a_pause_leaves_other_people_due():
    people = [person("U_P", UTC_ZONE, paused_until=W51), person("U_Q", UTC_ZONE)]
    assert keys(due_nudges(people, utc(2026, 11, 30, 12, 0))) == {"U_Q": "2026-W49"}


def test_a_nudge_missed_days_ago_in_the_same_week_is_still_due_to_catch_up():
    monday_10 = person("U1", UTC_ZONE, MON, hm(10))
    for now in (utc(2026, 12, 1, 0, 0), utc(2026, 12, 3, 15, 0), utc(2026, 12, 6, 23, 59)):
        assert due_nudges([monday_10], now) == [Due("U1", W49, "2026-W49")]


def test_after_the_week_ends_a_missed_nudge_is_never_due_only_the_new_weeks_at_its_time():
    monday_10 = person("U1", UTC_ZONE, MON, hm(10))
    assert due_nudges([monday_10], utc(2026, 12, 7, 0, 0)) == []
    assert due_nudges([monday_10], utc(2026, 12, 7, 9, 59)) == []
    assert due_nudges([monday_10], utc(2026, 12, 7, 10, 0)) == [Due("U1", W50, "2026-W50")]


def test_catch_up_in_los_angeles_ends_at_local_midnight_not_utc_midnight():
    la = person("U_LA", LOS_ANGELES, WED, hm(9))
    # Sunday 2026-12-06 23:59 PST is Monday 07:59 UTC: still their W49.
    assert due_nudges([la], utc(2026, 12, 7, 7, 59)) == [Due("U_LA", W49, "2026-W49")]
    assert due_nudges([la], utc(2026, 12, 7, 8, 0)) == []


def test_new_york_monday_nudge_is_due_an_hour_earlier_in_utc_after_spring_forward():
    ny = person("U_NY", NEW_YORK, MON, hm(10))
    assert due_nudges([ny], utc(2026, 3, 2, 14, 59)) == []
    assert due_nudges([ny], utc(2026, 3, 2, 15, 0)) == [Due("U_NY", date(2026, 3, 2), "2026-W10")]
    assert due_nudges([ny], utc(2026, 3, 9, 13, 59)) == []
    assert due_nudges([ny], utc(2026, 3, 9, 14, 0)) == [Due("U_NY", date(2026, 3, 9), "2026-W11")]


def test_a_nonexistent_sunday_0230_nudge_is_due_from_one_instant_until_the_local_week_ends():
    ny = person("U_NY", NEW_YORK, SUN, hm(2, 30))
    # From Monday 00:00 EST, the start of their local W10, well into the next week.
    start, end = utc(2026, 3, 2, 5, 0), utc(2026, 3, 10, 0, 0)
    due_at = []
    now = start
    while now < end:
        due = due_nudges([ny], now)
        if due:
            assert due == [Due("U_NY", date(2026, 3, 2), "2026-W10")]
            due_at.append(now)
        now += timedelta(minutes=5)
    assert due_at[0] == utc(2026, 3, 8, 7, 30)  # 03:30 EDT, the hour after 02:30 EST
    assert due_at[-1] == utc(2026, 3, 9, 3, 55)  # Sunday 23:55 EDT
    assert len(due_at) == (utc(2026, 3, 9, 4, 0) - utc(2026, 3, 8, 7, 30)) // timedelta(minutes=5)


def test_the_week_across_new_year_is_2026_w53_in_every_zone():
    people = [person("U_UTC", UTC_ZONE, FRI, hm(9)), person("U_AKL", AUCKLAND, FRI, hm(9))]
    due = due_nudges(people, utc(2027, 1, 1, 12, 0))
    assert due == [
        Due("U_UTC", date(2026, 12, 28), "2026-W53"),
        Due("U_AKL", date(2026, 12, 28), "2026-W53"),
    ]


# --- due_reminders --------------------------------------------------------------------------


MONDAY_10_WORLD = [
    person("U_UTC", UTC_ZONE),
    person("U_LA", LOS_ANGELES),
    person("U_KOL", KOLKATA),
    person("U_AKL", AUCKLAND),
]


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (utc(2026, 12, 2, 20, 59), set()),
        (utc(2026, 12, 2, 21, 0), {"U_AKL"}),  # Thursday 10:00 NZDT
        (utc(2026, 12, 3, 4, 29), {"U_AKL"}),
        (utc(2026, 12, 3, 4, 30), {"U_AKL", "U_KOL"}),  # Thursday 10:00 IST
        (utc(2026, 12, 3, 10, 0), {"U_AKL", "U_KOL", "U_UTC"}),
        (utc(2026, 12, 3, 17, 59), {"U_AKL", "U_KOL", "U_UTC"}),
        (utc(2026, 12, 3, 18, 0), {"U_AKL", "U_KOL", "U_UTC", "U_LA"}),  # 10:00 PST
        # Auckland's week ends at Sunday 11:00 UTC; UTC's and Kolkata's later that day.
        (utc(2026, 12, 6, 11, 0), {"U_KOL", "U_UTC", "U_LA"}),
        (utc(2026, 12, 6, 18, 30), {"U_UTC", "U_LA"}),
        (utc(2026, 12, 7, 0, 0), {"U_LA"}),
        (utc(2026, 12, 7, 8, 0), set()),
    ],
)
def test_reminders_are_due_from_three_days_after_the_local_nudge_until_the_local_week_ends(
    now, expected
):
    due = due_reminders(MONDAY_10_WORLD, now)
    assert {d.user_id for d in due} == expected
    assert {d.week for d in due} <= {"2026-W49"}


def test_reminder_catch_up_never_reaches_back_into_a_finished_week():
    monday_10 = person("U1", UTC_ZONE)
    assert due_reminders([monday_10], utc(2026, 12, 6, 23, 59)) == [Due("U1", W49, "2026-W49")]
    assert due_reminders([monday_10], utc(2026, 12, 7, 0, 0)) == []
    assert due_reminders([monday_10], utc(2026, 12, 10, 9, 59)) == []
    assert due_reminders([monday_10], utc(2026, 12, 10, 10, 0)) == [Due("U1", W50, "2026-W50")]


@pytest.mark.parametrize("weekday", [FRI, SAT, SUN])
def test_late_week_nudges_never_get_a_reminder(weekday):
    late = person("U1", UTC_ZONE, weekday, hm(9))
    for day in range(7):
        now = utc(2026, 12, 7 + day, 23, 59)
        assert due_reminders([late], now) == []


def test_a_paused_person_gets_no_reminder_until_the_week_of_paused_until():
    paused = person("U_P", UTC_ZONE, paused_until=W51)
    assert due_reminders([paused], utc(2026, 12, 3, 12, 0)) == []
    assert due_reminders([paused], utc(2026, 12, 10, 12, 0)) == []
    assert due_reminders([paused], utc(2026, 12, 17, 9, 59)) == []
    assert due_reminders([paused], utc(2026, 12, 17, 10, 0)) == [Due("U_P", W51, "2026-W51")]


def test_a_reminder_after_fall_back_keeps_the_local_time():
    ny = person("U_NY", NEW_YORK, THU, hm(10))
    # Thursday 2026-10-29 10:00 EDT nudge; Sunday 2026-11-01 10:00 EST reminder.
    assert due_reminders([ny], utc(2026, 11, 1, 14, 59)) == []
    assert due_reminders([ny], utc(2026, 11, 1, 15, 0)) == [
        Due("U_NY", date(2026, 10, 26), "2026-W44")
    ]


# --- Recipient.of ---------------------------------------------------------------------------


def row(**overrides) -> SimpleNamespace:
    fields = dict(user_id="U123", timezone="Asia/Kolkata", nudge_weekday=WED,
                  nudge_minute=hm(9, 30), paused_until=None, subscribed_at=None)
    return SimpleNamespace(**(fields | overrides))


def test_recipient_of_a_person_row_copies_zone_schedule_and_pause():
    recipient = Recipient.of(row(paused_until=W51), "Europe/London")
    assert recipient == Recipient("U123", KOLKATA, Schedule(WED, hm(9, 30)), W51)


@pytest.mark.parametrize("timezone", [None, "", "Bogus/Zone", "America", "../etc/passwd"])
def test_recipient_of_falls_back_to_the_workspace_zone(timezone):
    recipient = Recipient.of(row(timezone=timezone), "America/New_York")
    assert recipient.tz is NEW_YORK


def test_recipient_of_falls_back_to_utc_when_the_workspace_zone_is_bogus_too():
    assert Recipient.of(row(timezone=None), "Not/AZone").tz.key == "UTC"
    assert Recipient.of(row(timezone="Nope"), "").tz.key == "UTC"


def test_a_recipient_built_from_a_row_is_due_in_its_own_zone():
    recipient = Recipient.of(row(user_id="U9", timezone=None, nudge_weekday=MON,
                                 nudge_minute=hm(10)), "Pacific/Auckland")
    assert due_nudges([recipient], utc(2026, 11, 29, 20, 59)) == []
    assert due_nudges([recipient], utc(2026, 11, 29, 21, 0)) == [Due("U9", W49, "2026-W49")]


def test_paused_in_is_true_only_for_weeks_before_paused_until():
    recipient = person("U1", UTC_ZONE, paused_until=W51)
    assert recipient.paused_in(W49)
    assert recipient.paused_in(W50)
    assert not recipient.paused_in(W51)
    assert not recipient.paused_in(W51 + timedelta(weeks=1))
    assert not person("U2", UTC_ZONE).paused_in(W49)


# --- next_nudge and due_nudges agree --------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "schedule", "paused_until"),
    [
        (utc(2026, 11, 30, 8, 0), Schedule(MON, hm(10)), W51),  # pause ends on a Monday
        (utc(2026, 11, 30, 8, 0), Schedule(FRI, hm(10)), W51),
        (utc(2026, 11, 30, 8, 0), Schedule(FRI, hm(10)), date(2026, 11, 2)),  # already over
        # paused_until on a Wednesday, the nudge on the Friday of that same week
        (utc(2026, 12, 1, 12, 0), Schedule(FRI, hm(10)), date(2026, 12, 2)),
        # paused_until on a Wednesday, the nudge on the Monday of that same week
        (utc(2026, 11, 29, 12, 0), Schedule(MON, hm(10)), date(2026, 12, 2)),
    ],
    ids=["monday-pause-monday-nudge", "monday-pause-friday-nudge", "pause-over",
         "wednesday-pause-friday-nudge", "wednesday-pause-monday-nudge"],
)
def test_the_instant_next_nudge_promises_is_one_at_which_due_nudges_delivers(
    now, schedule, paused_until
):
    recipient = Recipient("U1", UTC_ZONE, schedule, paused_until)
    promised = next_nudge(now, schedule, UTC_ZONE, paused_until=paused_until)
    assert promised > now
    assert due_nudges([recipient], now) == []
    monday = promised.date() - timedelta(days=promised.weekday())
    assert due_nudges([recipient], promised) == [Due.at("U1", monday)]


def test_a_nudge_whose_time_came_before_subscribing_is_not_owed():
    wed = utc(2026, 12, 2, 12, 0)
    late = Recipient("U_LATE", ZoneInfo("UTC"), Schedule(0, 600), subscribed_at=wed)
    early = Recipient("U_EARLY", ZoneInfo("UTC"), Schedule(0, 600),
                      subscribed_at=utc(2026, 11, 27, 8, 0))
    assert [d.user_id for d in due_nudges([late, early], wed)] == ["U_EARLY"]
    assert [d.user_id for d in due_nudges([late], utc(2026, 12, 7, 10, 0))] == ["U_LATE"]
    assert [d.user_id for d in due_nudges([late], wed, force=True)] == ["U_LATE"]
