"""The evidence modal's submission: validated and stored before the ack, so errors show
inline in the modal; the link it went without and the confirmation come after it."""

from __future__ import annotations

import logging

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot import ids
from bot.blocks.evidence_modal import SAVE_FAILED
from bot.dependencies import Dependencies
from bot.grow import evidence
from bot.grow.evidence import Submission

logger = logging.getLogger(__name__)


def handle_evidence_submission(ack: Ack, view: dict, client: WebClient,
                               context: BoltContext, deps: Dependencies) -> None:
    parsed = evidence.parse_submission(view, team_id=context.team_id,
                                       user_id=context.user_id, guide=deps.guide)
    if not isinstance(parsed, Submission):
        ack(response_action="errors", errors=parsed)
        return
    try:
        created = evidence.save(deps, parsed, deps.clock())
    except Exception:
        logger.exception("saving evidence failed")
        ack(response_action="errors", errors={ids.EVIDENCE_NOTE_BLOCK: SAVE_FAILED})
        return
    ack()
    deps.background.run("confirming saved evidence",
                        lambda: evidence.confirm(deps, client, parsed, created))
