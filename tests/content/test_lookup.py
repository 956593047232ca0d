"""Resolving what a person typed into a topic, or into the closest suggestions."""

from __future__ import annotations

import time

import pytest

from content import Resolution, normalize, resolve


def test_every_slug_alias_and_number_resolves_to_its_topic(guide):
    wrong = []
    for topic in guide.topics:
        keys = [topic.slug, *topic.aliases] + ([str(topic.number)] if topic.number else [])
        wrong += [(key, topic.slug) for key in keys if resolve(guide, key).topic != topic]
    assert wrong == []


@pytest.mark.parametrize(
    ("typed", "slug"),
    [
        ("Risk!", "risk"),
        ("  RISKS  ", "risk"),
        ("code review", "reviews"),
        ("Code_Reviews", "reviews"),
        ("#3", "planning"),
        ("rísk", "risk"),
        ("Délivery & Clôsure", "delivery"),
        ("ＲＩＳＫ", "risk"),  # full-width letters, as some input methods type them
        ("Planning & Estimation", "planning"),
        ("Mental Models", "mindset"),
        ("TL;DR", "summary"),
        ("9.", "manager"),
        ("\tPR\n", "reviews"),
    ],
)
def test_messy_input_resolves(guide, typed, slug):
    resolution = resolve(guide, typed)
    assert resolution.topic == guide.topic(slug)
    assert resolution.suggestions == ()


def test_resolution_carries_the_normalized_query(guide):
    expected = Resolution("code-review", guide.topic("reviews"), ())
    assert resolve(guide, "  Code REVIEW! ") == expected


def test_typo_suggests_the_closest_topic_first(guide):
    resolution = resolve(guide, "riks")
    assert resolution.topic is None
    assert resolution.suggestions[0] == guide.topic("risk")


@pytest.mark.parametrize(
    ("typed", "slug"), [("comm", "communication"), ("estim", "planning"), ("mana", "manager")]
)
def test_prefix_suggests_the_topic_it_starts(guide, typed, slug):
    resolution = resolve(guide, typed)
    assert resolution.topic is None
    assert resolution.suggestions[0] == guide.topic(slug)


def test_suggestions_are_distinct_and_at_most_three(guide):
    suggestions = resolve(guide, "co").suggestions
    assert 1 <= len(suggestions) <= 3
    assert len({t.slug for t in suggestions}) == len(suggestions)


def test_unrelated_word_gets_no_topic_and_few_suggestions(guide):
    resolution = resolve(guide, "xyzzy")
    assert resolution.topic is None
    assert len(resolution.suggestions) <= 3


@pytest.mark.parametrize("typed", ["", "   ", "!!!", "—"])
def test_input_without_letters_gets_nothing(guide, typed):
    assert resolve(guide, typed) == Resolution("", None, ())


@pytest.mark.parametrize("typed", ["a" * 4000, "risk " * 800, "é!" * 2000])
def test_four_thousand_characters_resolve_quickly_to_no_topic(guide, typed):
    resolve(guide, "warm the index")
    started = time.perf_counter()
    resolution = resolve(guide, typed)
    elapsed = time.perf_counter() - started
    assert resolution.topic is None
    # Generous bound: the real cost is about a millisecond; this only catches quadratic blowups.
    assert elapsed < 0.25


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  Code Révíew! ", "code-review"),
        ("Quality -- Under   Pressure", "quality-under-pressure"),
        ("snake_case", "snake-case"),
        ("Straße", "strasse"),
        ("", ""),
    ],
)
def test_normalize_folds_case_accents_and_punctuation(text, expected):
    assert normalize(text) == expected


def test_normalize_is_idempotent_on_every_key(guide):
    keys = [key for topic in guide.topics for key in (topic.slug, *topic.aliases)]
    assert [normalize(key) for key in keys] == keys
