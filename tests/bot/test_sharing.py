"""Sharing levels end to end, through signed HTTP: each person's default (`/techlead sharing`,
App Home) is what the reflection modal preselects on every way in; an answer keeps its own
level, changed only by editing it; a level that is none of the three is never saved."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import func, select

from bot import ids
from bot.values import FormMetadata, ReflectTarget, SharingChoice
from storage.models import KEEP_PRIVATE, RATING_ONLY, SHARED, Person, Reflection
from storage.people import find_person
from storage.reflections import find_reflection
from tests.fakes import payloads
from tests.fakes.helpers import ask, sharing_values, shown, view_of
from tests.fakes.seeding import add_people
from tests.fakes.times import utc

WEEK = "2026-W49"  # the clock fixture's week: understanding
ME = "U111"


# -- helpers -------------------------------------------------------------------------------
def preselected(view: dict) -> str:
    """The level the modal's sharing input starts on."""
    (block,) = [b for b in view["blocks"] if b.get("block_id") == ids.SHARING_BLOCK]
    return block["element"]["initial_option"]["value"]


def opened(slack_api, count: int) -> dict:
    """The `count`th modal the bot opened."""
    return view_of(slack_api.wait_for("views.open", count)[-1].body)


def open_by_command(slack, slack_api) -> None:
    slack.command("reflect", response_url=slack_api.response_url("reflect"))


def open_by_dm_button(slack, slack_api) -> None:
    slack.post(payloads.block_action(
        ids.OPEN_REFLECTION, ReflectTarget(WEEK, "understanding").encode(), channel_id="DU111",
        message_ts="1700000000.000001", ephemeral=False,
        response_url=slack_api.response_url("button")))


def open_from_home(slack, slack_api) -> None:
    slack.post(payloads.block_action(ids.OPEN_REFLECTION,
                                     ReflectTarget(WEEK, "understanding").encode(),
                                     view={"id": "VHOME", "type": "home"}))


OPENERS = {"command": open_by_command, "nudge": open_by_dm_button, "home": open_from_home}


def submit(slack, level: str | None, *, rating: str = "4", metadata: str | None = None,
           extra: dict | None = None):
    values = {ids.RATING_BLOCK: {ids.RATING_ACTION: {"selected_option": {"value": rating}}},
              ids.TEXT_BLOCK: {ids.TEXT_ACTION: {"value": "I listed the risks first."}},
              **sharing_values(level), **(extra or {})}
    meta = metadata or FormMetadata("T111", ME, WEEK, "understanding").encode()
    return slack.post(payloads.view_submission(callback_id=ids.REFLECTION_VIEW,
                                               private_metadata=meta, values=values))


def stored_level(deps, dimension: str = "understanding") -> str | None:
    with deps.sessions.begin() as session:
        row = find_reflection(session, "T111", ME, WEEK, dimension)
        return row.sharing if row else None


def default_of(deps, user: str = ME) -> str | None:
    with deps.sessions.begin() as session:
        person = find_person(session, "T111", user)
        return person.sharing if person else None


def choose_on_home(slack, value: str) -> None:
    """Pick `value` in App Home's radio buttons, as Slack sends that action."""
    action = {"type": "radio_buttons", "action_id": ids.SET_DEFAULT_SHARING,
              "block_id": ids.HOME_SHARING, "action_ts": "1700000000.000002",
              "selected_option": {"text": {"type": "plain_text", "text": "x"}, "value": value}}
    body = payloads.block_action(ids.SET_DEFAULT_SHARING, "", action=action,
                                 view={"id": "VHOME", "type": "home"})
    assert slack.post(body).status == 200


# -- the modal preselects the default ---------------------------------------------------------
@pytest.mark.parametrize("way_in", list(OPENERS))
def test_every_way_into_the_modal_preselects_the_persons_default(slack, slack_api, deps,
                                                                 way_in):
    OPENERS[way_in](slack, slack_api)
    assert preselected(opened(slack_api, 1)) == SHARED, "nobody set one: shared"
    assert "From now on the form preselects *Share my rating only*" in shown(
        ask(slack, slack_api, "sharing rating"))
    OPENERS[way_in](slack, slack_api)
    assert preselected(opened(slack_api, 2)) == RATING_ONLY
    ask(slack, slack_api, "sharing private")
    OPENERS[way_in](slack, slack_api)
    assert preselected(opened(slack_api, 3)) == KEEP_PRIVATE, "the changed default"


def test_a_new_answer_is_saved_at_the_level_chosen_in_the_form(slack, slack_api, deps):
    ask(slack, slack_api, "sharing private")
    assert submit(slack, RATING_ONLY).status == 200  # changed for this one answer
    assert stored_level(deps) == RATING_ONLY
    assert default_of(deps) == KEEP_PRIVATE, "the default stays as it was"


def test_editing_preselects_the_answers_own_level_and_can_change_it(slack, slack_api, deps,
                                                                    clock):
    submit(slack, KEEP_PRIVATE)
    ask(slack, slack_api, "sharing manager")
    open_by_command(slack, slack_api)
    view = opened(slack_api, 1)
    assert preselected(view) == KEEP_PRIVATE, "its own level, not the default"
    assert view["submit"]["text"] == "Save changes"
    clock.set(utc(2026, 12, 1, 9, 0))
    assert (submit(slack, RATING_ONLY, rating="5").body) == b""
    assert stored_level(deps) == RATING_ONLY
    ask(slack, slack_api, "sharing private")  # a new default leaves given answers alone
    assert stored_level(deps) == RATING_ONLY
    open_by_command(slack, slack_api)
    assert preselected(opened(slack_api, 2)) == RATING_ONLY


