"""`/techlead`: the answer is built in memory and returned in the ack itself."""

from __future__ import annotations

from slack_bolt import Ack

from bot import techlead_command
from bot.services import Coach


def handle_techlead(ack: Ack, command: dict, coach: Coach) -> None:
    # No network or database call stands before this ack: the reply is the ack.
    reply = techlead_command.answer(coach.guide, command.get("text"))
    ack(response_type="ephemeral", **reply)
