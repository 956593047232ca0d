"""Schedules, ISO weeks and local wall-clock times, including DST changes and odd zones."""

from __future__ import annotations

from datetime import UTC, date, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.coaching.calendar import (
    DEFAULT_SCHEDULE,
    REMINDER_DELAY_DAYS,
    Schedule,
    at_local,
    format_local,
    is_known_zone,
    local_week,
    next_nudge,
    nudge_at,
    parse_schedule,
    parse_time,
    parse_week_key,
    reminder_at,
    week_key,
    week_start,
    zone,
)
from tests.fakes.times import hm, utc

NEW_YORK = ZoneInfo("America/New_York")
LONDON = ZoneInfo("Europe/London")
KOLKATA = ZoneInfo("Asia/Kolkata")
ADELAIDE = ZoneInfo("Australia/Adelaide")
KATHMANDU = ZoneInfo("Asia/Kathmandu")
UTC_ZONE = ZoneInfo("UTC")

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


# --- parse_schedule -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tue 09:30", Schedule(TUE, hm(9, 30))),
        ("Tuesday 9:30", Schedule(TUE, hm(9, 30))),
        ("thu 2pm", Schedule(THU, hm(14))),
        ("9:30 fri", Schedule(FRI, hm(9, 30))),
        ("MON 10:00", Schedule(MON, hm(10))),
        ("wed 9am", Schedule(WED, hm(9))),
        ("sun 23:59", Schedule(SUN, hm(23, 59))),
        ("mon 0:00", Schedule(MON, 0)),
        ("thu 2 pm", Schedule(THU, hm(14))),
        ("Tuesday, 9:30", Schedule(TUE, hm(9, 30))),
        ("  sat   7:05  ", Schedule(SAT, hm(7, 5))),
        ("tues 9:30pm", Schedule(TUE, hm(21, 30))),
        ("weds 12am", Schedule(WED, 0)),
        ("thurs 12pm", Schedule(THU, hm(12))),
        ("thur 11:59 PM", Schedule(THU, hm(23, 59))),
        ("Sunday 12:30am", Schedule(SUN, hm(0, 30))),
    ],
)
def test_parse_schedule_accepts_a_day_and_a_time_in_either_order_and_any_case(text, expected):
    assert parse_schedule(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "funday 25:99",
        "tue 25:00",
        "tue 24:00",
        "tue 9:60",
        "13pm",
        "tue 13pm",
        "",
        "   ",
        "tue",
        "9:30",
        "tue wed 9:00",
        "0am",
        "mon 0am",
        "tue 9:30 in the morning",
        "tue 9:5",
        "tue noon",
        "tue 9.30",
    ],
)
def test_parse_schedule_rejects_anything_but_exactly_one_day_and_one_valid_time(text):
    assert parse_schedule(text) is None


def test_parse_schedule_result_describes_itself_with_the_full_day_and_padded_time():
    assert parse_schedule("tue 9:30").describe() == "Tuesday 09:30"
    assert parse_schedule("sun 11:59pm").describe() == "Sunday 23:59"
    assert DEFAULT_SCHEDULE == Schedule(MON, hm(10))
    assert DEFAULT_SCHEDULE.describe() == "Monday 10:00"


# --- parse_time -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "minute"),
    [
        ("0:00", 0),
        ("00:00", 0),
        ("9:30", hm(9, 30)),
        ("09:30", hm(9, 30)),
        ("23:59", hm(23, 59)),
        ("9", hm(9)),
        ("930", hm(9, 30)),
        ("9am", hm(9)),
        ("9 AM", hm(9)),
        ("2pm", hm(14)),
        ("2:15pm", hm(14, 15)),
        ("12am", 0),
        ("12:30am", 30),
        ("12pm", hm(12)),
        ("12:45pm", hm(12, 45)),
        ("11:59pm", hm(23, 59)),
        ("  7 pm  ", hm(19)),
    ],
)
def test_parse_time_gives_the_minute_of_the_day(text, minute):
    assert parse_time(text) == minute


@pytest.mark.parametrize(
    "text",
    ["", "24:00", "25:00", "9:60", "9:5", "0am", "0pm", "13pm", "13:00am", "noon", "-1:00",
     "9.30", "9:30:00", "abc", "9:30 xm"],
)
def test_parse_time_rejects_impossible_or_unreadable_times(text):
    assert parse_time(text) is None


# --- weeks ----------------------------------------------------------------------------------


