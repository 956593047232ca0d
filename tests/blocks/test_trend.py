"""A team's averages across rotations in words: the weekly chart's text fallback and alt
text (the last rotation beside the one before), and `/techlead digest trend`'s table."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.blocks import trend as tr
from bot.coaching.digest import RotationPoint
from bot.coaching.trend import Rotation
from tests.blocks.conftest import (
    WEEK,
    guide_with,
    huge_topic,
    make_digest,
    make_trend,
)
from tests.fakes import blockkit


def valid(message: dict) -> dict:
    blockkit.assert_valid_message(message)
    blockkit.assert_no_pings(message)
    return message


def table(message: dict, block: int = 0) -> list[str]:
    """The lines of the code block in section `block`, as Slack shows them."""
    text = [b for b in message["blocks"] if b["type"] == "section"][block]["text"]["text"]
    return [blockkit.rendered(line) for line in text.split("```")[1].splitlines()]


def contexts(message: dict) -> list[str]:
    return [b["elements"][0]["text"] for b in message["blocks"] if b["type"] == "context"]


def test_a_rotation_is_labelled_by_its_weeks():
    assert Rotation("2026-W13", "2026-W21").label == "2026-W13…W21"
    assert Rotation("2026-W49", "2027-W05").label == "2026-W49…2027-W05"


def test_the_chart_fallback_shows_the_rotation_before_beside_the_last(guide):
    digest = make_digest(guide)
    message = valid(tr.build_chart_fallback(digest))
    text = message["blocks"][0]["text"]["text"]
    assert text.startswith("*Average self-rating over the last rotation (2026-W41…W49) and "
                           "the one before (2026-W32…W40)*\n```")
    head, *lines = table(message)
    assert head.split() == ["Dimension", "before", "last"]
    assert len(lines) == 9
    assert lines[2].startswith("3. Planning & Estimation ")
    assert lines[8].endswith("2.5    5.0 ◀ this week")
    # Both columns line up under their headings, "&amp;" read as the one character it shows.
    assert {len(line.split(" ◀")[0]) for line in [head, *lines]} == {len(head)}
    assert [line[31:].split()[:2] for line in lines] == [
        ["4.5", "1.0"], ["4.2", "1.5"], ["4.0", "2.0"], ["3.8", "–"], ["3.5", "3.0"],
        ["–", "3.5"], ["3.0", "4.0"], ["2.8", "4.5"], ["2.5", "5.0"]]
    assert message["text"] == "Average self-rating over the last rotation and the one before"


@pytest.mark.parametrize(("floor", "note"), [
    (1, "– : no shared ratings that week."),
    (3, "– : no figure; one needs 3 shared ratings in its week, so that no one's answer "
        "can be told from it. Private answers never count."),
])
def test_a_missing_figure_is_a_dash_said_why(guide, floor, note):
    message = valid(tr.build_chart_fallback(make_digest(guide, floor=floor)))
    assert contexts(message) == [note]
    full = tuple(replace(p, average=3.0, previous=2.0) for p in make_digest(guide).rotation)
    whole = valid(tr.build_chart_fallback(make_digest(guide, rotation_points=full)))
    assert contexts(whole) == [], "nothing to explain"
    assert "–" not in blockkit.shown(whole)


def test_the_chart_fallback_marks_a_clipped_title():
    topic = huge_topic()
    digest = make_digest(guide_with(topic), topic=topic,
                         rotation_points=(RotationPoint(topic, WEEK, 2.5),))
    text = valid(tr.build_chart_fallback(digest))["blocks"][0]["text"]["text"]
    assert "9. Risk &amp; &lt;Reward&gt; Risk &amp; &lt;Rew…      –    2.5 ◀ this week" in text


def test_the_chart_files_alt_text_reads_out_both_series(guide):
    chart = tr.chart_file(make_digest(guide))
    assert chart["filename"] == f"team-rotation-{WEEK}.png"
    assert chart["title"] == f"Team average self-rating, last rotation to {WEEK}"
    assert set(chart) == {"filename", "title", "alt_txt"}
    alt = chart["alt_txt"]
    assert alt.startswith("Bar chart of the team's average self-rating per dimension over the "
                          "last rotation, 2026-W41…W49, each beside the rotation before, "
                          "2026-W32…W40: 1. Understanding the Task 1.0 (before 4.5); ")
    assert "4. Execution – (before 3.8); " in alt and "6. Code Reviews 3.5 (before –)" in alt
    assert alt.endswith("(before 2.5). – : no shared ratings that week.")
    huge = tr.chart_file(make_digest(guide_with(huge_topic()), topic=huge_topic(),
                                     rotation_points=(RotationPoint(huge_topic(), WEEK,
                                                                    2.5),) * 9))
    assert len(huge["alt_txt"]) < 1000


def test_the_trend_table_has_a_column_per_rotation(guide):
    message = valid(tr.build_team_trend(make_trend(guide), chart_attached=True))
    assert message["blocks"][0]["text"]["text"] == f"Team trend · {WEEK}"
    heading = message["blocks"][1]["text"]["text"].split("\n")[0]
    assert heading == ("*Your team's average self-rating per dimension, 3 rotations from "
                       "2026-W23 to 2026-W49* (nine weeks each; a figure averages the ratings "
                       "shared on the dimension's week)")
    head, *lines = table(message)
    assert head.split() == ["Dimension", "2026-W23…W31", "2026-W32…W40", "2026-W41…W49"]
    assert [line.split("  ")[0] for line in lines] == [t.heading for t in guide.dimensions]
    assert {len(line) for line in [head, *lines]} == {len(head)}, "columns line up"
    assert lines[3].split()[-3:] == ["3.0", "–", "4.0"]
    assert lines[8].split()[-3:] == ["–", "–", "–"]
    assert lines[0].split()[-3:] == ["2.3", "2.0", "3.3"]  # (2, 1, 3), (2, 0+1, 3)...
    assert contexts(message) == [tr.no_figure_note(3), "The chart of these figures is in "
                                                       "our DM."]
    assert message["text"] == (f"Team trend to {WEEK}: average self-rating per dimension "
                               "over 3 rotations")


@pytest.mark.parametrize(("attached", "note"), [
    (False, "I couldn't send the chart just now; the table has the same figures."),
    (None, "No chart yet: no rotation has enough shared ratings for a figure."),
])
def test_the_trend_says_what_became_of_its_chart(guide, attached, note):
    message = valid(tr.build_team_trend(make_trend(guide, empty=attached is None),
                                        chart_attached=attached))
    assert contexts(message)[-1] == note


def test_a_trend_at_the_guides_limits_stays_valid():
    topic = huge_topic()
    trend = make_trend(guide_with(*(replace(topic, number=n, slug=f"t{n}")
                                    for n in range(1, 10))))
    message = valid(tr.build_team_trend(trend, chart_attached=True))
    assert all(len(line) == len(table(message)[0]) for line in table(message))
    assert len(tr.trend_chart_file(trend)["alt_txt"]) < 1000


def test_the_trend_charts_alt_text_reads_out_every_figure(guide):
    chart = tr.trend_chart_file(make_trend(guide))
    assert chart["filename"] == f"team-trend-{WEEK}.png"
    assert chart["title"] == "Team average self-rating per rotation, 2026-W23 to 2026-W49"
    alt = chart["alt_txt"]
    assert alt.startswith("Bar chart of the team's average self-rating per dimension, one bar "
                          "per rotation, oldest first (2026-W23…W31, 2026-W32…W40, "
                          "2026-W41…W49): 1. Understanding the Task 2.3, 2.0, 3.3; ")
    assert "4. Execution 3.0, –, 4.0; " in alt and "9. Relationship with Manager –, –, –." in alt
    assert alt.endswith(tr.no_figure_note(3)) and len(alt) < 1000
