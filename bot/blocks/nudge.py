"""The weekly nudge DM, the reminder, and the DM after someone reflected."""

from __future__ import annotations

from bot import ids
from bot.blocks import elements as bk
from bot.blocks.mrkdwn import escape
from bot.blocks.notes import build_note
from bot.values import ReflectTarget
from content import Topic

RATING_LABELS = {
    1: "mostly Software Engineer",
    2: "more Software Engineer",
    3: "in between",
    4: "more Tech Lead",
    5: "mostly Tech Lead",
}


def reflect_button(week: str, topic: Topic, text: str = "Reflect") -> dict:
    value = ReflectTarget(week, topic.slug).encode()
    return bk.button(text, ids.OPEN_REFLECTION, value, style="primary")


def _comparison_fields(topic: Topic) -> list[dict]:
    blocks = [bk.section(fields=["*Software Engineer*", "*Tech Lead*"])]
    blocks += [bk.section(fields=[row.engineer, row.lead]) for row in topic.rows]
    return blocks


WELCOME_BACK = ("Welcome back! Nothing piled up while you were away: here is just this week's "
                "dimension.")


def build_nudge(topic: Topic, week: str, *, welcome_back: bool = False,
                extra: tuple[dict, ...] = ()) -> dict:
    """This week's dimension, the comparison in brief, the questions, and Reflect; with a
    welcome back for someone returning from two weeks or more away, and `extra` blocks (a
    person's focus) before the button."""
    questions = "\n".join(f"• {q}" for q in topic.questions)
    blocks = [
        bk.header(f"This week: {topic.heading}"),
        *([bk.section(WELCOME_BACK)] if welcome_back else []),
        bk.section("Your weekly reflection. Here is how the two roles differ:"),
        *_comparison_fields(topic),
        bk.section(f"*Think about your past week:*\n{questions}"),
        *extra,
        bk.actions(ids.NUDGE_ACTIONS, reflect_button(week, topic)),
        bk.context(f"Week {week} · a few sentences are enough · "
                   "`/techlead pause 1` skips a week · `/techlead unsubscribe` stops these"),
    ]
    lead = "Welcome back. " if welcome_back else ""
    return bk.message(f"{lead}This week's reflection: {escape(topic.heading)}", blocks)


def build_reminder(topic: Topic, week: str) -> dict:
    blocks = [
        bk.section(f"A gentle reminder: this week's reflection on *{escape(topic.heading)}* "
                   "is still open. Two minutes is enough."),
        bk.actions(ids.NUDGE_ACTIONS, reflect_button(week, topic)),
        bk.context("This is the only reminder this week."),
    ]
    return bk.message(f"Reminder: reflect on {escape(topic.heading)}", blocks)


def build_reflected(topic: Topic, week: str, rating: int, *,
                    followup: str | None = None) -> dict:
    """What the nudge becomes once answered: done, with the rating and a way to edit; with
    one coaching question when the answer was thin."""
    label = RATING_LABELS[rating]
    blocks = [
        bk.section(f"*Reflected ✓* {escape(topic.heading)}, week {week}: "
                   f"you rated yourself {rating}/5, {label}."),
    ]
    if followup:
        blocks += [bk.section(f"*One question to take it further:* {followup}"),
                   bk.actions(ids.FOLLOWUP_ACTIONS,
                              reflect_button(week, topic, "Add to my reflection"))]
    else:
        blocks.append(bk.actions(ids.NUDGE_ACTIONS,
                                 reflect_button(week, topic, "Edit reflection")))
    blocks.append(bk.context("You can edit it until the week ends. `/techlead history` shows "
                             "your past reflections · `/techlead followups off` stops "
                             "follow-up questions"
                             if followup else
                             "You can edit it until the week ends. `/techlead history` "
                             "shows your past reflections."))
    return bk.message(f"Reflected ✓ {escape(topic.heading)}: {rating}/5", blocks)


def build_followups_set(on: bool, *, changed: bool) -> dict:
    state = "on" if on else "off"
    lead = f"Follow-up questions are now {state}." if changed else \
        f"Follow-up questions are {state}."
    return build_note(f"{lead} When they are on, a short reflection gets one question "
                      "written for its dimension, to take it further.",
                      "`/techlead followups on` · `/techlead followups off`")
