"""The 1:1 prep message and its refusals, built directly and checked against Slack's rules:
answers quoted in their own sections, escaped and clipped with a marker, the trend as text,
three questions with what to listen for, and a long history inside one message."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from bot import ids
from bot.blocks import prep as pb
from bot.blocks import team
from bot.blocks.elements import text_size
from bot.blocks.mrkdwn import escape
from bot.blocks.nudge import RATING_LABELS
from bot.coaching.calendar import week_key
from bot.coaching.prep import prep
from bot.values import Numbered
from content import ManagerQuestion
from content.validate import MAX_CELL, MAX_QUESTION, MAX_TITLE
from storage.models import RATING_ONLY, SHARED
from storage.reflections import SharedAnswer
from tests.blocks.conftest import AMPERSANDS, LONG, MONDAY, TRICKY, WEEK
from tests.fakes import blockkit

MEMBER, MANAGER = "U0000000201", "U0000000100"
ANCHOR = MONDAY - timedelta(weeks=104)  # two years of weeks before this one (2026-W49)


def week(n: int) -> str:
    """The week `n` weeks before this one."""
    return week_key(MONDAY - timedelta(weeks=n))


def answer(n: int, dimension: str, rating: int, text: str | None = "I did it.", *,
           id: int | None = None) -> SharedAnswer:
    return SharedAnswer(id or 1000 + n * 10 + len(dimension), MEMBER, week(n), dimension,
                        rating, text, SHARED if text is not None else RATING_ONLY)


def make(guide, answers, **kwargs):
    return prep(guide, ANCHOR, MONDAY, answers, manager_id=MANAGER, member_id=MEMBER,
                **kwargs)


def sample_prep(guide, *, shared: bool = True):
    """An ordinary prep (for other builder tests): answers of the last rotation, one a
    rating alone, one from before it, a shared focus; or a member who shared nothing."""
    answers = [answer(20, "risk", 1, "Went well & <fast>."), answer(3, "risk", 2),
               answer(2, "planning", 4, None), answer(1, "execution", 3)] if shared else []
    return make(guide, answers, focus=guide.topic("reviews"), focus_weeks_left=2)


def valid(message: dict) -> dict:
    blockkit.assert_valid_message(message)
    blockkit.assert_no_pings(message, {MEMBER})
    return message


def contexts(message: dict) -> list[str]:
    return [b["elements"][0]["text"] for b in message["blocks"] if b["type"] == "context"]


def answer_lines(message: dict) -> list[str]:
    return [t for t in contexts(message) if t.startswith("*20")]


def quotes(message: dict) -> list[dict]:
    return [b for b in message["blocks"] if b["type"] == "section"
            and b["text"]["text"].startswith(">")]


def questions(message: dict) -> list[str]:
    return [b["text"]["text"] for b in message["blocks"] if b["type"] == "section"
            and "\n_Listen for:_ " in b["text"]["text"]]


def test_a_prep_shows_focus_answers_trend_and_three_questions(guide):
    result = make(guide, [answer(20, "risk", 1), answer(3, "risk", 2, "Listed the risks."),
                          answer(2, "planning", 4, None), answer(1, "execution", 3)],
                  focus=guide.topic("reviews"), focus_weeks_left=3)
    message = valid(pb.build_prep(result))
    text = blockkit.shown(message)
    assert message["blocks"][0]["text"]["text"] == "1:1 prep"
    assert f"For your 1:1 with <@{MEMBER}> · week {WEEK}" in text
    assert "*Their focus:* 6. Code Reviews, 3 weeks left (they chose to share it)" in text
    assert answer_lines(message) == [
        f"*{week(1)}* · 4. Execution · 3/5, {RATING_LABELS[3]}",
        f"*{week(2)}* · 3. Planning &amp; Estimation · 4/5, {RATING_LABELS[4]} · shared "
        "the rating only",
        f"*{week(3)}* · 2. Risk Identification · 2/5, {RATING_LABELS[2]}",
    ], "the last rotation only, newest first"
    assert [q["text"]["text"] for q in quotes(message)] == [">I did it.", ">Listed the risks."]
    assert "*2. Risk Identification*: 1 → 2" in text
    assert "*1. Understanding the Task*: _nothing shared_" in text
    risk, execution = guide.topic("risk"), guide.topic("execution")
    assert questions(message) == [
        f"*2. Risk Identification* · rated lowest lately (2/5 in {week(3)})\n"
        f"{risk.manager_questions[0].ask}\n_Listen for:_ {risk.manager_questions[0].listen_for}",
        f"*2. Risk Identification* · rated lowest lately (2/5 in {week(3)})\n"
        f"{risk.manager_questions[1].ask}\n_Listen for:_ {risk.manager_questions[1].listen_for}",
        f"*4. Execution* · their latest answer ({week(1)})\n"
        f"{execution.manager_questions[0].ask}\n"
        f"_Listen for:_ {execution.manager_questions[0].listen_for}",
    ]
    assert contexts(message)[-1].startswith(f"Only what <@{MEMBER}> shared with you")
    assert message["text"] == (f"1:1 prep for <@{MEMBER}>: 3 answers shared in the last "
                               "rotation, 3 questions to ask")


def test_a_trend_shows_the_last_six_and_says_of_how_many(guide):
    ratings = [5, 1, 2, 3, 4, 3, 4, 5]  # oldest first, a rotation apart
    history = [answer(9 * (len(ratings) - k), "risk", r) for k, r in enumerate(ratings)]
    text = blockkit.shown(valid(pb.build_prep(make(guide, history))))
    assert "*2. Risk Identification*: 2 → 3 → 4 → 3 → 4 → 5 (last 6 of 8)" in text


FAKE_LINE = f"*{WEEK}* · 1. Understanding the Task · 1/5, {RATING_LABELS[1]}"


@pytest.mark.parametrize(("typed", "expected"), [
    (f"{FAKE_LINE}\nI quit", f">{FAKE_LINE}\n>I quit"),
    ("<!channel> & <@U0000000999> <https://x.example|ok>",
     ">&lt;!channel&gt; &amp; &lt;@U0000000999&gt; &lt;https://x.example|ok&gt;"),
    (f"All fine.\n\n  > {FAKE_LINE}", f">All fine.\n>  &gt; {FAKE_LINE}"),
    (TRICKY, ">" + escape(TRICKY)),
])
def test_typed_text_is_escaped_and_shown_inside_its_own_quote(guide, typed, expected):
    message = valid(pb.build_prep(make(guide, [answer(1, "risk", 4, typed)])))
    (quoted,) = quotes(message)
    assert quoted["text"]["text"] == expected
    assert answer_lines(message) == [f"*{week(1)}* · 2. Risk Identification · 4/5, "
                                     f"{RATING_LABELS[4]}"], "the only answer line is real"
    assert blockkit.mentioned(message) == {MEMBER}


@pytest.mark.parametrize("text", [LONG, AMPERSANDS, "\n".join(f"line {k}" for k in range(20))])
def test_a_long_text_is_clipped_with_a_marker_and_read_all(guide, text):
    message = valid(pb.build_prep(make(guide, [answer(1, "risk", 4, text, id=77)])))
    (quoted,) = quotes(message)
    shown = "\n".join(line[1:] for line in quoted["text"]["text"].split("\n"))
    assert len(shown) <= pb.SHOWN_CHARS
    assert shown.endswith("…") or shown.count("\n") == pb.SHOWN_LINES - 1
    read = quoted["accessory"]
    assert (read["action_id"], read["text"]["text"]) == (ids.READ_REFLECTION, "Read all")
    assert Numbered.decode(read["value"]) == Numbered(77)


def test_a_short_text_has_no_read_all(guide):
    (quoted,) = quotes(valid(pb.build_prep(make(guide, [answer(1, "risk", 4)]))))
    assert "accessory" not in quoted


@pytest.mark.parametrize("text", [LONG, AMPERSANDS])
def test_sixty_answers_in_the_rotation_and_two_years_before_fit_one_message(guide, text):
    slugs = [t.slug for t in guide.dimensions]
    recent = [answer(n // 9 + 1, slugs[n % 9], n % 5 + 1, text) for n in range(60)]
    older = [answer(n, slugs[n % 9], n % 5 + 1, text) for n in range(9, 105)]
    message = valid(pb.build_prep(make(guide, older + recent)))
    assert len(message["blocks"]) <= 50
    assert text_size(message["blocks"]) <= 12_000
    lines = answer_lines(message)
    assert 5 <= len(lines) < 60
    assert lines[0].startswith(f"*{week(1)}*"), "the newest come first"
    (more,) = [t for t in contexts(message) if "older answers of these nine weeks" in t]
    assert more.startswith(f"{60 - len(lines)} older answers")
    assert len(questions(message)) == 3
    assert blockkit.shown(message).count("_nothing shared_") == 0


def test_a_guide_at_its_limits_still_fits_one_message(guide):
    """Titles, questions and behaviours as long as the guide's validator allows, with the
    longest texts: the answers shown stop at Slack's text budget, not only its 50 blocks."""
    ask, behaviour = ("Why & <how> " * 100)[:MAX_QUESTION], ("*Lead* &amp; x " * 200)[:MAX_CELL]
    long_guide = replace(guide, topics=tuple(
        replace(t, title=("Risk & <Reward> " * 20)[:MAX_TITLE],
                manager_questions=tuple(ManagerQuestion(f"{k} {ask}", behaviour)
                                        for k in range(3)))
        if t.is_dimension else t for t in guide.topics))
    slugs = [t.slug for t in guide.dimensions]
    recent = [answer(n // 9 + 1, slugs[n % 9], n % 5 + 1, AMPERSANDS) for n in range(60)]
    message = valid(pb.build_prep(make(long_guide, recent)))
    assert text_size(message["blocks"]) <= 12_000
    assert len(message["blocks"]) < 50, "the text budget, not the blocks, stopped it"
    assert [t for t in contexts(message) if "older answers of these nine weeks" in t]


def test_two_years_of_weekly_answers_fit_one_message(guide):
    slugs = [t.slug for t in guide.dimensions]
    message = valid(pb.build_prep(make(guide, [answer(n, slugs[n % 9], 3, LONG)
                                               for n in range(105)])))
    assert len(answer_lines(message)) == 9, "this week and the eight before"
    assert not [t for t in contexts(message) if "not shown here" in t]


def test_nothing_in_the_last_rotation_says_so_and_keeps_the_trend(guide):
    text = blockkit.shown(valid(pb.build_prep(make(guide, [answer(30, "risk", 2)]))))
    assert "Nothing shared in these nine weeks" in text
    assert "*2. Risk Identification*: 2" in text


def test_a_member_who_shared_nothing_gets_this_weeks_questions_only(guide):
    message = valid(pb.build_prep(make(guide, [])))
    text = blockkit.shown(message)
    this_week = make(guide, []).this_week
    assert f"<@{MEMBER}> has not shared reflections with you yet." in text
    assert f"this week's dimension, *{escape(this_week.heading)}*" in text
    assert len(questions(message)) == 3
    assert all(q.startswith(f"*{escape(this_week.heading)}* · this week's dimension")
               for q in questions(message))
    assert "Their self-rating" not in text and not answer_lines(message)
    assert message["text"] == f"1:1 prep: <@{MEMBER}> has not shared reflections with you yet"


def test_no_focus_line_without_a_shared_focus(guide):
    assert "Their focus" not in blockkit.shown(pb.build_prep(make(guide, [answer(1, "risk", 3)])))


@pytest.mark.parametrize(("reason", "subject", "said"), [
    (team.NOT_A_MENTION, "@bob", "“@bob” is not a mention"),
    (team.NOT_A_MENTION, "&lt;!channel&gt;", "“&lt;!channel&gt;” is not a mention"),
    (pb.SEVERAL, "", "one person at a time"),
    (team.YOURSELF, MEMBER, "not yourself"),
    (pb.NO_TEAM, "", "You don't manage a team"),
    (team.NOT_FOUND, MEMBER, f"I can't find <@{MEMBER}>"),
    (team.IS_BOT, MEMBER, f"<@{MEMBER}> is a bot"),
    (team.DEACTIVATED, MEMBER, f"<@{MEMBER}>'s account has been deactivated"),
    (pb.NOT_IN_TEAM, MEMBER, f"<@{MEMBER}> is not in your team"),
    (pb.INVITED, MEMBER, f"<@{MEMBER}> has not accepted your team invitation yet"),
    (pb.DECLINED, MEMBER, f"<@{MEMBER}> declined your team invitation"),
    (pb.UNCHECKED, MEMBER, f"I couldn't check <@{MEMBER}> with Slack just now"),
])
def test_each_refusal_names_why(reason, subject, said):
    message = valid(pb.build_prep_refused(reason, subject))
    assert said in blockkit.shown(message)


def test_every_refusal_has_its_words():
    kinds = {team.NOT_A_MENTION, team.YOURSELF, team.NOT_FOUND, team.IS_BOT,
             team.DEACTIVATED, pb.SEVERAL, pb.NO_TEAM, pb.NOT_IN_TEAM, pb.INVITED,
             pb.DECLINED, pb.UNCHECKED}
    assert set(pb.REFUSALS) == kinds


def test_asking_for_nobody_says_how():
    message = valid(pb.build_prep_needs_a_member())
    assert "`/techlead prep @alice`" in blockkit.shown(message)
