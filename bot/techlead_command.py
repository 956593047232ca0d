"""What `/techlead <text>` answers: plain logic, no Slack calls, safe to run before nothing."""

from __future__ import annotations

import functools
import re

from bot.blocks.comparison import build_comparison
from bot.blocks.help import (
    build_help,
    build_input_problem,
    build_unknown_topic,
)
from content import Guide, resolve

# Longer than any topic name or alias by far; anything longer was pasted by mistake.
MAX_TOPIC_TEXT = 100
# Slack escapes user, channel and special mentions and links as <...> in command text.
ESCAPED = re.compile(r"<([@#!]?)[^>]*>")

ESCAPED_KINDS = {
    "@": "a person",
    "#": "a channel",
    "!": "a group mention such as @here",
    "": "a link",
}


def answer(guide: Guide, text: str | None) -> dict:
    """The ephemeral reply to `/techlead text`: a comparison, help or guidance."""
    typed = (text or "").strip()
    resolution = resolve(guide, typed)
    if resolution.topic is not None:  # the common case first: it is the benchmarked path
        return _comparison(guide, resolution.topic.slug)
    query = resolution.query
    if not query or query == "help" or query.startswith("help-"):
        return _help(guide)
    escaped = ESCAPED.search(typed)
    if escaped:
        what = ESCAPED_KINDS[escaped.group(1)]
        return build_input_problem(
            guide,
            f"`/techlead` takes a topic, not {what}. Try `/techlead risk` or `/techlead help`.",
        )
    if len(typed) > MAX_TOPIC_TEXT:
        return build_input_problem(
            guide,
            f"That text is {len(typed):,} characters long; `/techlead` takes one topic name, "
            "such as `/techlead risk`.",
        )
    return build_unknown_topic(guide, typed, resolution.suggestions)


# The guide never changes while the bot runs, so each topic's answer is built once; the
# slash-command path then only resolves the text. Callers must not mutate these dicts.
@functools.lru_cache(maxsize=64)
def _comparison(guide: Guide, slug: str) -> dict:
    return build_comparison(guide, guide.topic(slug))


@functools.lru_cache(maxsize=4)
def _help(guide: Guide) -> dict:
    return build_help(guide)
