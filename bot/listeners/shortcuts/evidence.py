"""The "Save as evidence" message shortcut: acknowledged at once, then the modal
opens on the message (after a quick look for its link)."""

from __future__ import annotations

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.blocks.notes import build_sorry
from bot.dependencies import Dependencies
from bot.grow.evidence import ShortcutMessage, open_form
from bot.slack_send import respond_logged


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def message_of(shortcut: dict) -> ShortcutMessage | None:
    """The message and its conversation, from a message_action payload; None if either is
    missing. A file or an attachment-only message has no text: "" then."""
    message = shortcut.get("message")
    channel = shortcut.get("channel")
    if not isinstance(message, dict) or not isinstance(channel, dict):
        return None
    channel_id = _text(channel.get("id"))
    ts = _text(message.get("ts")) or _text(shortcut.get("message_ts"))
    if not channel_id or not ts:
        return None
    return ShortcutMessage(channel_id, ts, _text(message.get("text")),
                           _text(shortcut.get("response_url")) or None)


def handle_evidence_shortcut(ack: Ack, shortcut: dict, client: WebClient, respond: Respond,
                             context: BoltContext, deps: Dependencies) -> None:
    ack()
    message = message_of(shortcut)
    if not context.team_id or not context.user_id or message is None:
        return
    trigger_id = shortcut.get("trigger_id")

    def work() -> None:
        note = open_form(deps, client, team_id=context.team_id, user_id=context.user_id,
                         trigger_id=trigger_id if isinstance(trigger_id, str) else None,
                         message=message)
        if note is not None:
            respond_logged(respond, "the evidence shortcut", response_type="ephemeral",
                           replace_original=False, **note)

    deps.background.run("opening the evidence form", work,
                        apologise=lambda: respond_logged(
                            respond, "the evidence shortcut", response_type="ephemeral",
                            replace_original=False, **build_sorry()))
