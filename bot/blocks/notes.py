"""Short ephemeral answers: a line or two of mrkdwn and an optional hint."""

from __future__ import annotations

from bot.blocks import elements as bk


def build_note(text: str, hint: str | None = None, *extra_blocks: dict) -> dict:
    blocks = [bk.section(text), *extra_blocks]
    if hint:
        blocks.append(bk.context(hint))
    return bk.message(text, blocks)


def build_sorry() -> dict:
    """What a person sees when the bot failed on its side (the error itself is logged)."""
    return build_note("Sorry, something went wrong on my side; please try again. If it keeps "
                      "happening, tell whoever runs TechLead Coach.")
