"""Safe text for Slack's mrkdwn."""

from __future__ import annotations


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


def typed(text: str, limit: int) -> str:
    """What a person typed in a slash command, to quote back: Slack sends &, < and >
    escaped, so undo that, cut to `limit` characters with a marker, and escape once."""
    return escape(clip(" ".join(unescape(text).split()), limit))
