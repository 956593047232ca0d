"""Ask's button: Share in channel."""

from __future__ import annotations

import logging

from bot.ask.share import share_topic
from bot.listeners.actions.click import Click

logger = logging.getLogger(__name__)


def share(click: Click) -> None:
    if not click.in_message:
        logger.warning("share action without a response_url; ignored")
        return
    share_topic(click.deps, click.value or "", click.user_id, click.message_key, click.respond)
