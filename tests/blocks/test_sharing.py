"""The sharing levels in words: `/techlead sharing`'s answers, App Home's choice, and the
lines the invitation and a manager's first team read from here."""

from __future__ import annotations

import pytest

from bot import ids
from bot.blocks import sharing
from bot.blocks.home import build_home
from bot.blocks.mrkdwn import escape
from bot.blocks.sharing import BY_WORD, LEVELS
from bot.values import SharingChoice
from storage.models import DEFAULT_SHARING, KEEP_PRIVATE, RATING_ONLY, SHARED, SHARING_LEVELS
from tests.blocks.conftest import TRICKY, TRICKY_AS_SENT
from tests.fakes import blockkit


def test_each_level_fits_a_radio_option_and_has_one_word():
    for level in LEVELS.values():
        assert 0 < len(level.name) <= 75 and 0 < len(level.shows) <= 75
        assert level.to_manager and level.word == level.word.lower()
    assert sorted(BY_WORD) == ["manager", "private", "rating"]
    assert [BY_WORD[w].value for w in ("manager", "rating", "private")] == list(SHARING_LEVELS)


@pytest.mark.parametrize("level", SHARING_LEVELS)
def test_the_choice_offers_the_three_with_the_current_one_selected(level):
    element = sharing.choice("an_action", level)
    assert element["type"] == "radio_buttons" and element["action_id"] == "an_action"
    assert [SharingChoice.decode(o["value"]).level for o in element["options"]] == list(
        SHARING_LEVELS)
    assert element["initial_option"] == sharing.option(level)


@pytest.mark.parametrize("current", [SHARED, KEEP_PRIVATE])
def test_sharing_alone_shows_the_default_and_explains_the_three(current):
    note = sharing.build_sharing_default(current)
    blockkit.assert_valid_message(note)
    shown = blockkit.shown(note)
    assert f"Your answers are shared by default as *{LEVELS[current].name}*." in shown
    assert sharing.explained() in shown
    assert "`/techlead sharing &lt;level&gt;`" in shown, "a placeholder, not a link"
    assert "`manager` · `rating` · `private`" in shown


def test_setting_a_level_says_what_changes_and_what_does_not():
    note = sharing.build_sharing_set(RATING_ONLY)
    blockkit.assert_valid_message(note)
    shown = blockkit.shown(note)
    assert shown.startswith(f"From now on the form preselects *Share my rating only*: "
                            f"{LEVELS[RATING_ONLY].shows}")
    assert "Answers you already gave keep their level; edit one to change it." in shown


def test_an_unknown_level_is_quoted_escaped_and_the_three_named():
    note = sharing.build_sharing_unknown(TRICKY_AS_SENT)
    blockkit.assert_valid_message(note)
    blockkit.assert_no_pings(note)
    shown = blockkit.shown(note)
    assert f"“{escape(TRICKY[:39])}…” is not a sharing level. The three are:" in shown
    assert all(f"(`{word}`)" in shown for word in BY_WORD)


def test_app_home_offers_the_default_with_the_current_one_selected(guide, make_view):
    view = build_home(guide, make_view(), [], sharing=KEEP_PRIVATE)
    blockkit.assert_valid_view(view)
    block = blockkit.block(view, ids.HOME_SHARING)
    assert block["text"]["text"].startswith("*Your answers are shared by default as…*")
    assert block["accessory"]["action_id"] == ids.SET_DEFAULT_SHARING
    assert block["accessory"]["initial_option"]["value"] == KEEP_PRIVATE
    default = blockkit.block(build_home(guide, make_view(), []), ids.HOME_SHARING)
    assert default["accessory"]["initial_option"]["value"] == DEFAULT_SHARING
