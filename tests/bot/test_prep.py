"""`/techlead prep @member` through the app: what a manager sees before a 1:1 (only what the
member shared with them), the focus only when the member shares it, three questions with
what to listen for, and every refusal, each naming why."""

from __future__ import annotations

import json
import logging

import pytest

from bot import ids
from storage import teams
from storage.evidence import add_note
from storage.models import KEEP_PRIVATE, RATING_ONLY
from storage.people import find_person
from tests.fakes import blockkit
from tests.fakes.helpers import ask, shown, view_of
from tests.fakes.seeding import MANAGER, reflect, seed_team
from tests.fakes.times import utc

MEMBER = "U201"
W49, W48, W47 = "2026-W49", "2026-W48", "2026-W47"  # this week (understanding), the two before


def prep(slack, slack_api, member: str = MEMBER, user_id: str = MANAGER, **kwargs) -> dict:
    return ask(slack, slack_api, f"prep <@{member}|someone>", user_id=user_id, **kwargs)


def sent(slack_api) -> str:
    """Everything the bot sent to Slack, answers to response_urls included."""
    return json.dumps([c.body for c in slack_api.calls()], ensure_ascii=False)


def questions(message: dict) -> list[str]:
    return [b["text"]["text"] for b in message["blocks"] if b["type"] == "section"
            and "\n_Listen for:_ " in b["text"]["text"]]


# -- what the manager sees ---------------------------------------------------------------
def test_the_manager_sees_what_was_shared_and_nothing_kept_back(slack, slack_api, deps):
    seed_team(deps, members=[MEMBER])
    reflect(deps, MEMBER, 4, "I wrote the scope doc before coding.")
    reflect(deps, MEMBER, 2, "RATINGONLYMARKER: these words stay mine", week=W48,
            dimension="risk", sharing=RATING_ONLY)
    reflect(deps, MEMBER, 1, "PRIVATEMARKER: not for my manager", week=W47,
            dimension="planning", sharing=KEEP_PRIVATE)
    with deps.sessions.begin() as session:
        add_note(session, team_id="T111", user_id=MEMBER, dimension="risk",
                 note="EVIDENCEMARKER: I ran the risk review", now=deps.clock())
    message = prep(slack, slack_api)
    text = shown(message)
    assert blockkit.problems(message) == []
    assert f"For your 1:1 with <@{MEMBER}> · week {W49}" in text
    assert "*2026-W49* · 1. Understanding the Task · 4/5, more Tech Lead\n" \
           ">I wrote the scope doc before coding." in text
    assert "*2026-W48* · 2. Risk Identification · 2/5, more Software Engineer · shared the " \
           "rating only" in text
    assert "Planning" not in text.split("*Their self-rating")[0], "no private answer listed"
    assert "*3. Planning &amp; Estimation*: _nothing shared_" in text
    assert "*2. Risk Identification*: 2" in text
    # The private 1/5 would be the lowest: the questions show it was never read.
    assert [q.split(" · ")[0] for q in questions(message)] == [
        "*2. Risk Identification*", "*2. Risk Identification*", "*1. Understanding the Task*"]
    everything = sent(slack_api)
    for marker in ("RATINGONLYMARKER", "stay mine", "PRIVATEMARKER", "EVIDENCEMARKER",
                   "1/5"):
        assert marker not in everything, marker


def test_three_questions_each_with_the_behaviour_to_listen_for(slack, slack_api, deps, guide):
    seed_team(deps, members=[MEMBER])
    reflect(deps, MEMBER, 2, "Planned badly.", week=W48, dimension="planning")
    reflect(deps, MEMBER, 4, "Went well.")
    found = questions(prep(slack, slack_api))
    planning, understanding = guide.topic("planning"), guide.topic("understanding")
    expected = [(planning, planning.manager_questions[0]),
                (planning, planning.manager_questions[1]),
                (understanding, understanding.manager_questions[0])]
    assert len(found) == 3
    for question, (topic, wanted) in zip(found, expected, strict=True):
        assert f"\n{wanted.ask}\n_Listen for:_ {wanted.listen_for}" in question
        assert wanted.listen_for in {row.lead for row in topic.rows}
    assert "rated lowest lately (2/5 in 2026-W48)" in found[0]
    assert "their latest answer (2026-W49)" in found[2]


