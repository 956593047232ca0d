"""The reflection modal's submission: validated and stored before the ack, so errors show
inline in the modal; the DM turns into "Reflected ✓" after it."""

from __future__ import annotations

import logging

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot import ids
from bot.blocks.reflection_modal import SAVE_FAILED
from bot.dependencies import Dependencies
from bot.reflect import saving
from bot.reflect.form import Submission, parse_submission

logger = logging.getLogger(__name__)


def handle_reflection_submission(ack: Ack, view: dict, client: WebClient,
                                 context: BoltContext, deps: Dependencies) -> None:
    parsed = parse_submission(view, team_id=context.team_id, user_id=context.user_id,
                              guide=deps.guide, today=deps.clock().date())
    if not isinstance(parsed, Submission):
        ack(response_action="errors", errors=parsed)
        return
    try:
        saving.save(deps, parsed, deps.clock())
    except Exception:
        logger.exception("saving a reflection failed")
        ack(response_action="errors", errors={ids.TEXT_BLOCK: SAVE_FAILED})
        return
    ack()
    deps.background.run("confirming a reflection", lambda: saving.confirm(deps, client, parsed))
