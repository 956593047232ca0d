"""`/techlead progress`'s message, its empty state, the chart upload's text, and App Home's
"Your progress" section."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot import ids
from bot.blocks import progress as pg
from bot.blocks.home import build_home
from bot.grow.progress import MAX_ROTATIONS, Trend
from bot.values import ReflectTarget
from tests.blocks.conftest import WEEK, guide_with, huge_topic, week_view
from tests.blocks.conftest import make_progress as make
from tests.fakes import blockkit


def valid(message: dict) -> dict:
    blockkit.assert_valid_message(message)
    blockkit.assert_no_pings(message)
    assert "*" not in message["text"] and "`" not in message["text"], "plain words"
    return message


def test_the_progress_message(guide):
    dims = guide.dimensions
    tied = ((dims[0], 3), (dims[2], 4), (dims[4], 1), (dims[7], 4))
    message = valid(pg.build_progress(make(guide, last_rotation=tied), chart_attached=True))
    shown = blockkit.shown(message)
    assert message["blocks"][0]["text"]["text"] == "Your progress"
    assert ("Over the last nine weeks your strongest: *3. Planning &amp; Estimation* and "
            "*8. Delivery &amp; Closure* (4/5) · weakest: *5. Communication* (1/5)") in shown
    assert "Reflected *4 weeks* in a row · answered *7* of *9* nudges" in shown
    assert "*1. Understanding the Task*  2 → 3 → 2" in shown
    assert "*4. Execution*  _not rated yet_" in shown
    assert "since 2026-W13" in shown
    assert "The chart of these figures is in our DM." in shown
    assert "Private answers count too" in shown
    assert message["text"] == (
        "Your progress: 25 reflections, 4 weeks in a row, answered 7 of 9 nudges")


def test_without_the_chart_the_table_says_it_has_the_same_figures(guide):
    attached = pg.build_progress(make(guide), chart_attached=True)
    alone = valid(pg.build_progress(make(guide), chart_attached=False))
    shown = blockkit.shown(alone)
    assert "I couldn't attach the chart just now; the table above has the same figures." in shown
    assert "in our DM" not in shown
    assert alone["blocks"][3] == attached["blocks"][3], "the same table either way"


def test_the_chart_upload_carries_alt_text_and_the_same_table(guide):
    progress = make(guide)
    upload = pg.progress_chart_file(progress)
    assert set(upload) == {"filename", "title", "alt_txt", "initial_comment"}
    assert upload["filename"] == f"techlead-progress-{WEEK}.png"
    assert upload["title"] == f"Your self-rating per rotation, 2026-W13 to {WEEK}"
    assert "one per dimension" in upload["alt_txt"] and len(upload["alt_txt"]) < 1000
    table = pg.build_progress(progress, chart_attached=True)["blocks"][3]["text"]["text"]
    assert upload["initial_comment"] == table


@pytest.mark.parametrize(("streak", "this_week", "nudged", "expected"), [
    (0, False, 0, "No reflection this week or last: your next one starts a new streak · "
                  "no weekly nudge sent yet (`/techlead subscribe`)"),
    (1, True, 7, "Reflected *1 week* in a row · answered *7* of *7* nudges"),
    (3, False, 9, "Reflected *3 weeks* in a row; this week's keeps it going · answered *7* "
                  "of *9* nudges"),
])
def test_the_streak_and_nudges_line(guide, streak, this_week, nudged, expected):
    progress = make(guide, streak=streak, reflected_this_week=this_week, nudged=nudged)
    assert pg.streak_line(progress) == expected
    valid(pg.build_progress(progress, chart_attached=True))


def test_the_extremes_when_nothing_or_one_rating_stands_out(guide):
    dims = guide.dimensions
    nothing = make(guide, last_rotation=())
    assert pg.extremes_line(nothing) == ("Nothing rated in the last nine weeks: "
                                         "`/techlead reflect` picks it up again.")
    valid(pg.build_progress(nothing, chart_attached=False))
    alike = make(guide, last_rotation=((dims[0], 3), (dims[1], 3)))
    assert pg.extremes_line(alike) == ("Over the last nine weeks you rated *1. Understanding "
                                       "the Task* and *2. Risk Identification* 3/5.")
    one = make(guide, last_rotation=((dims[8], 5),))
    assert pg.extremes_line(one) == ("Over the last nine weeks you rated "
                                     "*9. Relationship with Manager* 5/5.")


def test_the_fallback_counts_in_words(guide):
    message = valid(pg.build_progress(make(guide, reflections=1, streak=1, nudged=0),
                                      chart_attached=True))
    assert message["text"] == "Your progress: 1 reflection, 1 week in a row"


def test_earlier_rotations_point_to_history(guide):
    shown = blockkit.shown(valid(pg.build_progress(make(guide, earlier=3),
                                                   chart_attached=True)))
    assert "Earlier rotations (3) are in `/techlead history`." in shown


def test_titles_at_the_guides_limits_and_the_longest_trends_fit(guide):
    """Nine 150-character titles full of characters to escape, each with the most rotations
    shown, every one tied strongest: still one valid message."""
    topics = [replace(huge_topic(number=n), slug=f"huge{n}") for n in range(1, 10)]
    longest = tuple((n, 5) for n in range(MAX_ROTATIONS))
    progress = make(guide_with(*topics), trends=tuple(Trend(t, longest) for t in topics),
                    last_rotation=tuple((t, 5) for t in topics))
    message = valid(pg.build_progress(progress, chart_attached=False))
    table = message["blocks"][3]["text"]["text"]
    assert table.count(" → ".join(["5"] * MAX_ROTATIONS)) == 9
    assert "&lt;Reward&gt;" in table and "…" in table
    assert len(pg.progress_chart_file(progress)["initial_comment"]) < 4000


def test_someone_with_no_reflections_is_shown_how_to_start(guide, topic):
    message = valid(pg.build_no_progress(week_view(topic)))
    shown = blockkit.shown(message)
    assert "Your progress starts with your first reflection" in shown
    assert "*3. Planning &amp; Estimation*" in shown and "`/techlead subscribe`" in shown
    assert "`/techlead reflect &lt;topic&gt;`" in shown
    button = blockkit.button(message, ids.OPEN_REFLECTION)
    assert blockkit.block(message, ids.PROGRESS_ACTIONS)["elements"] == [button]
    assert ReflectTarget.decode(button["value"]) == ReflectTarget(WEEK, "planning")


def test_home_has_a_short_progress_section(guide, make_view):
    view = build_home(guide, make_view(), [], progress=make(guide))
    blockkit.assert_valid_view(view)
    shown = blockkit.shown(view)
    assert "*Your progress*\nOver the last nine weeks your strongest:" in shown
    assert "Reflected *4 weeks* in a row" in shown
    assert "`/techlead progress` shows every dimension over time, with a chart." in shown
    assert "2 → 3" not in shown, "the table stays in /techlead progress"
    assert "Your progress" not in blockkit.shown(build_home(guide, make_view(), []))
