"""The "Share in channel" button: repost the comparison visibly, through the response_url."""

from __future__ import annotations

import logging

from slack_bolt import Ack, BoltContext, Respond

from bot.blocks.comparison import build_comparison
from bot.services import Coach

logger = logging.getLogger(__name__)


def ack_share(ack: Ack) -> None:
    ack()


def handle_share(body: dict, respond: Respond, context: BoltContext, coach: Coach) -> None:
    guide = coach.guide
    actions = body.get("actions") or [{}]
    slug = str(actions[0].get("value") or "")
    user_id = context.user_id
    if not user_id or not body.get("response_url"):
        logger.warning("share action without a user or response_url; ignored")
        return
    try:
        topic = guide.topic(slug)
    except KeyError:
        respond(replace_original=False, text="That topic no longer exists; try `/techlead help`.")
        return
    shared = build_comparison(guide, topic, shared_by=user_id)
    result = respond(response_type="in_channel", replace_original=False, **shared)
    if result.status_code != 200:
        logger.warning("sharing %s failed: HTTP %s", slug, result.status_code)
        respond(
            replace_original=False,
            text="Sorry, I couldn't share that here. You can still copy it from this message.",
        )
        return
    # The private copy with its button would invite a second share; the channel has it now.
    respond(delete_original=True)