@pytest.mark.parametrize("forged", ["public", "PRIVATE", "", "shared ", None])
def test_a_level_that_is_none_of_the_three_is_refused_under_the_field(slack, deps, forged):
    reply = submit(slack, forged)
    assert reply.json["response_action"] == "errors"
    assert reply.json["errors"] == {ids.SHARING_BLOCK: "Pick who sees this answer: one of "
                                                       "the three choices."}
    assert stored_level(deps) is None


def test_a_form_from_before_the_levels_is_expired_not_saved(slack, deps):
    values = {ids.RATING_BLOCK: {ids.RATING_ACTION: {"selected_option": {"value": "4"}}},
              ids.TEXT_BLOCK: {ids.TEXT_ACTION: {"value": "written in the old form"}},
              "privacy": {"private_choice": {"type": "checkboxes", "selected_options": []}}}
    reply = slack.post(payloads.view_submission(
        callback_id=ids.REFLECTION_VIEW, values=values,
        private_metadata=FormMetadata("T111", ME, WEEK, "understanding").encode()))
    assert "expired" in reply.json["errors"][ids.TEXT_BLOCK]
    assert stored_level(deps) is None


def test_the_focus_answer_is_shared_at_the_same_level(slack, slack_api, deps, clock):
    add_people(deps, (ME, "UTC"))
    clock.set(utc(2026, 12, 1, 9, 0))
    ask(slack, slack_api, "focus planning")
    open_by_dm_button(slack, slack_api)
    view = opened(slack_api, 1)
    assert view["blocks"][-1]["block_id"] == ids.SHARING_BLOCK  # below both answers
    focus = {ids.FOCUS_RATING_BLOCK: {ids.FOCUS_RATING_ACTION: {
        "selected_option": {"value": "2"}}},
        ids.FOCUS_TEXT_BLOCK: {ids.FOCUS_TEXT_ACTION: {"value": "split the epic"}}}
    assert submit(slack, RATING_ONLY, metadata=view["private_metadata"], extra=focus).body == b""
    assert stored_level(deps) == stored_level(deps, "planning") == RATING_ONLY


# -- /techlead sharing ----------------------------------------------------------------------
def test_sharing_alone_shows_the_default_and_the_three(slack, slack_api, deps):
    text = shown(ask(slack, slack_api, "sharing"))
    assert "Your answers are shared by default as *Share with my manager*." in text
    for name in ("Share with my manager", "Share my rating only", "Keep private"):
        assert f"*{name}*" in text
    assert default_of(deps) is None, "looking stores nothing"
    ask(slack, slack_api, "sharing rating")
    assert "by default as *Share my rating only*" in shown(ask(slack, slack_api, "sharing"))


@pytest.mark.parametrize("typed", ["Rating", "  PRIVATE ", "rating!"])
def test_the_level_word_is_matched_like_other_verbs(slack, slack_api, deps, typed):
    assert "From now on the form preselects" in shown(ask(slack, slack_api, f"sharing {typed}"))
    assert default_of(deps) in (RATING_ONLY, KEEP_PRIVATE)


@pytest.mark.parametrize("typed", ["public", "shared", "rating only", "<!channel>"])
def test_an_unknown_level_names_the_three_and_changes_nothing(slack, slack_api, deps, typed):
    ask(slack, slack_api, "sharing private")
    text = shown(ask(slack, slack_api, f"sharing {typed}"))
    assert "is not a sharing level. The three are:" in text
    assert all(f"(`{word}`)" in text for word in ("manager", "rating", "private"))
    assert "<!channel>" not in text
    assert default_of(deps) == KEEP_PRIVATE


def test_setting_the_same_level_twice_is_harmless(slack, slack_api, deps):
    for _ in range(2):
        assert "preselects *Keep private*" in shown(ask(slack, slack_api, "sharing private"))
    with deps.sessions.begin() as session:
        assert session.scalar(select(func.count()).select_from(Person)) == 1
    assert default_of(deps) == KEEP_PRIVATE


# -- App Home -------------------------------------------------------------------------------
def _home_opened() -> bytes:
    return payloads.event({"type": "app_home_opened", "user": ME, "channel": "D111",
                           "tab": "home", "event_ts": "1606810927.510671"})


def home_choice(view: dict) -> str:
    (block,) = [b for b in view["blocks"] if b.get("block_id") == ids.HOME_SHARING]
    return block["accessory"]["initial_option"]["value"]


def test_choosing_on_app_home_saves_the_default_and_republishes(slack, slack_api, deps):
    assert slack.post(_home_opened(), content_type="application/json").status == 200
    assert home_choice(view_of(slack_api.wait_for("views.publish")[-1].body)) == SHARED
    choose_on_home(slack, SharingChoice(RATING_ONLY).encode())
    republished = view_of(slack_api.wait_for("views.publish", 2)[-1].body)
    assert home_choice(republished) == RATING_ONLY
    assert default_of(deps) == RATING_ONLY
    open_from_home(slack, slack_api)
    assert preselected(opened(slack_api, 1)) == RATING_ONLY


@pytest.mark.parametrize("forged", ["public", "", "private; drop table people"])
def test_a_forged_choice_on_app_home_saves_nothing_and_is_logged(slack, slack_api, deps,
                                                                 caplog, forged):
    caplog.set_level(logging.WARNING, logger="bot.account.sharing")
    choose_on_home(slack, forged)
    deps.background.wait_idle(5)
    assert [r.getMessage() for r in caplog.records if r.name == "bot.account.sharing"] == [
        f"a default sharing level that is none of the three: {forged!r}"]
    assert default_of(deps) is None
    assert slack_api.calls("views.publish") == []
    with deps.sessions.begin() as session:
        assert session.scalar(select(func.count()).select_from(Reflection)) == 0