def test_week_start_is_the_monday_of_the_iso_week():
    assert week_start(date(2026, 11, 30)) == date(2026, 11, 30)
    assert week_start(date(2026, 12, 2)) == date(2026, 11, 30)
    assert week_start(date(2026, 12, 6)) == date(2026, 11, 30)
    assert week_start(date(2026, 12, 7)) == date(2026, 12, 7)


def test_week_start_crosses_the_year_boundary():
    assert week_start(date(2027, 1, 1)) == date(2026, 12, 28)
    assert week_start(date(2027, 1, 3)) == date(2026, 12, 28)
    assert week_start(date(2026, 1, 1)) == date(2025, 12, 29)


def test_week_key_is_the_iso_year_and_zero_padded_week():
    assert week_key(date(2026, 11, 23)) == "2026-W48"
    assert week_key(date(2026, 11, 30)) == "2026-W49"
    assert week_key(date(2026, 3, 2)) == "2026-W10"
    assert week_key(date(2026, 1, 5)) == "2026-W02"


def test_the_last_days_of_2026_and_first_of_2027_are_in_2026_w53():
    assert week_key(date(2026, 12, 31)) == "2026-W53"
    assert week_key(date(2027, 1, 1)) == "2026-W53"
    assert week_key(week_start(date(2027, 1, 1))) == "2026-W53"
    assert week_key(date(2027, 1, 4)) == "2027-W01"


def test_the_first_days_of_2026_belong_to_2026_w01_which_starts_in_2025():
    assert week_key(week_start(date(2026, 1, 1))) == "2026-W01"
    assert parse_week_key("2026-W01") == date(2025, 12, 29)


@pytest.mark.parametrize(
    ("text", "monday"),
    [
        ("2026-W48", date(2026, 11, 23)),
        ("2026-W49", date(2026, 11, 30)),
        ("2026-W53", date(2026, 12, 28)),
        ("2027-W01", date(2027, 1, 4)),
        ("2026w48", date(2026, 11, 23)),
        ("2026W48", date(2026, 11, 23)),
        ("2026-w48", date(2026, 11, 23)),
        (" 2026-W48 ", date(2026, 11, 23)),
        ("2026-W4", date(2026, 1, 19)),
    ],
)
def test_parse_week_key_gives_the_monday_of_that_iso_week(text, monday):
    assert parse_week_key(text) == monday


@pytest.mark.parametrize(
    "text",
    ["2026-W54", "2027-W53", "2026-W00", "2026-W99", "2026-48", "26-W48", "2026-W", "",
     "W48", "2026-W481", "2026-11-30"],
)
def test_parse_week_key_rejects_weeks_that_do_not_exist_or_are_malformed(text):
    assert parse_week_key(text) is None


def test_week_key_and_parse_week_key_round_trip_for_every_week_of_a_decade():
    monday = date(2020, 1, 6)
    while monday.year < 2031:
        key = week_key(monday)
        assert parse_week_key(key) == monday
        assert week_key(parse_week_key(key)) == key
        monday += timedelta(weeks=1)


def test_local_week_depends_on_the_persons_zone():
    now = utc(2026, 11, 30, 0, 30)  # Monday just after midnight UTC
    assert local_week(now, UTC_ZONE) == date(2026, 11, 30)
    assert local_week(now, ZoneInfo("America/Los_Angeles")) == date(2026, 11, 23)
    assert local_week(now, ZoneInfo("Pacific/Auckland")) == date(2026, 11, 30)


# --- at_local / nudge_at across DST ---------------------------------------------------------


def test_a_nudge_at_10_in_new_york_fires_at_15_utc_in_winter_and_14_utc_in_summer():
    monday_10 = Schedule(MON, hm(10))
    assert nudge_at(date(2026, 3, 2), monday_10, NEW_YORK) == utc(2026, 3, 2, 15, 0)
    assert nudge_at(date(2026, 3, 9), monday_10, NEW_YORK) == utc(2026, 3, 9, 14, 0)


def test_new_york_spring_forward_week_uses_each_days_own_offset():
    monday = date(2026, 3, 2)  # Sunday 2026-03-08 is the spring-forward day
    assert nudge_at(monday, Schedule(SAT, hm(10)), NEW_YORK) == utc(2026, 3, 7, 15, 0)
    assert nudge_at(monday, Schedule(SUN, hm(1, 30)), NEW_YORK) == utc(2026, 3, 8, 6, 30)
    assert nudge_at(monday, Schedule(SUN, hm(3)), NEW_YORK) == utc(2026, 3, 8, 7, 0)
    assert nudge_at(monday, Schedule(SUN, hm(10)), NEW_YORK) == utc(2026, 3, 8, 14, 0)


