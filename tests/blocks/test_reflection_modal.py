"""The reflection modal and the notes around opening it."""

from __future__ import annotations

import pytest

from bot import ids
from bot.blocks.mrkdwn import escape
from bot.blocks.nudge import RATING_LABELS
from bot.blocks.reflection_modal import (
    FORM_EXPIRED,
    FORM_NOT_YOURS,
    PICK_A_LEVEL,
    PICK_A_RATING,
    PLACEHOLDER,
    SAVE_FAILED,
    TEXT_MAX,
    WRITE_SOMETHING,
    build_not_a_dimension,
    build_open_failed,
    build_open_too_slow,
    build_reflection_modal,
    build_week_ended,
    text_too_long,
)
from bot.blocks.sharing import LEVELS
from bot.values import FormMetadata
from storage.models import DEFAULT_SHARING, KEEP_PRIVATE, RATING_ONLY, SHARING_LEVELS
from tests.blocks.conftest import LONG, TRICKY, TRICKY_AS_SENT, WEEK, huge_topic
from tests.fakes import blockkit

META = FormMetadata("T111", "U111", WEEK, "planning", "D123", "1700000000.000100").encode()


def inputs(view: dict) -> dict[str, dict]:
    """Each input block's element, by block_id."""
    return {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}


def test_a_fresh_modal(topic):
    view = build_reflection_modal(topic, WEEK, META)
    blockkit.assert_valid_view(view)
    assert (view["type"], view["callback_id"]) == ("modal", ids.REFLECTION_VIEW)
    assert FormMetadata.decode(view["private_metadata"]) == FormMetadata.decode(META)
    assert view["submit"]["text"] == "Save"
    rating, text, sharing = (inputs(view)[k] for k in (ids.RATING_BLOCK, ids.TEXT_BLOCK,
                                                       ids.SHARING_BLOCK))
    assert rating["action_id"] == ids.RATING_ACTION and "initial_option" not in rating
    assert [(o["value"], o["text"]["text"]) for o in rating["options"]] == [
        (str(n), f"{n} · {label}") for n, label in RATING_LABELS.items()]
    assert text["action_id"] == ids.TEXT_ACTION and "initial_value" not in text
    assert text["max_length"] == TEXT_MAX and text["multiline"] is True
    assert text["placeholder"]["text"] == PLACEHOLDER
    assert sharing["type"] == "radio_buttons" and sharing["action_id"] == ids.SHARING_ACTION
    assert [(o["value"], o["text"]["text"], o["description"]["text"])
            for o in sharing["options"]] == [(lv.value, lv.name, lv.shows)
                                             for lv in LEVELS.values()]
    assert [o["value"] for o in sharing["options"]] == list(SHARING_LEVELS)
    assert sharing["initial_option"]["value"] == DEFAULT_SHARING
    (required,) = [b for b in view["blocks"] if b.get("block_id") == ids.SHARING_BLOCK]
    assert "optional" not in required and required["label"]["text"] == "Who sees this answer"
    lead = view["blocks"][0]["text"]["text"]
    assert lead.startswith(f"*3. Planning &amp; Estimation* · week {WEEK}\n")
    assert all(f"• {q}" in lead for q in topic.questions)


@pytest.mark.parametrize("rating", [1, 2, 3, 4, 5])
def test_an_earlier_answer_is_filled_in(topic, rating):
    view = build_reflection_modal(topic, WEEK, META, rating=rating, text=TRICKY,
                                  sharing=KEEP_PRIVATE)
    blockkit.assert_valid_view(view)
    radio, text, sharing = inputs(view).values()
    assert radio["initial_option"] == radio["options"][rating - 1]
    assert radio["initial_option"]["value"] == str(rating)
    assert text["initial_value"] == TRICKY, "an input shows the text as typed, unescaped"
    assert sharing["initial_option"] == sharing["options"][2]
    assert sharing["initial_option"]["value"] == KEEP_PRIVATE
    assert view["submit"]["text"] == "Save changes"


@pytest.mark.parametrize("rating", [0, 6, None])
def test_a_rating_out_of_range_selects_nothing(topic, rating):
    view = build_reflection_modal(topic, WEEK, META, rating=rating, text="x")
    blockkit.assert_valid_view(view)
    assert "initial_option" not in inputs(view)[ids.RATING_BLOCK]


