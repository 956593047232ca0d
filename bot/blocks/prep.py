"""`/techlead prep @member`: a manager's 1:1 prep, and every refusal of it, naming why.

`prep` below is a bot.coaching.prep.Prep: only what the member shared with the manager
(texts shared in full, ratings shared), never a private answer or their evidence."""

from __future__ import annotations

from bot import ids
from bot.blocks import elements as bk
from bot.blocks import team
from bot.blocks.mrkdwn import clip_mrkdwn, escape, escape_within, plural, quote
from bot.blocks.mrkdwn import typed as quoted
from bot.blocks.notes import build_note
from bot.blocks.nudge import RATING_LABELS
from bot.blocks.progress import TITLE_CHARS, trend_text
from bot.coaching.prep import LOWEST, RECENT, Answer, Question
from bot.values import Numbered

# An answer's excerpt, as in the digest; the newest answers come first and as many as fit
# in one message (Read all opens the rest of a text; older answers are in the digests).
SHOWN_CHARS = 400
SHOWN_LINES = 8
QUESTION_CHARS = 600  # a guide question or behaviour; the guide's are under 110
# Why prep cannot be shown, besides team's NOT_A_MENTION, YOURSELF, NOT_FOUND, IS_BOT and
# DEACTIVATED (what Slack says of the person).
SEVERAL, NO_TEAM, NOT_IN_TEAM, INVITED, DECLINED, UNCHECKED = (
    "several", "no_team", "not_in_team", "invited", "declined", "unchecked")
PRIVACY = ("Only what {who} shared with you: reflection texts they shared in full and "
           "ratings they shared. Answers they kept private and their evidence journal are "
           "never here.")


def _answer(answer: Answer) -> list[dict]:
    """Its line (week, dimension, rating) in a block of its own and the text quoted below:
    nothing written in an answer can pass for another answer's line."""
    line = (f"*{answer.week}* · {escape_within(answer.topic.heading, TITLE_CHARS)} · "
            f"{answer.rating}/5, {RATING_LABELS[answer.rating]}")
    if answer.text is None:
        return [bk.context(f"{line} · shared the rating only")]
    text, cut = quote(answer.text, SHOWN_CHARS, SHOWN_LINES)
    section = bk.section(text)
    if cut:
        section["accessory"] = bk.button("Read all", ids.READ_REFLECTION,
                                         Numbered(answer.reflection_id).encode())
    return [bk.context(line), section]


def _why(question: Question) -> str:
    because = question.because
    if question.why == LOWEST and because:
        return f"rated lowest lately ({because.rating}/5 in {because.week})"
    if question.why == RECENT and because:
        return f"their latest answer ({because.week})"
    return "this week's dimension"


def _question(question: Question) -> dict:
    """The question as plain words; what to listen for is a guide cell, written in mrkdwn."""
    return bk.section(f"*{escape_within(question.topic.heading, TITLE_CHARS)}* · "
                      f"{_why(question)}\n{escape_within(question.ask, QUESTION_CHARS)}\n"
                      f"_Listen for:_ {clip_mrkdwn(question.listen_for, QUESTION_CHARS)}")


def _trend_line(trend) -> str:
    title = f"*{escape_within(trend.topic.heading, TITLE_CHARS)}*"
    if not trend.ratings:
        return f"{title}: _nothing shared_"
    more = (f" (last {len(trend.ratings)} of {trend.total})"
            if trend.total > len(trend.ratings) else "")
    return f"{title}: {trend_text(trend.ratings)}{more}"


def _top(prep) -> list[dict]:
    who = f"<@{prep.member_id}>"
    blocks = [bk.header("1:1 prep"),
              bk.section(f"For your 1:1 with {who} · week {prep.week}")]
    if prep.focus is not None:
        blocks.append(bk.section(
            f"*Their focus:* {escape(prep.focus.heading)}, "
            f"{plural(prep.focus_weeks_left, 'week')} left (they chose to share it)"))
    return blocks


def _questions(prep) -> list[dict]:
    return [bk.divider(), bk.section("*Questions for the 1:1*, each with the Tech Lead "
                                     "behaviour to listen for"),
            *(_question(q) for q in prep.questions),
            bk.context(PRIVACY.format(who=f"<@{prep.member_id}>"))]


