"""The evidence journal: `/techlead journal [topic]` a page at a time, the Markdown document
`journal export` uploads (the "brag document"), and the answers around them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot import ids
from bot.blocks import elements as bk
from bot.blocks.evidence_modal import SHORTCUT_NAME, dimension_list, readable, safe_link
from bot.blocks.mrkdwn import escape, escape_within, plural, unescape
from bot.blocks.mrkdwn import typed as quoted
from bot.blocks.notes import build_note
from bot.blocks.nudge import RATING_LABELS
from bot.blocks.sharing import tag
from bot.values import CanvasRequest, JournalPage
from content import Guide, Topic
from storage.models import Evidence, Reflection

PER_PAGE = 6
# Six entries and their headings stay under Slack's ~12,000 characters of text a message.
SHOWN_CHARS = 1100
QUOTED_CHARS = 400


@dataclass(frozen=True)
class Entry:
    """One line of the journal: a reflection (its week's Monday) or evidence (the day of its
    message, else the day it was saved), on one dimension."""

    dimension: str
    day: date
    reflection: Reflection | None = None
    evidence: Evidence | None = None


def _heading(guide: Guide, slug: str) -> str:
    try:
        return guide.topic(slug).heading
    except KeyError:  # a dimension the guide no longer has
        return slug


def _entry_text(entry: Entry) -> str:
    if entry.reflection is not None:
        row = entry.reflection
        shared = tag(row.sharing)
        return (f"_Reflection · {row.week}_ · {row.rating}/5, "
                f"{RATING_LABELS.get(row.rating, '')}{shared}\n"
                f"{escape_within(row.text, SHOWN_CHARS)}")
    row = entry.evidence
    link = safe_link(row.permalink)
    source = f" · <{link}|the message>" if link else ""
    lines = [f"_Evidence · {entry.day:%d %b %Y}_{source}"]
    if row.note:
        lines.append(escape_within(readable(row.note), SHOWN_CHARS))
    if row.message_text:
        lines.append("> " + escape_within(" ".join(readable(row.message_text).split()),
                                          QUOTED_CHARS))
    return "\n".join(lines)


def _pages(total: int) -> int:
    return max(1, (total + PER_PAGE - 1) // PER_PAGE)


def build_journal_page(guide: Guide, entries: list[Entry], *, total: int, page: int,
                       topic: Topic | None, counts: tuple[int, int]) -> dict:
    """Page `page` of the person's journal (`entries` are that page's, by dimension, newest
    first within each), or what to do when there is nothing yet."""
    where = f" on *{escape(topic.heading)}*" if topic else ""
    if total == 0:
        text = (f"Your journal has nothing{where} yet. `/techlead reflect` starts a "
                f"reflection; *{SHORTCUT_NAME}* in a message's ⋯ menu, or "
                "`/techlead evidence &lt;topic&gt; &lt;what you did&gt;`, adds evidence.")
        return bk.message(text, [bk.section(text)])
    pages = _pages(total)
    blocks = [bk.header(f"Your journal · {topic.heading}" if topic else "Your journal")]
    shown = None
    for entry in entries:
        if entry.dimension != shown and topic is None:
            blocks.append(bk.section(f"*{escape(_heading(guide, entry.dimension))}*"))
            shown = entry.dimension
        blocks.append(bk.section(_entry_text(entry)))
    reflections, notes = counts
    blocks.append(bk.context(
        f"Page {page} of {pages} · {plural(reflections, 'reflection')}, "
        f"{plural(notes, 'evidence note')} · only you see this · `/techlead journal export` "
        "sends it all as a Markdown file"))
    slug = topic.slug if topic else ""
    # Both buttons are JOURNAL_PAGE, and an action_id must be unique within its block.
    if page > 1:
        blocks.append(bk.actions(f"{ids.JOURNAL_PAGES}_newer", bk.button(
            "Newer", ids.JOURNAL_PAGE, JournalPage(slug, page - 1).encode())))
    if page < pages:
        blocks.append(bk.actions(f"{ids.JOURNAL_PAGES}_older", bk.button(
            "Older", ids.JOURNAL_PAGE, JournalPage(slug, page + 1).encode())))
    return bk.message(f"Your journal{where}, page {page} of {pages}", blocks)


def build_journal_not_a_dimension(guide: Guide, typed: str) -> dict:
    return build_note(f"Your journal is kept by the nine dimensions: {dimension_list(guide)}. "
                      f"“{quoted(typed, 60)}” is not one of them.",
                      "`/techlead journal` shows them all; `/techlead journal export` sends "
                      "a Markdown file.")


# -- the Markdown document ---------------------------------------------------------------------
_MARKUP = re.compile(r"([\\`*_\[\]<>|~#])")
_LIST_MARK = re.compile(r"^([-+=])")
_NUMBERED = re.compile(r"^(\d+)([.)])")


def _md(text: str) -> str:
    """What a person wrote, as Markdown that shows it as written: Slack's markup made
    readable, Markdown's own marks escaped so nothing turns into a heading or a link."""
    lines = []
    for line in readable(text).splitlines():
        line = _MARKUP.sub(r"\\\1", line.strip())
        line = _NUMBERED.sub(r"\1\\\2", _LIST_MARK.sub(r"\\\1", line))
        lines.append(line)
    return "\n".join(f"  {line}" if line else "" for line in lines).strip("\n")


