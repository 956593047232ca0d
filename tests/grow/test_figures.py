"""The progress figures computed from a person's (week, dimension, rating) rows: one value
per rotation, the rotations shown, strongest and weakest, the streak, and the week as the
person's own time zone has it."""

from __future__ import annotations

from datetime import date, timedelta

from bot.coaching.calendar import week_key
from bot.grow.progress import MAX_ROTATIONS, figures, progress_of, streak
from storage.models import SHARED
from storage.people import ensure_person, ensure_workspace
from storage.reflections import save_reflection
from tests.fakes.times import utc

ANCHOR = date(2024, 1, 1)  # a Monday


def week(n: int) -> str:
    return week_key(ANCHOR + timedelta(weeks=n))


def of(guide, rows, this_week: int, **kwargs):
    return figures(guide, ANCHOR, ANCHOR + timedelta(weeks=this_week), rows, user_id="U1",
                   answered=kwargs.pop("answered", 0), nudged=kwargs.pop("nudged", 0))


def trend(progress, slug: str) -> tuple[int, ...]:
    (found,) = [t for t in progress.trends if t.topic.slug == slug]
    return found.values


def test_each_rotation_shows_its_latest_answer_oldest_first(guide):
    rows = [(week(9), "risk", 4), (week(0), "risk", 2), (week(1), "risk", 3),
            (week(30), "risk", 5)]
    progress = of(guide, rows, this_week=30)
    assert trend(progress, "risk") == (3, 4, 5)  # rotation 0's latest is week 1's 3
    assert [position for position, _ in progress.trends[1].ratings] == [0, 1, 3]
    assert progress.rotations == (week(0), week(9), week(18), week(27))
    assert [t.topic.number for t in progress.trends] == list(range(1, 10))


def test_only_the_last_rotations_are_shown_and_earlier_ones_counted(guide):
    rows = [(week(n * 9), "understanding", n % 5 + 1) for n in range(20)]
    progress = of(guide, rows, this_week=19 * 9)
    assert len(progress.rotations) == MAX_ROTATIONS
    assert progress.rotations[-1] == week(19 * 9)
    assert trend(progress, "understanding") == tuple(n % 5 + 1 for n in range(8, 20))
    assert progress.earlier == 8
    assert progress.reflections == 20


def test_strongest_and_weakest_list_ties_together(guide):
    rows = [(week(n), guide.dimensions[n % 9].slug, rating)
            for n, rating in zip(range(10, 19), (4, 2, 4, 3, 3, 3, 2, 3, 3), strict=True)]
    strongest, weakest = of(guide, rows, this_week=18).extremes()
    assert ([t.slug for t in strongest.topics], strongest.rating) == (
        ["risk", "execution"], 4)
    assert ([t.slug for t in weakest.topics], weakest.rating) == (["planning", "delivery"], 2)


def test_only_the_last_nine_weeks_make_the_extremes(guide):
    rows = [(week(0), "understanding", 5), (week(9), "understanding", 1),
            (week(10), "risk", 3)]
    assert of(guide, rows, this_week=9).extremes()[0].topics[0].slug == "understanding"
    progress = of(guide, rows, this_week=19)  # weeks 11 to 19: nothing rated
    assert progress.last_rotation == () and progress.extremes() is None


def test_a_dimension_no_longer_in_the_guide_is_left_out(guide):
    progress = of(guide, [(week(0), "retired", 5), ("not a week", "risk", 2)], this_week=0)
    assert progress.reflections == 0 and all(not t.values for t in progress.trends)


def test_the_streak_runs_to_this_week_or_last(guide):
    mondays = {ANCHOR + timedelta(weeks=n) for n in (1, 2, 3, 5, 6)}
    assert streak(mondays, ANCHOR + timedelta(weeks=6)) == 2
    assert streak(mondays, ANCHOR + timedelta(weeks=7)) == 2  # this week still open
    assert streak(mondays, ANCHOR + timedelta(weeks=4)) == 3
    assert streak(mondays, ANCHOR + timedelta(weeks=8)) == 0
    rows = [(week(n), "risk", 3) for n in (1, 2, 3)]
    assert (of(guide, rows, this_week=3).streak, of(guide, rows, this_week=3)
            .reflected_this_week) == (3, True)
    assert of(guide, rows, this_week=4).reflected_this_week is False


def test_this_week_is_the_persons_own(deps, guide):
    """Sunday evening in UTC is already Monday in Auckland: their new week is open."""
    monday = date(2026, 11, 30)
    with deps.sessions.begin() as session:
        ensure_workspace(session, "T111", anchor=monday - timedelta(weeks=9))
        ensure_person(session, "T111", "U201").timezone = "Pacific/Auckland"
        save_reflection(session, team_id="T111", user_id="U201", week=week_key(monday
                        - timedelta(weeks=1)), dimension="risk", rating=3, text="x",
                        sharing=SHARED, now=utc(2026, 11, 29, 20, 0))
        progress = progress_of(session, guide, "T111", "U201", utc(2026, 11, 29, 20, 0))
        assert progress.week == "2026-W49"
        assert (progress.streak, progress.reflected_this_week) == (1, False)
        assert progress_of(session, guide, "T111", "U999", utc(2026, 11, 29, 20, 0)) is None
        assert progress_of(session, guide, "T999", "U201", utc(2026, 11, 29, 20, 0)) is None
        save_reflection(session, team_id="T111", user_id="U300", week="2026-W48",
                        dimension="retired", rating=3, text="x", sharing=SHARED,
                        now=utc(2026, 11, 29, 20, 0))  # on a dimension no longer in the guide
        assert progress_of(session, guide, "T111", "U300", utc(2026, 11, 29, 20, 0)) is None
