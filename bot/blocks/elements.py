"""Small Block Kit constructors that keep every text inside Slack's limits."""

from __future__ import annotations

from bot.blocks.mrkdwn import clip, clip_mrkdwn, plain

HEADER_MAX = 150
SECTION_TEXT_MAX = 3000
FIELD_MAX = 2000
CONTEXT_TEXT_MAX = 2000
BUTTON_TEXT_MAX = 75
FALLBACK_TEXT_MAX = 3000
MESSAGE_BLOCKS_MAX = 50
# Slack refuses a message (msg_blocks_too_long) past roughly 13,000 characters of text
# summed over its blocks; a builder that fills a message up to a size stops here.
MESSAGE_TEXT_BUDGET = 11_000


def header(text: str) -> dict:
    return {"type": "header", "text": {"type": "plain_text", "text": clip(text, HEADER_MAX)}}


def mrkdwn(text: str, limit: int = SECTION_TEXT_MAX) -> dict:
    return {"type": "mrkdwn", "text": clip_mrkdwn(text, limit)}


def section(text: str | None = None, fields: list[str] | None = None) -> dict:
    block: dict = {"type": "section"}
    if text is not None:
        block["text"] = mrkdwn(text)
    if fields:
        block["fields"] = [mrkdwn(f, FIELD_MAX) for f in fields[:10]]
    return block


def context(*texts: str) -> dict:
    return {"type": "context", "elements": [mrkdwn(t, CONTEXT_TEXT_MAX) for t in texts[:10]]}


def divider() -> dict:
    return {"type": "divider"}


def button(text: str, action_id: str, value: str, style: str | None = None) -> dict:
    element = {
        "type": "button",
        "text": {"type": "plain_text", "text": clip(text, BUTTON_TEXT_MAX), "emoji": True},
        "action_id": action_id,
        "value": value,
    }
    if style:
        element["style"] = style
    return element


def actions(block_id: str, *elements: dict) -> dict:
    return {"type": "actions", "block_id": block_id, "elements": list(elements)}


def message(text: str, blocks: list[dict]) -> dict:
    """A message body: blocks plus the fallback Slack shows in notifications and reads to
    screen readers, as plain words (`text` may be written in mrkdwn)."""
    return {"text": clip_mrkdwn(plain(text), FALLBACK_TEXT_MAX), "blocks": blocks}


def text_size(node) -> int:
    """Characters of text in blocks, summed as Slack counts them against the budget."""
    if isinstance(node, list):
        return sum(text_size(item) for item in node)
    if not isinstance(node, dict):
        return 0
    own = len(node["text"]) if isinstance(node.get("text"), str) else 0
    return own + sum(text_size(v) for v in node.values() if isinstance(v, dict | list))
