"""The reflection modal: a 1-5 self-rating, a few sentences, and who sees them (one of the
sharing levels)."""

from __future__ import annotations

from bot import ids
from bot.blocks import elements as bk
from bot.blocks.mrkdwn import escape
from bot.blocks.mrkdwn import typed as quoted
from bot.blocks.notes import build_note
from bot.blocks.nudge import RATING_LABELS
from bot.blocks.sharing import choice
from content import Guide, Topic
from storage.models import DEFAULT_SHARING

TEXT_MAX = 3000
PLACEHOLDER = "What happened, what you did, what you would do next time"


def _option(value: str, text: str) -> dict:
    return {"text": {"type": "plain_text", "text": text}, "value": value}


def _rating_options() -> list[dict]:
    return [_option(str(n), f"{n} · {label}") for n, label in RATING_LABELS.items()]


def build_reflection_modal(topic: Topic, week: str, metadata: str, *,
                           rating: int | None = None, text: str | None = None,
                           sharing: str = DEFAULT_SHARING, focus: Topic | None = None,
                           focus_rating: int | None = None,
                           focus_text: str | None = None) -> dict:
    """The modal, pre-filled with an earlier answer when there is one, its `sharing` level
    preselected (the earlier answer's, or the person's default); with an optional rating
    and answer on the person's `focus` dimension, shared at the same level."""
    radio: dict = {"type": "radio_buttons", "action_id": ids.RATING_ACTION,
                   "options": _rating_options()}
    if rating in RATING_LABELS:
        radio["initial_option"] = _rating_options()[rating - 1]
    text_input: dict = {"type": "plain_text_input", "action_id": ids.TEXT_ACTION,
                        "multiline": True, "max_length": TEXT_MAX,
                        "placeholder": {"type": "plain_text", "text": PLACEHOLDER}}
    if text:
        text_input["initial_value"] = text[:TEXT_MAX]
    questions = "\n".join(f"• {q}" for q in topic.questions)
    blocks = [
        bk.section(f"*{escape(topic.heading)}* · week {week}\n{questions}"),
        {"type": "input", "block_id": ids.RATING_BLOCK, "element": radio,
         "label": {"type": "plain_text", "text": "This week I worked…"}},
        {"type": "input", "block_id": ids.TEXT_BLOCK, "element": text_input,
         "label": {"type": "plain_text", "text": "Your reflection"}},
        *(_focus_inputs(focus, focus_rating, focus_text) + [bk.divider()] if focus else []),
        # Last, under everything it applies to: the focus answer is shared the same way.
        {"type": "input", "block_id": ids.SHARING_BLOCK,
         "element": choice(ids.SHARING_ACTION, sharing),
         "label": {"type": "plain_text",
                   "text": "Who sees these answers" if focus else "Who sees this answer"}},
    ]
    return {
        "type": "modal",
        "callback_id": ids.REFLECTION_VIEW,
        "private_metadata": metadata,
        "title": {"type": "plain_text", "text": "Weekly reflection"},
        "submit": {"type": "plain_text", "text": "Save" if text is None else "Save changes"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": blocks,
    }


def _focus_inputs(focus: Topic, rating: int | None, text: str | None) -> list[dict]:
    """Optional: a rating and a few words on the focus dimension, stored as that week's
    reflection on it."""
    radio: dict = {"type": "radio_buttons", "action_id": ids.FOCUS_RATING_ACTION,
                   "options": _rating_options()}
    if rating in RATING_LABELS:
        radio["initial_option"] = _rating_options()[rating - 1]
    answer: dict = {"type": "plain_text_input", "action_id": ids.FOCUS_TEXT_ACTION,
                    "multiline": True, "max_length": TEXT_MAX}
    if text:
        answer["initial_value"] = text[:TEXT_MAX]
    question = focus.questions[0] if focus.questions else ""
    aim = "\n".join(f"• {row.lead}" for row in focus.rows)
    return [
        bk.divider(),
        bk.section(f"*Your focus: {escape(focus.heading)}* (optional)\n{question}\n"
                   f"_Aim for:_\n{aim}"),
        {"type": "input", "block_id": ids.FOCUS_RATING_BLOCK, "element": radio,
         "optional": True, "label": {"type": "plain_text", "text": "On my focus I worked…"}},
        {"type": "input", "block_id": ids.FOCUS_TEXT_BLOCK, "element": answer,
         "optional": True, "label": {"type": "plain_text", "text": "About my focus"}},
    ]


FOCUS_NEEDS_RATING = "Pick a rating for your focus too, or clear this answer."


def build_not_a_dimension(guide: Guide, typed: str) -> dict:
    names = ", ".join(f"`{t.slug}`" for t in guide.dimensions)
    return build_note(f"I can open a reflection on one of the nine dimensions: {names}. "
                      f"“{quoted(typed, 60)}” is not one of them.")


def build_open_too_slow() -> dict:
    return build_note("That took Slack too long to open; please try once more.")


def build_open_failed() -> dict:
    return build_note("Sorry, I couldn't open the reflection form just now. Please try again "
                      "in a minute.")


# What the modal says under a field when a submission cannot be saved.
FORM_EXPIRED = "This form has expired. Open it again with `/techlead reflect`."
FORM_NOT_YOURS = "This reflection form belongs to someone else, so nothing was saved."
PICK_A_RATING = "Pick how you worked this week, from 1 to 5."
WRITE_SOMETHING = "Write a few sentences, or close the form to answer later."
PICK_A_LEVEL = "Pick who sees this answer: one of the three choices."
SAVE_FAILED = "Sorry, I couldn't save this just now. Please try again."


def text_too_long(length: int) -> str:
    return f"That is {length:,} characters; the limit is {TEXT_MAX:,}."


def build_week_ended(week: str, this_week: Topic) -> dict:
    """A Reflect or Edit button from a week that is over."""
    return build_note(f"Week {week} has ended, so its reflection can no longer be written or "
                      f"changed. This week is about *{escape(this_week.heading)}*: "
                      "`/techlead reflect` opens it.")