def test_a_clipped_answer_opens_in_full_from_the_prep(slack, slack_api, deps):
    seed_team(deps, members=[MEMBER])
    long = "I split the work into streams. " * 40
    reflect(deps, MEMBER, 4, long)
    message = prep(slack, slack_api)
    (read,) = [b["accessory"] for b in message["blocks"] if "accessory" in b]
    assert read["action_id"] == ids.READ_REFLECTION
    slack.click(ids.READ_REFLECTION, read["value"], user_id=MANAGER)
    (opened,) = slack_api.wait_for("views.open")
    assert "I split the work into streams." in shown(view_of(opened.body))


def test_a_member_who_shared_nothing_gets_this_weeks_questions(slack, slack_api, deps, guide):
    seed_team(deps, members=[MEMBER])
    reflect(deps, MEMBER, 1, "PRIVATEMARKER", dimension="risk", sharing=KEEP_PRIVATE)
    message = prep(slack, slack_api)
    text = shown(message)
    assert f"<@{MEMBER}> has not shared reflections with you yet." in text
    understanding = guide.topic("understanding")  # this week's dimension
    assert [q.split("\n")[1] for q in questions(message)] == [
        q.ask for q in understanding.manager_questions]
    assert all(q.startswith("*1. Understanding the Task* · this week's dimension")
               for q in questions(message))
    assert "PRIVATEMARKER" not in sent(slack_api)


def test_an_answer_written_before_they_joined_is_not_shown(slack, slack_api, deps, clock):
    clock.set(utc(2026, 11, 18, 9, 0))  # 2026-W47, before the team existed
    reflect(deps, MEMBER, 3, "BEFOREJOINING: for nobody's team", week=W47,
            dimension="planning")
    clock.set(utc(2026, 11, 30, 9, 0))
    seed_team(deps, members=[MEMBER])
    reflect(deps, MEMBER, 4, "After joining.")
    message = prep(slack, slack_api)
    assert "After joining." in shown(message)
    assert "BEFOREJOINING" not in sent(slack_api)
    assert "*3. Planning &amp; Estimation*: _nothing shared_" in shown(message)


def test_another_workspaces_answers_are_not_shown(slack, slack_api, deps):
    seed_team(deps, members=[MEMBER])
    seed_team(deps, members=[MEMBER], team_id="T222")
    reflect(deps, MEMBER, 5, "OTHERWORKSPACE: written in T222", team_id="T222")
    message = prep(slack, slack_api)
    assert f"<@{MEMBER}> has not shared reflections with you yet." in shown(message)
    assert "OTHERWORKSPACE" not in sent(slack_api)


# -- the focus, only when the member shares it -------------------------------------------
def test_the_focus_shows_only_while_the_member_shares_it(slack, slack_api, deps):
    seed_team(deps, members=[MEMBER])
    reflect(deps, MEMBER, 3, "Fine.")
    set_it = shown(ask(slack, slack_api, "focus reviews", user_id=MEMBER))
    assert "no manager's 1:1 prep shows it (`/techlead focus share`" in set_it
    assert "Their focus" not in shown(prep(slack, slack_api)), "not shared by default"
    shared = shown(ask(slack, slack_api, "focus share", user_id=MEMBER))
    assert "Your focus now shows in the 1:1 prep" in shared
    assert "They now see *6. Code Reviews*." in shared
    assert "*Their focus:* 6. Code Reviews, 4 weeks left" in shown(prep(slack, slack_api))
    assert "`/techlead focus unshare` hides it" in shown(
        ask(slack, slack_api, "focus", user_id=MEMBER))
    assert "no longer shows" in shown(ask(slack, slack_api, "focus unshare", user_id=MEMBER))
    assert "Their focus" not in shown(prep(slack, slack_api))
    with deps.sessions.begin() as session:
        assert find_person(session, "T111", MEMBER).focus_shared is False


def test_a_shared_focus_whose_weeks_are_over_is_not_shown(slack, slack_api, deps, clock):
    seed_team(deps, members=[MEMBER])
    ask(slack, slack_api, "focus share", user_id=MEMBER)
    assert "Their focus" not in shown(prep(slack, slack_api)), "no focus to show"
    ask(slack, slack_api, "focus risk 1", user_id=MEMBER)
    assert "*Their focus:* 2. Risk Identification, 1 week left" in shown(
        prep(slack, slack_api))
    clock.set(utc(2026, 12, 8, 9, 0))  # the next week: over, though not cleared yet
    assert "Their focus" not in shown(prep(slack, slack_api))


