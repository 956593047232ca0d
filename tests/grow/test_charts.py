"""The charts (bot/charts.py, drawn by matplotlib's Agg backend) for /techlead progress and
the manager's digest: valid PNGs of a sensible size, every dimension's title in full."""

from __future__ import annotations

import struct
from dataclasses import replace
from datetime import date, timedelta

import pytest

from bot import charts
from bot.coaching.calendar import week_key
from bot.coaching.digest import RotationPoint
from bot.grow.chart import progress_figure, render_progress_chart
from bot.grow.progress import figures
from bot.review.chart import (
    render_rotation_chart,
    render_trend_chart,
    rotation_figure,
    trend_figure,
)
from content import Guide
from tests.blocks.conftest import huge_topic, make_digest, make_trend

ANCHOR = date(2024, 12, 2)


def size(png: bytes) -> tuple[int, int]:
    """Width and height from a PNG's header, after checking it is one."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    assert png[12:16] == b"IHDR" and png.endswith(b"IEND\xaeB`\x82")
    return struct.unpack(">II", png[16:24])


def progress(guide: Guide, weeks: int = 105):
    rows = [(week_key(ANCHOR + timedelta(weeks=n)), guide.dimensions[n % 9].slug, n % 5 + 1)
            for n in range(weeks)]
    return figures(guide, ANCHOR, ANCHOR + timedelta(weeks=weeks - 1), rows, user_id="U1",
                   answered=0, nudged=0)


def text(label) -> str:
    """A label as a person reads it: its wrapped lines joined again."""
    return label.get_text().replace("\n", " ")


def test_the_progress_chart_titles_each_dimension_in_full(guide):
    figure = progress_figure(progress(guide))
    titles = [ax.get_title(loc="left").replace("\n", " ") for ax in figure.axes]
    assert titles == [t.heading for t in guide.dimensions]
    assert "Quality Under Pressure" in titles[6] and "Relationship with Manager" in titles[8]
    lines = figure.axes[0].get_lines()
    assert list(lines[0].get_ydata()) == list(progress(guide).trends[0].values)
    ticks = [t.get_text() for t in figure.axes[6].get_xticklabels()]
    assert len(ticks) == 12 and ticks[-1] == progress(guide).rotations[-1]
    assert 0 < sum(bool(t) for t in ticks) <= charts.MAX_X_LABELS  # thinned, not crowded


def test_the_progress_chart_is_a_png_of_a_sensible_size(guide):
    png = render_progress_chart(progress(guide))
    width, height = size(png)
    assert (width, height) == (1200, 890)
    assert 20_000 < len(png) < 400_000


def test_a_newcomers_progress_chart_has_one_rotation(guide):
    figure = progress_figure(progress(guide, weeks=1))
    bottom_left = figure.axes[6]  # the panels share the x axis, labelled on the bottom row
    assert [t.get_text() for t in bottom_left.get_xticklabels()] == [week_key(ANCHOR)]
    size(render_progress_chart(progress(guide, weeks=1)))


def test_the_digest_chart_labels_each_dimension_in_full(guide):
    digest = make_digest(guide)
    figure = rotation_figure(digest)
    (ax,) = figure.axes
    assert [text(t) for t in ax.get_yticklabels()] == [t.heading for t in guide.dimensions]
    notes = [t.get_text() for t in ax.texts]
    assert notes[3] == "n/a · W44" and notes[8] == "5.0 · W49 · this week"
    assert ax.patches[8].get_facecolor() != ax.patches[0].get_facecolor()  # this week's


def test_the_digest_chart_is_a_png_of_a_sensible_size(guide):
    png = render_rotation_chart(make_digest(guide))
    width, height = size(png)
    assert 800 <= width <= 1400 and 400 <= height <= 900
    assert 10_000 < len(png) < 300_000


def test_a_title_at_the_guides_limit_is_wrapped_and_marked_where_cut(guide):
    topic = huge_topic()
    digest = make_digest(guide, rotation_points=(RotationPoint(topic, "2026-W49", 2.5),))
    (label,) = rotation_figure(digest).axes[0].get_yticklabels()
    lines = label.get_text().split("\n")
    assert len(lines) == charts.MAX_LINES and lines[-1].endswith("…")
    assert all(len(line) <= charts.WRAP for line in lines)
    size(render_rotation_chart(digest))


@pytest.mark.parametrize("title", [r"Save $\nosuchcommand$ & $x^2$", r"Back\slash {braces}"])
def test_a_title_is_drawn_as_written_never_as_math(guide, title):
    topic = replace(guide.dimensions[0], title=title)
    digest = make_digest(guide, rotation_points=(RotationPoint(topic, "2026-W49", 3.0),))
    figure = rotation_figure(digest)
    assert text(figure.axes[0].get_yticklabels()[0]) == f"1. {title}"
    size(charts.png(figure))


def test_labels_wrap_at_word_boundaries():
    assert charts.label("9. Relationship with Manager") == "9. Relationship with Manager"
    assert charts.label("one two three four", width=9) == "one two\nthree\nfour"
    assert charts.label("a b c d e f", width=3, lines=2) == "a b\nc …"


def test_the_digest_chart_draws_the_rotation_before_muted_with_a_legend(guide):
    figure = rotation_figure(make_digest(guide))
    (ax,) = figure.axes
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "rotation before (2026-W32…W40)", "last rotation (2026-W41…W49)"]
    last, before = ax.patches[:9], ax.patches[9:]
    assert [round(bar.get_width(), 2) for bar in before] == [
        4.5, 4.25, 4.0, 3.75, 3.5, 0, 3.0, 2.75, 2.5]
    assert {bar.get_facecolor() for bar in before}.isdisjoint(
        {bar.get_facecolor() for bar in last}), "the rotation before in its own colour"
    assert all(a.get_y() < b.get_y() for a, b in zip(before, last, strict=True)), "above"
    assert [t.get_text() for t in ax.texts[9:]][5] == "n/a"
    width, height = size(render_rotation_chart(make_digest(guide)))
    assert 800 <= width <= 1400 and 400 <= height <= 900


def test_the_trend_chart_has_a_bar_per_rotation_oldest_on_top(guide):
    trend = make_trend(guide)
    (ax,) = trend_figure(trend).axes
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        r.label for r in trend.rotations]
    assert [text(t) for t in ax.get_yticklabels()] == [t.heading for t in guide.dimensions]
    assert len(ax.patches) == 27
    rows = [ax.patches[k::9] for k in range(9)]  # each row's last, oldest, middle
    assert all(last.get_y() > middle.get_y() > oldest.get_y()
               for last, oldest, middle in rows)
    assert [round(ax.patches[k].get_width(), 2) for k in (12, 21, 3)] == [3.0, 0, 4.0]
    width, height = size(render_trend_chart(trend))
    assert 800 <= width <= 1400 and 400 <= height <= 1200
