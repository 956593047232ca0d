"""Small Block Kit constructors that keep every text inside Slack's limits."""

from __future__ import annotations

from bot.blocks.mrkdwn import clip, clip_mrkdwn, plain

HEADER_MAX = 150
SECTION_TEXT_MAX = 3000
FIELD_MAX = 2000
CONTEXT_TEXT_MAX = 2000
BUTTON_TEXT_MAX = 75
FALLBACK_TEXT_MAX = 3000


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
