"""The "Share in channel" button: repost the comparison visibly, through the response_url."""

from __future__ import annotations

import logging
from datetime import timedelta

from slack_bolt import Respond

from bot.blocks.comparison import build_comparison, build_share_failed, build_topic_gone
from bot.dependencies import Dependencies
from storage.idempotency import first_time, release

logger = logging.getLogger(__name__)


# Long enough to outlast any double click and Slack's own retries.
KEEP = timedelta(days=1)


def share_topic(deps: Dependencies, slug: str, user_id: str, message_key: str,
                respond: Respond) -> None:
    """Post `slug`'s comparison for the channel, marked with who shared it, and remove the
    private copy whose button would invite a second share. A second click on the same
    button shares nothing more."""
    try:
        topic = deps.guide.topic(slug)
    except KeyError:
        respond(replace_original=False, **build_topic_gone())
        return
    key = f"share:{user_id}:{message_key}"
    with deps.sessions.begin() as session:
        if not first_time(session, key, now=deps.clock(), keep=KEEP):
            return
    shared = build_comparison(deps.guide, topic, shared_by=user_id)
    result = respond(response_type="in_channel", replace_original=False, **shared)
    if result.status_code != 200:
        logger.warning("sharing %s failed: HTTP %s", slug, result.status_code)
        with deps.sessions.begin() as session:
            release(session, key)  # nothing was shared: a later click may try again
        respond(replace_original=False, **build_share_failed())
        return
    respond(delete_original=True)
