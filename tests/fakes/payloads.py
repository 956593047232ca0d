"""Slack payload builders live in the product: the playground sends them to the bot."""

from bot.playground.payloads import (
    block_action,
    event,
    form_payload,
    slash_command,
    view_submission,
)

__all__ = ["block_action", "event", "form_payload", "slash_command", "view_submission"]
