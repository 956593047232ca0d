"""The "Share in channel" button: repost the comparison visibly, through the response_url."""

from __future__ import annotations

import logging

from slack_bolt import Respond

from bot.blocks.comparison import build_comparison, build_share_failed, build_topic_gone
from content import Guide

logger = logging.getLogger(__name__)


def share_topic(guide: Guide, slug: str, user_id: str, respond: Respond) -> None:
    """Post `slug`'s comparison for the channel, marked with who shared it, and remove the
    private copy whose button would invite a second share."""
    try:
        topic = guide.topic(slug)
    except KeyError:
        respond(replace_original=False, **build_topic_gone())
        return
    shared = build_comparison(guide, topic, shared_by=user_id)
    result = respond(response_type="in_channel", replace_original=False, **shared)
    if result.status_code != 200:
        logger.warning("sharing %s failed: HTTP %s", slug, result.status_code)
        respond(replace_original=False, **build_share_failed())
        return
    respond(delete_original=True)