def test_a_nonexistent_sunday_0230_on_spring_forward_day_yields_one_instant_an_hour_later():
    monday = date(2026, 3, 2)
    schedule = Schedule(SUN, hm(2, 30))
    instant = nudge_at(monday, schedule, NEW_YORK)
    assert instant == utc(2026, 3, 8, 7, 30)
    local = instant.astimezone(NEW_YORK)
    assert (local.date(), local.hour, local.minute) == (date(2026, 3, 8), 3, 30)
    # That instant lies inside the person's local week, so the week has exactly one nudge.
    assert local_week(instant, NEW_YORK) == monday
    week_begins = at_local(monday, 0, NEW_YORK)
    week_ends = at_local(monday + timedelta(weeks=1), 0, NEW_YORK)
    assert week_begins <= instant < week_ends
    # And it is the same instant however often it is asked for.
    assert {nudge_at(monday, schedule, NEW_YORK) for _ in range(3)} == {instant}


def test_the_spring_forward_week_in_new_york_is_an_hour_shorter():
    monday = date(2026, 3, 2)
    begins = at_local(monday, 0, NEW_YORK)
    ends = at_local(monday + timedelta(weeks=1), 0, NEW_YORK)
    assert ends - begins == timedelta(weeks=1) - timedelta(hours=1)


def test_new_york_fall_back_monday_nudge_moves_from_14_to_15_utc():
    monday_10 = Schedule(MON, hm(10))
    assert nudge_at(date(2026, 10, 26), monday_10, NEW_YORK) == utc(2026, 10, 26, 14, 0)
    assert nudge_at(date(2026, 11, 2), monday_10, NEW_YORK) == utc(2026, 11, 2, 15, 0)


def test_a_repeated_0130_on_fall_back_sunday_means_its_first_occurrence():
    monday = date(2026, 10, 26)  # Sunday 2026-11-01 repeats 01:00-02:00
    instant = nudge_at(monday, Schedule(SUN, hm(1, 30)), NEW_YORK)
    assert instant == utc(2026, 11, 1, 5, 30)  # 01:30 EDT, not 01:30 EST (06:30 UTC)
    assert nudge_at(monday, Schedule(SUN, hm(10)), NEW_YORK) == utc(2026, 11, 1, 15, 0)
    assert nudge_at(monday, Schedule(SAT, hm(10)), NEW_YORK) == utc(2026, 10, 31, 14, 0)


def test_london_nudges_follow_bst_starting_2026_03_29_and_ending_2026_10_25():
    monday_10 = Schedule(MON, hm(10))
    assert nudge_at(date(2026, 3, 23), monday_10, LONDON) == utc(2026, 3, 23, 10, 0)
    assert nudge_at(date(2026, 3, 30), monday_10, LONDON) == utc(2026, 3, 30, 9, 0)
    assert nudge_at(date(2026, 10, 19), monday_10, LONDON) == utc(2026, 10, 19, 9, 0)
    assert nudge_at(date(2026, 10, 26), monday_10, LONDON) == utc(2026, 10, 26, 10, 0)


def test_london_skipped_and_repeated_sunday_times():
    skipped = nudge_at(date(2026, 3, 23), Schedule(SUN, hm(1, 30)), LONDON)
    assert skipped == utc(2026, 3, 29, 1, 30)  # shown as 02:30 BST
    assert skipped.astimezone(LONDON).hour == 2
    repeated = nudge_at(date(2026, 10, 19), Schedule(SUN, hm(1, 30)), LONDON)
    assert repeated == utc(2026, 10, 25, 0, 30)  # the first 01:30, still BST
    assert nudge_at(date(2026, 3, 23), Schedule(SUN, hm(10)), LONDON) == utc(2026, 3, 29, 9, 0)
    assert nudge_at(date(2026, 10, 19), Schedule(SUN, hm(10)), LONDON) == utc(2026, 10, 25, 10)


def test_kolkata_is_five_and_a_half_hours_ahead_all_year():
    monday_10 = Schedule(MON, hm(10))
    assert nudge_at(date(2026, 1, 5), monday_10, KOLKATA) == utc(2026, 1, 5, 4, 30)
    assert nudge_at(date(2026, 7, 6), monday_10, KOLKATA) == utc(2026, 7, 6, 4, 30)


def test_adelaide_is_ten_and_a_half_hours_ahead_in_january_and_nine_and_a_half_in_july():
    monday_10 = Schedule(MON, hm(10))
    # In January a Monday 10:00 in Adelaide is still Sunday in UTC.
    assert nudge_at(date(2026, 1, 5), monday_10, ADELAIDE) == utc(2026, 1, 4, 23, 30)
    assert nudge_at(date(2026, 7, 6), monday_10, ADELAIDE) == utc(2026, 7, 6, 0, 30)


