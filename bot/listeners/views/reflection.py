"""The reflection modal's submission: validated and stored before the ack, so errors show
inline in the modal; the DM is updated after it."""

from __future__ import annotations

import logging

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot import ids, reflect
from bot.reflection_form import Submission, parse_submission
from bot.services import Coach

logger = logging.getLogger(__name__)


def _parse(view: dict, context: BoltContext, coach: Coach) -> Submission | dict[str, str]:
    return parse_submission(view, team_id=context.team_id, user_id=context.user_id,
                            guide=coach.guide, today=coach.clock().date())


def handle_reflection_submission(ack: Ack, view: dict, context: BoltContext,
                                 coach: Coach) -> None:
    parsed = _parse(view, context, coach)
    if not isinstance(parsed, Submission):
        ack(response_action="errors", errors=parsed)
        return
    try:
        reflect.save(coach, parsed, coach.clock())
    except Exception:
        logger.exception("saving a reflection failed")
        ack(response_action="errors",
            errors={ids.TEXT_BLOCK: "Sorry, I couldn't save this just now. Please try again."})
        return
    ack()


def confirm_reflection(view: dict, client: WebClient, context: BoltContext,
                       coach: Coach) -> None:
    parsed = _parse(view, context, coach)
    if isinstance(parsed, Submission):
        reflect.confirm(coach, client, parsed)
