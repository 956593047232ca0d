"""Short ephemeral answers: a line or two of mrkdwn and an optional hint."""

from __future__ import annotations

from bot.blocks import elements as bk


def build_note(text: str, hint: str | None = None, *extra_blocks: dict) -> dict:
    blocks = [bk.section(text), *extra_blocks]
    if hint:
        blocks.append(bk.context(hint))
    return bk.message(text, blocks)