def test_kathmandu_is_five_hours_forty_five_ahead():
    assert nudge_at(date(2026, 11, 30), Schedule(MON, hm(10)), KATHMANDU) == utc(
        2026, 11, 30, 4, 15
    )
    assert at_local(date(2026, 11, 30), 0, KATHMANDU) == utc(2026, 11, 29, 18, 15)


def test_at_local_returns_an_aware_utc_instant():
    instant = at_local(date(2026, 11, 30), hm(9, 30), KOLKATA)
    assert instant.tzinfo is UTC
    assert instant.utcoffset() == timedelta(0)
    assert instant == utc(2026, 11, 30, 4, 0)


def test_nudge_at_uses_the_weekday_offset_from_monday():
    monday = date(2026, 11, 30)
    for weekday in range(7):
        instant = nudge_at(monday, Schedule(weekday, hm(8, 15)), UTC_ZONE)
        assert instant == utc(2026, 11, 30, 8, 15) + timedelta(days=weekday)


# --- reminder_at ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("weekday", "reminder"),
    [
        (MON, utc(2026, 12, 3, 9, 45)),  # Thursday
        (TUE, utc(2026, 12, 4, 9, 45)),  # Friday
        (WED, utc(2026, 12, 5, 9, 45)),  # Saturday
        (THU, utc(2026, 12, 6, 9, 45)),  # Sunday
    ],
)
def test_a_reminder_comes_three_days_after_the_nudge_at_the_same_local_time(weekday, reminder):
    monday = date(2026, 11, 30)
    schedule = Schedule(weekday, hm(9, 45))
    assert REMINDER_DELAY_DAYS == 3
    assert reminder_at(monday, schedule, UTC_ZONE) == reminder
    assert reminder_at(monday, schedule, UTC_ZONE) - nudge_at(monday, schedule, UTC_ZONE) == (
        timedelta(days=3)
    )


@pytest.mark.parametrize("weekday", [FRI, SAT, SUN])
def test_no_reminder_when_three_days_after_the_nudge_is_next_week(weekday):
    assert reminder_at(date(2026, 11, 30), Schedule(weekday, hm(10)), UTC_ZONE) is None
    assert reminder_at(date(2026, 11, 30), Schedule(weekday, hm(10)), NEW_YORK) is None


def test_a_reminder_across_spring_forward_keeps_the_local_time_not_the_elapsed_hours():
    monday = date(2026, 3, 2)
    schedule = Schedule(THU, hm(10))
    assert nudge_at(monday, schedule, NEW_YORK) == utc(2026, 3, 5, 15, 0)
    assert reminder_at(monday, schedule, NEW_YORK) == utc(2026, 3, 8, 14, 0)


def test_a_reminder_across_fall_back_keeps_the_local_time():
    monday = date(2026, 10, 26)
    schedule = Schedule(THU, hm(10))
    assert nudge_at(monday, schedule, NEW_YORK) == utc(2026, 10, 29, 14, 0)
    assert reminder_at(monday, schedule, NEW_YORK) == utc(2026, 11, 1, 15, 0)


def test_a_reminder_in_adelaide_in_january_is_the_day_before_in_utc():
    assert reminder_at(date(2026, 1, 5), Schedule(MON, hm(10)), ADELAIDE) == utc(
        2026, 1, 7, 23, 30
    )


# --- next_nudge -----------------------------------------------------------------------------


MONDAY_10 = Schedule(MON, hm(10))


def test_next_nudge_is_this_weeks_when_it_is_still_ahead():
    assert next_nudge(utc(2026, 11, 30, 9, 59), MONDAY_10, UTC_ZONE) == utc(2026, 11, 30, 10)
    assert next_nudge(utc(2026, 11, 30, 0, 0), Schedule(FRI, hm(16)), UTC_ZONE) == utc(
        2026, 12, 4, 16
    )


def test_next_nudge_is_next_weeks_once_this_weeks_time_has_come_or_passed():
    assert next_nudge(utc(2026, 11, 30, 10, 0), MONDAY_10, UTC_ZONE) == utc(2026, 12, 7, 10)
    assert next_nudge(utc(2026, 11, 30, 10, 1), MONDAY_10, UTC_ZONE) == utc(2026, 12, 7, 10)
    assert next_nudge(utc(2026, 12, 6, 23, 59), MONDAY_10, UTC_ZONE) == utc(2026, 12, 7, 10)