def _cell(mrkdwn: str) -> str:
    """A guide cell (Slack mrkdwn) as a Markdown table cell."""
    text = re.sub(r"(?<![\w*])\*(\S(?:[^*]*\S)?)\*(?![\w*])", r"**\1**", unescape(mrkdwn))
    return text.replace("|", "\\|").replace("\n", " ")


def _dimension_markdown(topic: Topic, entries: list[Entry]) -> list[str]:
    out = [f"## {topic.heading}", "", f"_{_cell(topic.summary)}_", "",
           "| Software Engineer | Tech Lead |", "|---|---|"]
    out += [f"| {_cell(r.engineer)} | {_cell(r.lead)} |" for r in topic.rows]
    reflections = [e.reflection for e in entries if e.reflection is not None]
    evidence = [e for e in entries if e.evidence is not None]
    if not reflections and not evidence:
        return [*out, "", "Nothing here yet.", ""]
    if reflections:
        trend = " → ".join(f"{r.rating} ({r.week})" for r in sorted(reflections,
                                                                     key=lambda r: r.week))
        out += ["", "### Ratings over time", "", trend, "", "### Reflections", ""]
        for r in reflections:
            shared = tag(r.sharing)
            out += [f"- **{r.week}** · {r.rating}/5, {RATING_LABELS.get(r.rating, '')}"
                    f"{shared}", _md(r.text)]
    if evidence:
        out += ["", "### Evidence", ""]
        for e in evidence:
            link = safe_link(e.evidence.permalink)
            source = f" · [the message]({link})" if link else ""
            out.append(f"- **{e.day:%Y-%m-%d}**{source}")
            if e.evidence.note:
                out.append(_md(e.evidence.note))
            if e.evidence.message_text:
                out += ["", "  _The message:_ " + _md(e.evidence.message_text).lstrip()]
    return [*out, ""]


def journal_markdown(guide: Guide, entries: list[Entry], today: date) -> str:
    """The whole journal: for each dimension the guide's contrast, the ratings over time,
    then the reflections and evidence, newest first, with dates and links."""
    reflections = sum(e.reflection is not None for e in entries)
    out = [f"# {guide.title}: my journal", "",
           f"Exported {today:%d %b %Y} · {plural(reflections, 'reflection')}, "
           f"{plural(len(entries) - reflections, 'evidence note')}.", ""]
    for topic in guide.dimensions:
        out += _dimension_markdown(topic, [e for e in entries if e.dimension == topic.slug])
    return "\n".join(out)


def journal_filename(today: date) -> str:
    return f"techlead-journal-{today:%Y-%m-%d}.md"


# -- export and canvas answers -----------------------------------------------------------------
def build_journal_exported(counts: tuple[int, int], filename: str,
                           button: CanvasRequest) -> dict:
    reflections, notes = counts
    text = (f"Sent you your journal by DM as `{filename}`: "
            f"{plural(reflections, 'reflection')} and {plural(notes, 'evidence note')}, "
            "with the guide's contrast for each dimension.")
    return bk.message(text, [bk.section(text), bk.actions(
        ids.JOURNAL_EXPORT_ACTIONS,
        bk.button("Open as canvas", ids.OPEN_CANVAS, button.encode())),
        bk.context("A canvas is shared with you alone; the Markdown file stays either way.")])


def build_journal_empty_export() -> dict:
    return build_note("Your journal is empty, so there is nothing to export yet.",
                      "`/techlead reflect` starts a reflection; `/techlead evidence "
                      "&lt;topic&gt; &lt;text&gt;` adds a note.")


def build_journal_export_failed() -> dict:
    return build_note("Sorry, I couldn't upload the file just now. Please try again in a "
                      "minute.")


def build_canvas_opened(link: str) -> dict:
    return build_note(f"Your journal is open as a canvas, shared with you alone: "
                      f"<{link}|open it>.", "The Markdown file stays in our DM too.")


def build_canvas_link(link: str) -> dict:
    """The DM that shares the canvas with its owner (Slack wants it sent to them first)."""
    return build_note(f"Your TechLead journal, as a canvas: <{link}|open it>.")


def build_canvases_unavailable() -> dict:
    return build_note("This workspace can't have canvases made for it (Slack's free plans "
                      "allow no standalone canvases), so your journal stays a Markdown file: "
                      "it is in our DM.")


def build_canvas_too_long() -> dict:
    return build_note("Your journal is longer than one canvas holds; the Markdown file in our "
                      "DM has all of it.")


def build_canvas_failed() -> dict:
    return build_note("Sorry, I couldn't make the canvas just now. The Markdown file in our "
                      "DM has everything; the button works again in a minute.")


def build_canvas_not_yours() -> dict:
    return build_note("This button opens someone else's journal, so it does nothing for you.")
