"""Safe text for Slack's mrkdwn."""

from __future__ import annotations

import re


def escape(text: str) -> str:
    """Escape what a person typed so it cannot ping @channel or disguise a link."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int, ellipsis: str = "…") -> str:
    """Cut `text` to at most `limit` characters, marking the cut."""
    if len(text) <= limit:
        return text
    return text[: max(0, limit - len(ellipsis))] + ellipsis


def clip_mrkdwn(text: str, limit: int, ellipsis: str = "…") -> str:
    """clip() for mrkdwn: never cut inside an entity (`&amp;`) or a mention or link
    (`<@U123>`), which would leave half-markup Slack shows as garbage."""
    if len(text) <= limit:
        return text
    kept = text[: max(0, limit - len(ellipsis))]
    opened = kept.rfind("<")
    if opened > kept.rfind(">"):
        kept = kept[:opened]
    entity = kept.rfind("&")
    if entity != -1 and ";" not in kept[entity:]:
        kept = kept[:entity]
    return kept + ellipsis


def unescape(text: str) -> str:
    """Undo Slack's own escaping of &, < and > in text it sends us."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def escape_within(text: str, limit: int, ellipsis: str = "…") -> str:
    """Escape `text`, cut so that the escaped form and the ellipsis fit in `limit`
    (escaping can grow text fivefold, so cutting after escaping could split an entity)."""
    escaped = escape(text)
    if len(escaped) <= limit:
        return escaped
    budget = limit - len(ellipsis)
    n = min(len(text), budget)
    while n > 0 and (size := len(escape(text[:n]))) > budget:
        n = min(n - 1, n * budget // size)  # shrink in proportion, at least by one
    return escape(text[:n]) + ellipsis


def quote(text: str, chars: int, lines: int) -> tuple[str, bool]:
    """What a person wrote, as a mrkdwn quote of its own: its first `lines` lines that are
    not blank, escaped and cut to `chars` with a marker (a `>` they typed stays text); and
    whether anything was left out, for a Read all beside it."""
    kept = [line for line in text.splitlines() if line.strip()]
    shown = "\n".join(kept[:lines])
    excerpt = escape_within(shown, chars)
    quoted = "\n".join(f">{line}" for line in excerpt.splitlines()) or ">…"
    return quoted, len(kept) > lines or len(excerpt) < len(escape(shown))


def typed(text: str, limit: int) -> str:
    """What a person typed in a slash command, to quote back: Slack sends &, < and >
    escaped, so undo that, cut to `limit` characters with a marker, and escape once."""
    return escape(clip(" ".join(unescape(text).split()), limit))


def plural(count: int, one: str, many: str | None = None) -> str:
    """`1 reflection`, `3 reflections`, `0 team memberships`."""
    return f"{count:,} {one if count == 1 else many or one + 's'}"


# Formatting marks around a run of text (*bold*, _italic_, ~strike~, `code`) and a quote
# mark at the start of a line: what a notification or screen reader would read out as-is.
# A run never holds its own mark: an unpaired one (typed text cut short) stays as it is
# rather than pairing with the next mark of the template around it.
_EMPHASIS = re.compile(r"(?<![\w*_~`])([*_~`])(?=\S)((?:(?!\1).)+?)(?<=\S)\1(?![\w*_~`])")
_QUOTE = re.compile(r"^>\s?", re.MULTILINE)


def plain(text: str) -> str:
    """A mrkdwn text as plain words, for the `text` fallback beside blocks: formatting marks
    and quote marks dropped. Escaped entities and mentions stay as they are, so nothing a
    person typed can turn into a ping."""
    text = text.replace("```", "")
    previous = None
    while previous != text:  # nested marks: *`code`*
        previous, text = text, _EMPHASIS.sub(r"\2", text)
    return _QUOTE.sub("", text)
