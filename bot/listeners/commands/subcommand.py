"""`/techlead subscribe|unsubscribe|schedule|pause|resume|week|reflect|history`, run in the
background after the ack."""

from __future__ import annotations

import logging

from slack_bolt import Respond
from slack_sdk import WebClient

from bot.blocks.notes import build_note
from bot.services import Coach
from bot.subcommands import HANDLERS, Invocation, verb_of
from storage.people import remember_enterprise

logger = logging.getLogger(__name__)


def handle_subcommand(command: dict, client: WebClient, respond: Respond, coach: Coach,
                      bot_user_id: str | None = None) -> None:
    verb = verb_of(command.get("text"))
    team_id, user_id = command.get("team_id"), command.get("user_id")
    if verb is None or not team_id or not user_id:
        return
    inv = Invocation(coach=coach, client=client, team_id=team_id, user_id=user_id,
                     args=tuple(command.get("text", "").split()[1:]),
                     trigger_id=command.get("trigger_id"), now=coach.clock(),
                     bot_user_id=bot_user_id)
    enterprise_id = command.get("enterprise_id")
    try:
        reply = HANDLERS[verb](inv)
        if enterprise_id:  # Enterprise Grid: the scheduler finds the installation by it
            with coach.sessions.begin() as session:
                remember_enterprise(session, team_id, enterprise_id)
    except Exception:
        logger.exception("/techlead %s failed", verb)
        reply = build_note("Sorry, something went wrong on my side; please try again. "
                           "If it keeps happening, tell whoever runs TechLead Coach.")
    if reply is not None:
        respond(response_type="ephemeral", replace_original=False, **reply)
