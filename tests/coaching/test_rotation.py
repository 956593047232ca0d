"""The weekly rotation through the guide's nine dimensions."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.coaching.rotation import dimension_for_week
from content import Guide, Row, Topic

ANCHOR = date(2026, 11, 30)  # a Monday: the workspace's first week


def week(n: int, anchor: date = ANCHOR) -> date:
    return anchor + timedelta(weeks=n)


def test_the_guide_has_nine_dimensions_numbered_one_to_nine(guide):
    assert [t.number for t in guide.dimensions] == list(range(1, 10))


def test_the_anchor_week_reflects_on_dimension_one(guide):
    topic = dimension_for_week(guide, ANCHOR, ANCHOR)
    assert topic.number == 1
    assert topic == guide.dimensions[0]
    assert topic.slug == "understanding"


def test_the_next_eight_weeks_follow_the_guides_order(guide):
    topics = [dimension_for_week(guide, ANCHOR, week(n)) for n in range(9)]
    assert [t.number for t in topics] == [1, 2, 3, 4, 5, 6, 7, 8, 9]
    assert tuple(topics) == guide.dimensions


def test_the_tenth_week_starts_again_at_dimension_one(guide):
    assert dimension_for_week(guide, ANCHOR, week(9)).number == 1
    assert dimension_for_week(guide, ANCHOR, week(10)).number == 2
    assert dimension_for_week(guide, ANCHOR, week(18)).number == 1
    assert dimension_for_week(guide, ANCHOR, week(9 * 52 + 4)).number == 5


@pytest.mark.parametrize("start", range(-30, 31))
def test_all_nine_come_before_any_repeats_from_any_starting_week(guide, start):
    topics = [dimension_for_week(guide, ANCHOR, week(start + n)) for n in range(9)]
    assert sorted(t.number for t in topics) == list(range(1, 10))
    assert len({t.slug for t in topics}) == 9
    # ... and then the same nine again, in the same order.
    again = [dimension_for_week(guide, ANCHOR, week(start + 9 + n)) for n in range(9)]
    assert again == topics


def test_consecutive_weeks_step_one_dimension_forward_and_wrap_after_nine(guide):
    for n in range(-40, 40):
        this = dimension_for_week(guide, ANCHOR, week(n)).number
        following = dimension_for_week(guide, ANCHOR, week(n + 1)).number
        assert following == this % 9 + 1


@pytest.mark.parametrize(
    ("weeks_before", "number"),
    [(1, 9), (2, 8), (8, 2), (9, 1), (10, 9), (18, 1), (100, 9 - (100 - 1) % 9)],
)
def test_weeks_before_the_anchor_still_map_into_the_cycle(guide, weeks_before, number):
    assert dimension_for_week(guide, ANCHOR, week(-weeks_before)).number == number


def test_the_rotation_runs_across_the_iso_53rd_week_and_new_year(guide):
    anchor = date(2026, 12, 21)  # 2026-W52
    numbers = [dimension_for_week(guide, anchor, week(n, anchor)).number for n in range(4)]
    # 2026-W52, 2026-W53, 2027-W01, 2027-W02
    assert numbers == [1, 2, 3, 4]


def test_dimensions_rotate_in_number_order_not_in_the_order_topics_are_listed():
    def topic(slug: str, number: int | None) -> Topic:
        return Topic(slug=slug, title=slug.title(), summary="", aliases=(),
                     rows=(Row("e", "l"),), number=number)

    guide = Guide("Small", (topic("c", 3), topic("intro", None), topic("a", 1), topic("b", 2)))
    slugs = [dimension_for_week(guide, ANCHOR, week(n)).slug for n in range(7)]
    assert slugs == ["a", "b", "c", "a", "b", "c", "a"]
