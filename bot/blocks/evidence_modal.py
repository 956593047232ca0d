"""Saving evidence: the "Save as evidence" shortcut's modal, what it says under a field, and
the answers to `/techlead evidence <topic> <text>`."""

from __future__ import annotations

import re

from bot import ids
from bot.blocks import elements as bk
from bot.blocks.mrkdwn import clip, escape, escape_within, unescape
from bot.blocks.mrkdwn import typed as quoted
from bot.blocks.notes import build_note
from content import Guide, Topic

# The message shortcut's name, as the manifest declares it (Slack allows 24 characters).
SHORTCUT_NAME = "Save as evidence"
NOTE_MAX = 3000  # the note is kept in full, up to the input's own limit
MESSAGE_TEXT_MAX = 1500  # a message's text is kept capped (its link leads to the rest)
SHOWN_IN_MODAL = 600
OPTION_TEXT_MAX = 75
NOTE_PLACEHOLDER = "What you did, and what it shows about how you work"

# Slack's markup in message text: mentions, channels, special mentions, links.
_SPECIAL = re.compile(r"<([@#!])([^<>|]*)(?:\|([^<>]*))?>")
_LINK = re.compile(r"<((?:https?|mailto):[^<>|\s]+)(?:\|([^<>]*))?>")
_SAFE_LINK = re.compile(r"https://[^\s<>|]+")


def readable(text: str) -> str:
    """Slack message text as words a person reads: `<@U1|ann>` -> `@ann`, `<!here>` ->
    `@here`, `<https://x|docs>` -> `docs (https://x)`, and &amp; &lt; &gt; undone. Nothing
    of it is markup any more (escape it again to show it in mrkdwn)."""

    def special(match: re.Match) -> str:
        sigil, target, label = match.group(1), match.group(2), match.group(3)
        if sigil == "!":
            if target.startswith("date^"):  # a date, shown as its fallback text
                return label or ""
            name = label or target.split("^", 1)[0]  # <!here>, <!subteam^S1|@team>
            return name if name.startswith("@") else "@" + name
        if label:
            return label if label.startswith(sigil) else sigil + label
        return sigil + target

    def link(match: re.Match) -> str:
        url, label = match.group(1), match.group(2)
        return f"{label} ({url})" if label and label != url else url

    return unescape(_LINK.sub(link, _SPECIAL.sub(special, text)))


def safe_link(url: str | None) -> str | None:
    """A link fit to put inside `<url|label>`: https, nothing that would end the markup."""
    return url if isinstance(url, str) and _SAFE_LINK.fullmatch(url) else None


def _option(topic: Topic) -> dict:
    return {"text": {"type": "plain_text", "text": clip(topic.heading, OPTION_TEXT_MAX)},
            "value": topic.slug}


def _about_the_message(message_text: str, cut: bool, permalink: str | None) -> list[dict]:
    link = safe_link(permalink)
    opened = f" (<{link}|open it>)" if link else ""
    if not message_text:
        return [bk.section(f"This message has no text I can keep (a file or an attachment)"
                           f"{opened}, so say in your note what it shows.")]
    excerpt = escape_within(readable(message_text), SHOWN_IN_MODAL)
    blocks = [bk.section(f"*The message*{opened}\n{excerpt}")]
    notes = []
    if cut:
        notes.append(f"The message is long: I keep its first {len(message_text):,} "
                     "characters with your note, and the link leads to the rest.")
    if not link:
        notes.append("I couldn't get a link to this message just now.")
    return blocks + ([bk.context(" ".join(notes))] if notes else [])


