"""The guide's value objects: headings, dimension order, topic lookup by slug."""

from __future__ import annotations

import pytest

from content import Row, Topic


def test_dimension_heading_is_numbered_and_others_are_not(guide):
    assert guide.topic("risk").heading == "2. Risk Identification"
    assert guide.topic("mindset").heading == "Mental Models"


def test_dimensions_are_the_nine_numbered_topics_in_order(guide):
    assert [t.slug for t in guide.dimensions] == [
        "understanding", "risk", "planning", "execution", "communication",
        "reviews", "pressure", "delivery", "manager",
    ]
    assert all(t.is_dimension for t in guide.dimensions)
    assert not guide.topic("overview").is_dimension


def test_unknown_slug_raises_key_error(guide):
    with pytest.raises(KeyError):
        guide.topic("risks")  # an alias, not a slug


def test_next_topic_follows_guide_order_and_wraps(guide):
    assert guide.next_topic(guide.topic("overview")) == guide.topic("understanding")
    assert guide.next_topic(guide.topic("summary")) == guide.topic("overview")


def test_next_topic_of_a_foreign_topic_raises_key_error(guide):
    stranger = Topic("stranger", "Stranger", "Not in the guide", (), (Row("a", "b"),))
    with pytest.raises(KeyError):
        guide.next_topic(stranger)


def test_topics_are_hashable_values():
    row = Row("a", "b")
    assert Topic("x", "X", "s", (), (row,)) == Topic("x", "X", "s", (), (row,))
    assert len({Topic("x", "X", "s", (), (row,)), Topic("x", "X", "s", (), (row,))}) == 1
