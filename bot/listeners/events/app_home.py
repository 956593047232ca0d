"""app_home_opened: publish the Home tab (Slack fires this on every visit)."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.blocks.home import build_home
from bot.services import Coach

logger = logging.getLogger(__name__)


def ack_event() -> None:
    """Events are acknowledged by Bolt itself; the work happens in the lazy listener."""


def handle_app_home_opened(event: dict, client: WebClient, coach: Coach) -> None:
    user_id = event.get("user")
    if event.get("tab") != "home" or not isinstance(user_id, str):
        return
    try:
        client.views_publish(user_id=user_id, view=build_home(coach.guide))
    except SlackApiError as err:
        logger.warning("publishing the Home tab failed: %s", err.response.get("error"))
