"""A word far from every topic gets no confident guess; a typo or a topic's word inside a
longer text still does."""

from __future__ import annotations

import pytest

from content import default_guide, resolve

GUIDE = default_guide()


@pytest.mark.parametrize("typed", ["frobnicate", "nonsense", "show nonsense", "xyz"])
def test_a_word_far_from_every_topic_gets_no_suggestion(typed):
    resolution = resolve(GUIDE, typed)
    assert resolution.topic is None and resolution.suggestions == ()


@pytest.mark.parametrize("typed, suggested", [
    ("reveiw", "reviews"), ("mangaer", "manager"), ("comm", "communication"),
    ("boss man", "manager"), ("my code review please", "reviews"), ("plannin", "planning"),
])
def test_typos_and_topic_words_are_still_suggested(typed, suggested):
    assert resolve(GUIDE, typed).suggestions[0].slug == suggested