# -- refusals ----------------------------------------------------------------------------
def _bot(deps, slack_api):
    seed_team(deps, members=[MEMBER])
    slack_api.add_user("U301", is_bot=True)
    return "U301"


def _deactivated(deps, slack_api):
    seed_team(deps, members=[MEMBER])  # still in the team, no longer in Slack
    slack_api.add_user(MEMBER, deleted=True)
    return MEMBER


def _unknown(deps, slack_api):
    seed_team(deps, members=[MEMBER])
    slack_api.fail("users.info", error="user_not_found")
    return MEMBER


def _outsider(deps, slack_api):
    seed_team(deps, members=[MEMBER])
    return "U303"


def _someone_elses(deps, slack_api):
    seed_team(deps, members=[MEMBER])
    seed_team(deps, manager="U150", members=["U250"])
    reflect(deps, "U250", 4, "OTHERTEAM: for my own manager")
    return "U250"


def _invited(deps, slack_api):
    seed_team(deps, members=[MEMBER], invited=["U304"])
    reflect(deps, "U304", 4, "NOTYET: not accepted")
    return "U304"


def _declined(deps, slack_api):
    group = seed_team(deps, invited=["U305"])
    with deps.sessions.begin() as session:
        teams.respond(session, group, "U305", teams.DECLINED, deps.clock())
    return "U305"


def _no_team(deps, slack_api):
    seed_team(deps, manager="U150", members=[MEMBER])
    return MEMBER


@pytest.mark.parametrize(("seed", "said"), [
    (_bot, "<@U301> is a bot: there is no 1:1 to prepare."),
    (_deactivated, f"<@{MEMBER}>'s account has been deactivated"),
    (_unknown, f"I can't find <@{MEMBER}> in this workspace."),
    (_outsider, "<@U303> is not in your team"),
    (_someone_elses, "<@U250> is not in your team"),
    (_invited, "<@U304> has not accepted your team invitation yet"),
    (_declined, "<@U305> declined your team invitation"),
    (_no_team, "You don't manage a team"),
])
def test_prep_is_refused_naming_why(slack, slack_api, deps, seed, said):
    member = seed(deps, slack_api)
    message = prep(slack, slack_api, member)
    assert said in shown(message)
    assert blockkit.problems(message) == []
    assert "Questions for the 1:1" not in shown(message)
    for marker in ("OTHERTEAM", "NOTYET"):
        assert marker not in sent(slack_api)


@pytest.mark.parametrize(("typed", "said"), [
    ("prep", "Say whose 1:1 to prepare: `/techlead prep @alice`"),
    ("prep @bob", "“@bob” is not a mention: type @ and pick the person"),
    (f"prep <@{MEMBER}|a> please", "“please” is not a mention"),
    (f"prep <@{MEMBER}|a> <@U202|b>", "Prep is for one person at a time"),
    (f"prep <@{MANAGER}|me>", "not yourself"),
])
def test_prep_for_no_one_several_or_yourself_is_refused(slack, slack_api, deps, typed, said):
    seed_team(deps, members=[MEMBER, "U202"])
    message = ask(slack, slack_api, typed, user_id=MANAGER)
    assert said in shown(message)
    assert blockkit.problems(message) == []
    assert slack_api.calls("users.info") == [], "refused before asking Slack"


def test_someone_who_left_the_team_is_refused(slack, slack_api, deps):
    seed_team(deps, members=[MEMBER])
    reflect(deps, MEMBER, 4, "LEFTMARKER: before I left")
    ask(slack, slack_api, "team leave", user_id=MEMBER)
    message = prep(slack, slack_api)
    assert f"<@{MEMBER}> is not in your team" in shown(message)
    assert "LEFTMARKER" not in sent(slack_api)


def test_slack_failing_to_answer_gets_a_polite_could_not_check(slack, slack_api, deps,
                                                               caplog):
    seed_team(deps, members=[MEMBER])
    reflect(deps, MEMBER, 4, "SHAREDMARKER")
    slack_api.fail("users.info", error="internal_error")
    caplog.set_level(logging.WARNING, logger="bot.review.prep")
    message = prep(slack, slack_api)
    assert f"I couldn't check <@{MEMBER}> with Slack just now; please try again" \
           in shown(message)
    assert "SHAREDMARKER" not in sent(slack_api)
    assert [r.getMessage() for r in caplog.records if r.name == "bot.review.prep"] == [
        "users.info for a 1:1 prep failed (internal_error)"]
