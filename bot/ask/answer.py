"""What `/techlead <text>` answers when the text is not a sub-command: plain logic, no
Slack or database call, so the answer can be the ack itself."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence

from bot.blocks.comparison import build_comparison
from bot.blocks.help import (
    MENTIONED_KINDS,
    build_help,
    build_not_a_topic,
    build_text_too_long,
    build_unknown_topic,
)
from content import Guide, resolve

# Longer than any topic name or alias by far; anything longer was pasted by mistake.
MAX_TOPIC_TEXT = 100
# Slack escapes user, channel and special mentions and links as <...> in command text.
ESCAPED = re.compile(r"<([@#!]?)[^>]*>")
HELP, UNKNOWN = "help", "unknown"


def answer(guide: Guide, text: str | None,
           commands: Sequence[tuple[str, str]]) -> tuple[str, dict]:
    """(what was asked, the ephemeral reply): a topic's slug and its comparison, "help"
    and the list of topics and `commands`, or "unknown" and guidance."""
    typed = (text or "").strip()
    resolution = resolve(guide, typed)
    if resolution.topic is not None:  # the common case first: it is the benchmarked path
        return resolution.topic.slug, _comparison(guide, resolution.topic.slug)
    query = resolution.query
    if query == HELP or query.startswith("help-") or (not query and _only_punctuation(typed)):
        return HELP, _help(guide, tuple(commands))
    escaped = ESCAPED.search(typed)
    if escaped and escaped.group(1) in MENTIONED_KINDS:
        return UNKNOWN, build_not_a_topic(guide, escaped.group(1))
    if len(typed) > MAX_TOPIC_TEXT:
        return UNKNOWN, build_text_too_long(guide, len(typed))
    return UNKNOWN, build_unknown_topic(guide, typed, resolution.suggestions)


def _only_punctuation(typed: str) -> bool:
    """Nothing, or only punctuation ("?"): a request for help. Emoji and other symbols are
    something typed, just not a topic."""
    return all(unicodedata.category(c)[0] in "PZC" for c in typed)


# The guide never changes while the bot runs, so each topic's answer is built once; the
# slash-command path then only resolves the text. Callers must not mutate these dicts.
@functools.lru_cache(maxsize=64)
def _comparison(guide: Guide, slug: str) -> dict:
    return build_comparison(guide, guide.topic(slug))


@functools.lru_cache(maxsize=4)
def _help(guide: Guide, commands: tuple[tuple[str, str], ...]) -> dict:
    return build_help(guide, commands)
