"""Terminal rendering: the whole comparison, fitted to the width, in plain text."""

from __future__ import annotations

import re

import pytest

from content import Topic, default_guide
from content.terminal import plain, render_help, render_topic

GUIDE = default_guide()
TOPICS = [pytest.param(topic, id=topic.slug) for topic in GUIDE.topics]


def cell_words(topic: Topic) -> list[str]:
    """Every word of every cell and key-difference line, emphasis removed."""
    texts = [text for row in topic.rows for text in (row.label or "", row.engineer, row.lead)]
    return [word for text in [*texts, *topic.key_difference] for word in plain(text).split()]


@pytest.mark.parametrize("width", [100, 72])
@pytest.mark.parametrize("topic", TOPICS)
def test_rendering_contains_every_word_of_every_cell(topic, width):
    rendered = set(re.split(r"[\s|]+", render_topic(topic, width)))
    assert [word for word in cell_words(topic) if word not in rendered] == []


@pytest.mark.parametrize("width", [100, 72, 40, 30])
@pytest.mark.parametrize("topic", TOPICS)
def test_every_line_fits_the_width(topic, width):
    too_long = [line for line in render_topic(topic, width).splitlines() if len(line) > width]
    assert too_long == []


@pytest.mark.parametrize("topic", TOPICS)
def test_no_mrkdwn_markers_are_left(topic):
    rendered = render_topic(topic)
    assert "*" not in rendered and "_" not in rendered


@pytest.mark.parametrize("topic", TOPICS)
def test_heading_comes_first_then_both_role_columns(topic):
    lines = render_topic(topic).splitlines()
    assert lines[0] == topic.heading
    assert re.fullmatch(r"(\s*\| )?Software Engineer\s+\| Tech Lead", lines[2])


def test_overview_shows_each_dimension_label_in_its_own_column(guide):
    lines = render_topic(guide.topic("overview")).splitlines()
    assert any(line.startswith("Primary focus") and line.count(" | ") == 2 for line in lines)


def test_key_difference_is_quoted_under_the_table(guide):
    lines = render_topic(guide.topic("risk")).splitlines()
    expected = ["Key difference:", "> Engineer reports risks.", "> Tech Lead removes them."]
    assert lines[-3:] == expected


def test_emphasis_is_rendered_as_plain_words(guide):
    assert "Focuses on correctness and operability" in render_topic(guide.topic("execution"))
    assert "Asks “what exactly do I need to build?”" in render_topic(guide.topic("understanding"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [("*and*", "and"), ("_“quoted”_", "“quoted”"), ("snake_case_name", "snake_case_name"),
     ("2 * 3 * 4", "2 * 3 * 4")],
)
def test_plain_strips_only_emphasis_markers(text, expected):
    assert plain(text) == expected


def test_help_lists_every_topic_with_summary_and_some_aliases(guide):
    lines = render_help(guide).splitlines()
    for topic in guide.topics:
        entry = next(i for i, line in enumerate(lines) if line.split()[:1] == [topic.slug])
        assert topic.summary in lines[entry]
        assert topic.aliases[0] in lines[entry + 1]