def _fitting(answers, room_blocks: int, room_text: int) -> tuple[list[dict], int]:
    """The newest answers' blocks while they fit, and how many answers were left out."""
    blocks: list[dict] = []
    for k, answer in enumerate(answers):
        more = _answer(answer)
        room_blocks, room_text = room_blocks - len(more), room_text - bk.text_size(more)
        if room_blocks < 1 or room_text < 200:  # room kept for the "not shown" line
            return blocks, len(answers) - k
        blocks += more
    return blocks, 0


def build_prep(prep) -> dict:
    """The member's shared answers of the last rotation, their trend per dimension and
    three questions; or, when they shared nothing, that and this week's questions."""
    who = f"<@{prep.member_id}>"
    if not prep.shared:
        blocks = [*_top(prep), bk.section(f"{who} has not shared reflections with you yet. "
                                          "The questions below are on this week's "
                                          f"dimension, *{escape(prep.this_week.heading)}*."),
                  *_questions(prep)]
        return bk.message(f"1:1 prep: {who} has not shared reflections with you yet", blocks)
    top = [*_top(prep), bk.divider(), bk.section(
        f"*Shared in the last rotation*, {prep.since} to {prep.week}, newest first")]
    below = [bk.divider(), bk.section("*Their self-rating per dimension*, oldest to newest "
                                      "(shared ratings only)\n"
                                      + "\n".join(_trend_line(t) for t in prep.trends)),
             *_questions(prep)]
    shown, left_out = _fitting(prep.answers, bk.MESSAGE_BLOCKS_MAX - len(top) - len(below),
                               bk.MESSAGE_TEXT_BUDGET - bk.text_size([*top, *below]))
    if not prep.answers:
        shown = [bk.context("Nothing shared in these nine weeks; the trend below has what "
                            "they shared before.")]
    elif left_out:
        shown.append(bk.context(f"{plural(left_out, 'older answer')} of these nine weeks "
                                "not shown here: `/techlead digest export` has every "
                                "answer shared with you."))
    return bk.message(f"1:1 prep for {who}: {plural(len(prep.answers), 'answer')} shared in "
                      f"the last rotation, {plural(len(prep.questions), 'question')} to ask",
                      [*top, *shown, *below])


REFUSALS = {
    team.NOT_A_MENTION: "“{typed}” is not a mention: type @ and pick the person from the "
                        "list, e.g. `/techlead prep @alice`.",
    SEVERAL: "Prep is for one person at a time, e.g. `/techlead prep @alice`.",
    team.YOURSELF: "Prep is for your 1:1s with the people in your team, not yourself: "
                   "`/techlead progress` and `/techlead journal` show your own.",
    NO_TEAM: "You don't manage a team, so there is nobody's 1:1 to prepare. Build one with "
             "`/techlead team add @alice @bob`.",
    team.NOT_FOUND: "I can't find {who} in this workspace.",
    team.IS_BOT: "{who} is a bot: there is no 1:1 to prepare.",
    team.DEACTIVATED: "{who}'s account has been deactivated, so there is no 1:1 to prepare.",
    NOT_IN_TEAM: "{who} is not in your team: prep shows only what the people in your team "
                 "share with you. (Someone who left it takes what they shared with them.)",
    INVITED: "{who} has not accepted your team invitation yet: once they join, prep shows "
             "what they share with you from then on.",
    DECLINED: "{who} declined your team invitation, so they share nothing with you.",
    UNCHECKED: "I couldn't check {who} with Slack just now; please try again in a moment.",
}


def build_prep_refused(reason: str, subject: str = "") -> dict:
    """Why there is no prep; `subject` is the person (a user ID) or the word typed."""
    text = REFUSALS[reason].format(who=f"<@{subject}>", typed=quoted(subject, 40))
    return build_note(text, "`/techlead team` lists your team")


def build_prep_needs_a_member() -> dict:
    return build_note("Say whose 1:1 to prepare: `/techlead prep @alice` (type @ and pick "
                      "them from the list).",
                      "It shows what they shared with you, their trend per dimension and "
                      "three questions to ask.")
