"""Reflect: the button or `/techlead reflect` opens the modal; a valid submission is stored
and confirmed in the DM; anything else is refused inline with nothing stored."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from bot import ids
from bot.reflect.form import FormMetadata
from storage.models import KEEP_PRIVATE, SHARED, Reflection
from storage.people import ensure_workspace
from tests.fakes import blockkit, payloads
from tests.fakes.helpers import ask, shown, view_of

NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)  # Wednesday of 2026-W49


@pytest.fixture(autouse=True)
def _wednesday(clock):
    """These tests run on Wednesday 2 Dec 2026."""
    clock.set(NOW)


def values(rating: str | None = "4", text: str | None = "I listed the risks first.",
           sharing: str | None = SHARED) -> dict:
    """view.state.values as Slack sends them for the reflection modal."""
    option = {"text": {"type": "plain_text", "text": "x"}, "value": rating} if rating else None
    level = {"text": {"type": "plain_text", "text": "x"}, "value": sharing} if sharing else None
    return {
        ids.RATING_BLOCK: {ids.RATING_ACTION: {"type": "radio_buttons",
                                               "selected_option": option}},
        ids.TEXT_BLOCK: {ids.TEXT_ACTION: {"type": "plain_text_input", "value": text}},
        ids.SHARING_BLOCK: {ids.SHARING_ACTION: {"type": "radio_buttons",
                                                 "selected_option": level}},
    }


def meta(user_id="U111", team_id="T111", week="2026-W49", dimension="understanding",
         channel="DU111", ts="1700000000.000001") -> str:
    return FormMetadata(team_id, user_id, week, dimension, channel, ts).encode()


def submit(slack, *, metadata=None, user_id="U111", team_id="T111", **kwargs):
    body = payloads.view_submission(callback_id=ids.REFLECTION_VIEW,
                                    private_metadata=metadata or meta(),
                                    values=values(**kwargs), user_id=user_id, team_id=team_id)
    return slack.post(body)


def stored(deps) -> list[Reflection]:
    with deps.sessions.begin() as session:
        return list(session.scalars(select(Reflection)))


def click_reflect(slack, value=None, user_id="U111"):
    value = value or json.dumps({"w": "2026-W49", "d": "understanding"})
    return slack.post(payloads.block_action(
        ids.OPEN_REFLECTION, value, user_id=user_id, channel_id="DU111",
        message_ts="1700000000.000001", ephemeral=False, response_url=slack.response_url,
        trigger_id="111.222.valid"))


def test_the_reflect_button_opens_the_modal(slack, slack_api):
    assert click_reflect(slack).status == 200
    (call,) = slack_api.wait_for("views.open")
    assert call.body["trigger_id"] == "111.222.valid"
    view = view_of(call.body)
    assert view["callback_id"] == ids.REFLECTION_VIEW
    assert FormMetadata.decode(view["private_metadata"]) == FormMetadata(
        "T111", "U111", "2026-W49", "understanding", "DU111", "1700000000.000001")
    radio = view["blocks"][1]["element"]
    assert [o["value"] for o in radio["options"]] == ["1", "2", "3", "4", "5"]
    assert radio["options"][0]["text"]["text"] == "1 · mostly Software Engineer"
    assert radio["options"][4]["text"]["text"] == "5 · mostly Tech Lead"
    assert view["blocks"][2]["element"]["max_length"] == 3000
    sharing = view["blocks"][3]
    assert (sharing["block_id"], sharing.get("optional", False)) == (ids.SHARING_BLOCK, False)
    assert sharing["element"]["initial_option"]["value"] == SHARED  # nobody chose otherwise
    assert len(view["title"]["text"]) <= 24
    assert blockkit.problems(view, view=True) == []


def test_a_valid_submission_is_stored_and_the_dm_says_reflected(slack, slack_api, deps):
    reply = submit(slack, rating="4", text="  I listed the risks first.  ")
    assert (reply.status, reply.body) == (200, b"")  # the modal closes
    (row,) = stored(deps)
    assert (row.team_id, row.user_id, row.week, row.dimension) == (
        "T111", "U111", "2026-W49", "understanding")
    assert (row.rating, row.text, row.sharing) == (4, "I listed the risks first.", SHARED)
    assert row.created_at == NOW
    (update,) = slack_api.wait_for("chat.update")
    assert (update.body["channel"], update.body["ts"]) == ("DU111", "1700000000.000001")
    assert "*Reflected ✓*" in shown(update.body) and "4/5, more Tech Lead" in shown(update.body)


def test_submitting_again_the_same_week_edits_the_answer(slack, slack_api, deps, clock):
    submit(slack, rating="2", text="first")
    clock.set(datetime(2026, 12, 3, 8, 0, tzinfo=UTC))
    click_reflect(slack)
    (opened,) = slack_api.wait_for("views.open")
    view = view_of(opened.body)
    assert view["blocks"][2]["element"]["initial_value"] == "first"
    assert view["blocks"][1]["element"]["initial_option"]["value"] == "2"
    submit(slack, rating="5", text="second", sharing=KEEP_PRIVATE)
    (row,) = stored(deps)
    assert (row.rating, row.text, row.sharing) == (5, "second", KEEP_PRIVATE)
    assert row.updated_at == datetime(2026, 12, 3, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("kwargs", "block", "message"),
    [
        ({"text": "   "}, ids.TEXT_BLOCK, "Write a few sentences"),
        ({"text": None}, ids.TEXT_BLOCK, "Write a few sentences"),
        ({"text": "x" * 3001}, ids.TEXT_BLOCK, "3,001 characters; the limit is 3,000"),
        ({"rating": None}, ids.RATING_BLOCK, "from 1 to 5"),
        ({"rating": "7"}, ids.RATING_BLOCK, "from 1 to 5"),
        ({"rating": "0"}, ids.RATING_BLOCK, "from 1 to 5"),
        ({"rating": "4.5"}, ids.RATING_BLOCK, "from 1 to 5"),
    ],
)
def test_bad_answers_are_refused_inline_and_nothing_is_stored(slack, deps, kwargs, block,
                                                               message):
    reply = submit(slack, **kwargs)
    assert reply.status == 200
    assert reply.json["response_action"] == "errors"
    assert message in reply.json["errors"][block]
    assert stored(deps) == []


@pytest.mark.parametrize(
    ("metadata", "message"),
    [
        (meta(user_id="U999"), "belongs to someone else"),
        (meta(team_id="T999"), "belongs to someone else"),
        ("not json", "expired"),
        (json.dumps({"u": "U111"}), "expired"),
        (meta(dimension="overview"), "expired"),
        (meta(dimension="../../etc"), "expired"),
        (meta(week="2026-W60"), "expired"),
        (meta(week="2026-W40"), "expired"),
        (meta(week="2027-W10"), "expired"),
    ],
)
def test_forms_that_are_not_this_persons_are_refused(slack, deps, metadata, message):
    reply = submit(slack, metadata=metadata)
    assert reply.json["response_action"] == "errors"
    assert message in reply.json["errors"][ids.TEXT_BLOCK]
    assert stored(deps) == []


def test_a_badly_signed_submission_stores_nothing(slack, deps):
    body = payloads.view_submission(callback_id=ids.REFLECTION_VIEW, private_metadata=meta(),
                                    values=values())
    assert slack.post(body, secret="forged").status == 401
    assert stored(deps) == []


def test_reflect_command_opens_this_weeks_dimension(slack, slack_api):
    slack.command("reflect", response_url=slack_api.response_url("x"))
    (call,) = slack_api.wait_for("views.open")
    view = view_of(call.body)
    assert "*1. Understanding the Task* · week 2026-W49" in view["blocks"][0]["text"]["text"]
    assert FormMetadata.decode(view["private_metadata"]).channel is None


def test_reflect_on_another_dimension(slack, slack_api):
    slack.command("reflect quality", response_url=slack_api.response_url("x"))
    (call,) = slack_api.wait_for("views.open")
    assert FormMetadata.decode(view_of(call.body)["private_metadata"]).dimension == "pressure"


def test_reflect_on_something_that_is_not_a_dimension_explains(slack, slack_api):
    reply = shown(ask(slack, slack_api, "reflect mindset"))
    assert "one of the nine dimensions" in reply and "`risk`" in reply
    assert slack_api.calls("views.open") == []


def test_an_expired_trigger_is_explained(slack, slack_api):
    slack_api.fail("views.open", error="expired_trigger_id")
    assert "try once more" in shown(ask(slack, slack_api, "reflect"))


def test_a_reflection_from_the_command_is_confirmed_by_dm(slack, slack_api, deps):
    submit(slack, metadata=meta(channel=None, ts=None))
    (dm,) = slack_api.wait_for("chat.postMessage")
    assert dm.body["channel"] == "U111"
    assert "*Reflected ✓*" in shown(dm.body)


def test_when_the_dm_cannot_be_updated_a_new_one_confirms(slack, slack_api):
    slack_api.fail("chat.update", error="message_not_found")
    submit(slack)
    (dm,) = slack_api.wait_for("chat.postMessage")
    assert "*Reflected ✓*" in shown(dm.body)


def test_history_lists_own_reflections_newest_first_in_pages(slack, slack_api, deps, clock):
    from storage.reflections import save_reflection

    with deps.sessions.begin() as session:
        ensure_workspace(session, "T111", anchor=date(2026, 11, 30))
        for week in range(40, 47):
            save_reflection(session, team_id="T111", user_id="U111", week=f"2026-W{week}",
                            dimension="risk", rating=3, text=f"week {week} <!channel> & more",
                            sharing=KEEP_PRIVATE if week == 41 else SHARED,
                            now=clock())
        save_reflection(session, team_id="T111", user_id="U222", week="2026-W46",
                        dimension="risk", rating=1, text="someone else's", sharing=SHARED,
                        now=clock())
    page1 = ask(slack, slack_api, "history")
    text = shown(page1)
    assert text.index("week 46") < text.index("week 45") < text.index("week 42")
    assert "week 41" not in text and "someone else's" not in text
    assert "&lt;!channel&gt; &amp; more" in text and "<!channel>" not in text
    assert "Page 1 of 2 · 7 reflections" in text
    older = next(b for b in page1["blocks"] if b["type"] == "actions")["elements"][-1]
    assert (older["action_id"], older["value"]) == (ids.HISTORY_PAGE, "2")
    slack.click(ids.HISTORY_PAGE, "2", response_url=slack_api.response_url("page"))
    (page2,) = slack_api.wait_for("response:page")
    assert page2.body["replace_original"] is True
    assert "week 41" in shown(page2.body) and "· private" in shown(page2.body)
    assert "week 46" not in shown(page2.body)


def test_history_is_empty_at_first(slack, slack_api):
    assert "You have no reflections yet" in shown(ask(slack, slack_api, "history"))


def test_stored_answers_never_mix_workspaces(slack, deps):
    submit(slack, metadata=meta(team_id="T222"), team_id="T222")
    submit(slack)
    with deps.sessions.begin() as session:
        counts = dict(session.execute(
            select(Reflection.team_id, func.count()).group_by(Reflection.team_id)).all())
    assert counts == {"T111": 1, "T222": 1}


def test_a_nudge_from_a_week_that_has_ended_says_so(slack, slack_api):
    old = json.dumps({"w": "2026-W46", "d": "execution"})
    reply = slack.post(payloads.block_action(
        ids.OPEN_REFLECTION, old, channel_id="DU111", message_ts="1700000000.000001",
        ephemeral=False, response_url=slack_api.response_url("old")))
    assert reply.status == 200
    (answer,) = slack_api.wait_for("response:old")
    assert "Week 2026-W46 has ended" in shown(answer.body)
    assert slack_api.calls("views.open") == []