def build_evidence_modal(guide: Guide, metadata: str, *, message_text: str, cut: bool,
                         permalink: str | None, dimension: str | None = None,
                         suggested: bool = False, note: str | None = None) -> dict:
    """The modal: the message (or what it lacks), the dimension (pre-selected when one is
    suggested or was chosen before), the note. A note is needed when the message has no
    text to keep; `note` not None means the message was saved before."""
    options = [_option(t) for t in guide.dimensions]
    select: dict = {"type": "static_select", "action_id": ids.EVIDENCE_DIMENSION_ACTION,
                    "options": options,
                    "placeholder": {"type": "plain_text", "text": "Pick a dimension"}}
    chosen = [o for o in options if o["value"] == dimension]
    if chosen:
        select["initial_option"] = chosen[0]
    note_input: dict = {"type": "plain_text_input", "action_id": ids.EVIDENCE_NOTE_ACTION,
                        "multiline": True, "max_length": NOTE_MAX,
                        "placeholder": {"type": "plain_text", "text": NOTE_PLACEHOLDER}}
    if note:
        note_input["initial_value"] = note[:NOTE_MAX]
    dimension_block: dict = {"type": "input", "block_id": ids.EVIDENCE_DIMENSION_BLOCK,
                             "element": select,
                             "label": {"type": "plain_text", "text": "Dimension"}}
    if suggested and chosen:
        dimension_block["hint"] = {"type": "plain_text",
                                   "text": "Suggested from the message's words; change it "
                                           "if another fits better."}
    blocks = _about_the_message(message_text, cut, permalink)
    if note is not None:
        blocks.append(bk.context("You saved this message before: saving again updates that "
                                 "entry."))
    blocks += [
        dimension_block,
        {"type": "input", "block_id": ids.EVIDENCE_NOTE_BLOCK, "element": note_input,
         "optional": bool(message_text),
         "label": {"type": "plain_text", "text": "Your note"}},
    ]
    return {
        "type": "modal",
        "callback_id": ids.EVIDENCE_VIEW,
        "private_metadata": metadata,
        "title": {"type": "plain_text", "text": "TechLead evidence"},
        "submit": {"type": "plain_text", "text": "Save" if note is None else "Save changes"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": blocks,
    }


# What the modal says under a field when a submission cannot be saved.
FORM_EXPIRED = f"This form has expired. Use “{SHORTCUT_NAME}” on the message again."
FORM_NOT_YOURS = "This evidence form belongs to someone else, so nothing was saved."
PICK_A_DIMENSION = "Pick the dimension this message is evidence of."
NOTE_NEEDED = "This message has no text to keep, so write a line on what it shows."
SAVE_FAILED = "Sorry, I couldn't save this just now. Please try again."


def note_too_long(length: int) -> str:
    return f"That is {length:,} characters; the limit is {NOTE_MAX:,}."


def _journal_hint(topic: Topic) -> str:
    return f"`/techlead journal {topic.slug}` shows it; only you can see your journal."


def build_evidence_saved(topic: Topic, created: bool) -> dict:
    done = "Saved to your journal" if created else "Updated in your journal"
    return build_note(f"{done} under *{escape(topic.heading)}* ✓", _journal_hint(topic))


def dimension_list(guide: Guide) -> str:
    return ", ".join(f"`{t.slug}`" for t in guide.dimensions)


def build_evidence_usage(guide: Guide) -> dict:
    return build_note("Add a note to your evidence journal: `/techlead evidence &lt;topic&gt; "
                      "&lt;what you did&gt;`, e.g. `/techlead evidence risk I listed the "
                      "migration's risks before we started.`",
                      f"Topics: {dimension_list(guide)}. To keep a Slack message, use "
                      f"*{SHORTCUT_NAME}* in the message's ⋯ menu.")


def build_evidence_not_a_dimension(guide: Guide, typed: str) -> dict:
    return build_note(f"Evidence goes under one of the nine dimensions: "
                      f"{dimension_list(guide)}. “{quoted(typed, 60)}” is not one of "
                      "them, so nothing was saved.")


def build_evidence_note_too_long(length: int) -> dict:
    return build_note(f"{note_too_long(length)} Nothing was saved; shorten it, or save the "
                      f"message it is about with *{SHORTCUT_NAME}*.")


def build_evidence_open_failed(too_slow: bool) -> dict:
    if too_slow:
        return build_note("That took Slack too long to open; please try once more.")
    return build_note("Sorry, I couldn't open the evidence form just now. Please try again "
                      "in a minute.")