def test_next_nudge_is_next_weeks_when_this_weeks_was_already_sent():
    now = utc(2026, 11, 30, 8, 0)
    assert next_nudge(now, MONDAY_10, UTC_ZONE, sent_this_week=True) == utc(2026, 12, 7, 10)


def test_next_nudge_while_paused_is_the_nudge_in_the_week_the_pause_ends():
    now = utc(2026, 11, 30, 8, 0)
    paused_until = date(2026, 12, 14)
    assert next_nudge(now, MONDAY_10, UTC_ZONE, paused_until=paused_until) == utc(
        2026, 12, 14, 10
    )
    assert next_nudge(now, Schedule(THU, hm(15)), UTC_ZONE, paused_until=paused_until) == utc(
        2026, 12, 17, 15
    )


def test_next_nudge_ignores_a_pause_that_has_already_ended():
    now = utc(2026, 11, 30, 8, 0)
    ended = date(2026, 11, 23)
    assert next_nudge(now, MONDAY_10, UTC_ZONE, paused_until=ended) == utc(2026, 11, 30, 10)
    ends_this_monday = date(2026, 11, 30)
    assert next_nudge(now, MONDAY_10, UTC_ZONE, paused_until=ends_this_monday) == utc(
        2026, 11, 30, 10
    )


def test_next_nudge_in_new_york_after_this_weeks_passed_is_next_weeks_in_daylight_time():
    now = utc(2026, 3, 2, 16, 0)  # Monday 11:00 EST
    assert next_nudge(now, MONDAY_10, NEW_YORK) == utc(2026, 3, 9, 14, 0)


def test_next_nudge_in_adelaide_can_be_on_sunday_in_utc():
    now = utc(2026, 1, 4, 23, 0)  # Monday 09:30 in Adelaide
    assert next_nudge(now, MONDAY_10, ADELAIDE) == utc(2026, 1, 4, 23, 30)
    later = utc(2026, 1, 4, 23, 30)
    assert next_nudge(later, MONDAY_10, ADELAIDE) == utc(2026, 1, 11, 23, 30)


def test_next_nudge_is_always_in_the_future():
    start = utc(2026, 2, 23, 0, 0)
    for step in range(0, 24 * 7 * 3, 5):  # every 5 hours over three weeks around DST
        now = start + timedelta(hours=step)
        for tz in (NEW_YORK, LONDON, ADELAIDE, KATHMANDU):
            for schedule in (MONDAY_10, Schedule(SUN, hm(2, 30)), Schedule(WED, hm(23, 59))):
                upcoming = next_nudge(now, schedule, tz)
                assert now < upcoming <= now + timedelta(weeks=1, hours=1)


# --- zones and formatting -------------------------------------------------------------------


def test_zone_gives_the_named_zone():
    assert zone("Asia/Kolkata") is KOLKATA
    assert zone("America/New_York", "Europe/London") is NEW_YORK


@pytest.mark.parametrize("name", [None, "", "Not/AZone", "America", "../etc/passwd", "America/"])
def test_zone_falls_back_to_the_fallback_for_missing_or_unknown_names(name):
    assert zone(name, "Europe/London") is LONDON


@pytest.mark.parametrize("fallback", ["", "Also/Bogus", "../../etc"])
def test_zone_falls_back_to_utc_when_the_fallback_is_unknown_too(fallback):
    assert zone("Not/AZone", fallback).key == "UTC"
    assert zone(None, fallback).key == "UTC"


def test_zone_defaults_to_utc():
    assert zone(None).key == "UTC"
    assert zone("nonsense").key == "UTC"


def test_is_known_zone():
    assert is_known_zone("Asia/Kathmandu")
    assert is_known_zone("UTC")
    assert not is_known_zone(None)
    assert not is_known_zone("")
    assert not is_known_zone("Mars/Olympus_Mons")
    assert not is_known_zone("../etc/passwd")


def test_format_local_shows_the_day_date_and_time_in_the_persons_zone():
    instant = utc(2026, 11, 30, 10, 0)
    assert format_local(instant, UTC_ZONE) == "Mon 30 Nov 10:00"
    assert format_local(instant, KOLKATA) == "Mon 30 Nov 15:30"
    assert format_local(instant, KATHMANDU) == "Mon 30 Nov 15:45"
    assert format_local(instant, ZoneInfo("America/Los_Angeles")) == "Mon 30 Nov 02:00"
    assert format_local(utc(2026, 1, 4, 23, 30), ADELAIDE) == "Mon 05 Jan 10:00"
    assert format_local(utc(2026, 3, 8, 7, 30), NEW_YORK) == "Sun 08 Mar 03:30"
