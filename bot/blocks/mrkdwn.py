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