def test_a_long_earlier_answer_fits_the_input(topic):
    for text in (LONG, LONG + "more"):
        view = build_reflection_modal(topic, WEEK, META, rating=3, text=text)
        blockkit.assert_valid_view(view)
        assert inputs(view)[ids.TEXT_BLOCK]["initial_value"] == LONG


def test_an_empty_earlier_text_is_not_an_initial_value(topic):
    view = build_reflection_modal(topic, WEEK, META, rating=3, text="")
    blockkit.assert_valid_view(view)
    assert "initial_value" not in inputs(view)[ids.TEXT_BLOCK]


def test_every_dimension_and_a_topic_at_the_guides_limits(guide):
    for topic in (*guide.dimensions, huge_topic()):
        view = build_reflection_modal(topic, WEEK, "m" * 3000, rating=5, text=LONG,
                                      sharing=RATING_ONLY, focus=huge_topic(), focus_rating=2,
                                      focus_text=LONG)
        blockkit.assert_valid_view(view)
        blockkit.assert_no_pings(view)


def test_not_a_dimension_quotes_the_text_escaped_once(guide):
    note = build_not_a_dimension(guide, TRICKY_AS_SENT)
    blockkit.assert_valid_message(note)
    blockkit.assert_no_pings(note)
    shown = blockkit.shown(note)
    assert f"“{escape(TRICKY[:59])}…” is not one of them." in shown
    assert all(f"`{t.slug}`" in shown for t in guide.dimensions)
    assert "`overview`" not in shown and "overview" not in note["text"]
    short = build_not_a_dimension(guide, "overview")
    assert "“overview” is not one of them." in short["text"]


def test_the_other_notes_and_errors():
    for note in (build_open_too_slow(), build_open_failed()):
        blockkit.assert_valid_message(note)
    assert "`/techlead reflect`" in FORM_EXPIRED
    for error in (FORM_EXPIRED, FORM_NOT_YOURS, PICK_A_RATING, WRITE_SOMETHING, SAVE_FAILED,
                  PICK_A_LEVEL):
        assert error.strip() and len(error) < 2000  # shown under a field by response_action
    assert text_too_long(3001) == "That is 3,001 characters; the limit is 3,000."


def test_a_button_from_a_week_that_is_over(topic):
    note = build_week_ended("2026-W40", topic)
    blockkit.assert_valid_message(note)
    blockkit.assert_no_pings(note)
    assert note["text"].startswith("Week 2026-W40 has ended")
    assert "This week is about *3. Planning &amp; Estimation*" in blockkit.shown(note)
    assert "This week is about 3. Planning &amp; Estimation: /techlead reflect" in note["text"]
    blockkit.assert_valid_message(build_week_ended("2026-W40", huge_topic()))


@pytest.mark.parametrize("level", SHARING_LEVELS)
def test_the_given_level_is_preselected(topic, level):
    view = build_reflection_modal(topic, WEEK, META, sharing=level)
    blockkit.assert_valid_view(view)
    chosen = inputs(view)[ids.SHARING_BLOCK]["initial_option"]
    assert (chosen["value"], chosen["text"]["text"]) == (level, LEVELS[level].name)


def test_a_level_that_is_none_of_the_three_preselects_the_default(topic):
    view = build_reflection_modal(topic, WEEK, META, sharing="public")
    blockkit.assert_valid_view(view)
    assert inputs(view)[ids.SHARING_BLOCK]["initial_option"]["value"] == DEFAULT_SHARING


def test_with_a_focus_one_level_below_both_answers(guide, topic):
    view = build_reflection_modal(topic, WEEK, META, focus=guide.topic("risk"),
                                  sharing=RATING_ONLY)
    blockkit.assert_valid_view(view)
    last = view["blocks"][-1]
    assert last["block_id"] == ids.SHARING_BLOCK
    assert last["label"]["text"] == "Who sees these answers"
    assert [b["block_id"] for b in view["blocks"] if b["type"] == "input"].count(
        ids.SHARING_BLOCK) == 1
