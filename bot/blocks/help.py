"""Answers that guide a person: help, unknown topics, input we cannot use."""

from __future__ import annotations

from collections.abc import Sequence

from bot.blocks import elements as bk
from bot.blocks.mrkdwn import escape
from bot.blocks.mrkdwn import typed as quoted
from content import Guide, Topic

HELP_FOOTER = "Topics also answer to numbers 1-9 and everyday words like `risks`, `cr` or `boss`."


def build_help(guide: Guide, commands: Sequence[tuple[str, str]]) -> dict:
    """Every topic with a one-line description, then every command (usage, description)."""
    topic_lines = [f"`{t.slug}` {escape(t.heading)} — {escape(t.summary)}" for t in guide.topics]
    command_lines = [f"`{escape(usage)}` {escape(description)}"
                     for usage, description in commands]
    blocks = [
        bk.header(f"TechLead Coach: {guide.title}"),
        bk.section("*Topics*: ask with `/techlead &lt;topic&gt;`, e.g. `/techlead risk`\n"
                   + "\n".join(topic_lines)),
        bk.section("*Commands*\n" + "\n".join(command_lines)),
        bk.context(HELP_FOOTER),
    ]
    text = "TechLead Coach topics: " + ", ".join(t.slug for t in guide.topics)
    return bk.message(text, blocks)


def _suggestion_line(suggestions: tuple[Topic, ...]) -> str:
    if not suggestions:
        return "Try one of the topics below."
    names = " or ".join(f"*{t.slug}*" for t in suggestions)
    commands = ", ".join(f"`/techlead {t.slug}` ({escape(t.heading)})" for t in suggestions)
    return f"Did you mean {names}? {commands}"


def build_unknown_topic(guide: Guide, typed: str, suggestions: tuple[Topic, ...]) -> dict:
    """What was not understood, and the closest topics."""
    # Slack sends &, < and > escaped; quoted() undoes that before escaping once.
    lead = f"I don't know the topic “{quoted(typed, 60)}”. {_suggestion_line(suggestions)}"
    return _guidance(guide, lead)


# Slack escapes user, channel and special mentions and links as <...> in command text.
MENTIONED_KINDS = {"@": "a person", "#": "a channel", "!": "a group mention such as @here",
                   "": "a link"}


def build_not_a_topic(guide: Guide, kind: str) -> dict:
    """`/techlead @alice`: a mention (or link) where a topic name belongs."""
    return _guidance(guide, f"`/techlead` takes a topic, not {MENTIONED_KINDS[kind]}. Try "
                            "`/techlead risk` or `/techlead help`.")


def build_text_too_long(guide: Guide, length: int) -> dict:
    """Something pasted by mistake: far longer than any topic name."""
    return _guidance(guide, f"That text is {length:,} characters long; `/techlead` takes one "
                            "topic name, such as `/techlead risk`.")


def _guidance(guide: Guide, lead: str) -> dict:
    slugs = " · ".join(f"`{t.slug}`" for t in guide.topics)
    blocks = [bk.section(lead), bk.context(f"Topics: {slugs} · `/techlead help` for more")]
    return bk.message(lead, blocks)
