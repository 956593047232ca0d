"""The 1:1 prep's rules: which answers are the last rotation's, each dimension's trend, and
which three questions to suggest (lowest rated, most recent, this week's)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from bot.coaching.calendar import week_key
from bot.coaching.prep import LOWEST, RECENT, THIS_WEEK, TREND_POINTS, prep
from storage.models import RATING_ONLY, SHARED
from storage.reflections import SharedAnswer

ANCHOR = date(2026, 11, 30)  # 2026-W49, understanding; W50 risk; W51 planning; ...
_ids = iter(range(1, 100_000))


def answer(week: int, dimension: str, rating: int, text: str | None = "words") -> SharedAnswer:
    """A shared answer `week` weeks after ANCHOR."""
    return SharedAnswer(next(_ids), "U2", week_key(ANCHOR + timedelta(weeks=week)), dimension,
                        rating, text, SHARED if text is not None else RATING_ONLY)


def made(guide, answers, week: int = 20, **kwargs):
    return prep(guide, ANCHOR, ANCHOR + timedelta(weeks=week), answers, manager_id="U1",
                member_id="U2", **kwargs)


def asked(result) -> list[tuple[str, str]]:
    return [(q.topic.slug, q.why) for q in result.questions]


def test_two_questions_on_the_lowest_rated_and_one_on_the_most_recent(guide):
    result = made(guide, [answer(10, "risk", 2), answer(11, "planning", 4),
                          answer(12, "execution", 3)])
    assert asked(result) == [("risk", LOWEST), ("risk", LOWEST), ("execution", RECENT)]
    risk = guide.topic("risk").manager_questions
    assert [(q.ask, q.listen_for) for q in result.questions[:2]] == [
        (risk[0].ask, risk[0].listen_for), (risk[1].ask, risk[1].listen_for)]
    assert result.questions[0].because.week == week_key(ANCHOR + timedelta(weeks=10))


def test_the_lowest_is_each_dimensions_latest_rating_not_its_history(guide):
    result = made(guide, [answer(1, "risk", 1), answer(10, "risk", 5),
                          answer(11, "planning", 3), answer(12, "execution", 4)])
    assert asked(result)[0] == ("planning", LOWEST)


def test_a_tie_for_lowest_goes_to_the_dimension_rated_longest_ago(guide):
    result = made(guide, [answer(10, "planning", 2), answer(11, "risk", 2),
                          answer(12, "execution", 4)])
    assert asked(result)[:2] == [("planning", LOWEST)] * 2


def test_lowest_and_most_recent_on_one_dimension_give_three_questions_on_it(guide):
    result = made(guide, [answer(10, "planning", 4), answer(12, "risk", 1)])
    assert asked(result) == [("risk", LOWEST)] * 3
    assert len({q.ask for q in result.questions}) == 3, "never the same question twice"


def test_a_dimension_with_two_questions_is_filled_from_this_weeks(guide):
    risk = guide.topic("risk")
    short = replace(guide, topics=tuple(
        replace(t, manager_questions=t.manager_questions[:2]) if t.slug == "risk" else t
        for t in guide.topics))
    result = made(short, [answer(12, "risk", 1)], week=18)  # week 18: understanding
    assert asked(result) == [("risk", LOWEST), ("risk", LOWEST),
                             ("understanding", THIS_WEEK)]
    assert [q.ask for q in result.questions[:2]] == [q.ask for q in risk.manager_questions[:2]]


def test_nothing_shared_gives_this_weeks_questions_only(guide):
    result = made(guide, [], week=19)  # 19 % 9 == 1: risk
    assert result.shared == 0 and result.answers == ()
    assert asked(result) == [("risk", THIS_WEEK)] * 3
    assert result.this_week.slug == "risk"


def test_the_last_rotation_is_the_nine_weeks_to_this_one_newest_first(guide):
    answers = [answer(w, "risk", 3) for w in range(0, 21)]
    result = made(guide, answers, week=20)
    assert [a.week for a in result.answers] == [
        week_key(ANCHOR + timedelta(weeks=w)) for w in range(20, 11, -1)]
    assert result.since == week_key(ANCHOR + timedelta(weeks=12))
    assert result.week == week_key(ANCHOR + timedelta(weeks=20))
    assert result.shared == 21


def test_a_trend_is_a_dimensions_latest_shared_ratings_oldest_first(guide):
    ratings = [1, 2, 3, 4, 5, 4, 3, 2]
    result = made(guide, [answer(k * 9, "risk", r) for k, r in enumerate(ratings)], week=80)
    trends = {t.topic.slug: t for t in result.trends}
    assert [t.topic.slug for t in result.trends] == [t.slug for t in guide.dimensions]
    assert trends["risk"].ratings == tuple(ratings[-TREND_POINTS:])
    assert trends["risk"].total == len(ratings)
    assert trends["planning"].ratings == () and trends["planning"].total == 0


@pytest.mark.parametrize("dimension", ["overview", "gone"])
def test_an_answer_on_no_dimension_of_the_guide_is_left_out(guide, dimension):
    result = made(guide, [answer(12, dimension, 1), answer(13, "risk", 4)])
    assert [a.topic.slug for a in result.answers] == ["risk"]
    assert result.shared == 1


def test_a_rating_only_answer_keeps_no_text(guide):
    result = made(guide, [answer(15, "risk", 2, None)])
    assert result.answers[0].text is None and result.answers[0].rating == 2
