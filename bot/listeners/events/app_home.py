"""app_home_opened: publish the Home tab (Slack fires this on every visit)."""

from __future__ import annotations

from slack_bolt import BoltContext
from slack_sdk import WebClient

from bot.home import publish_home
from bot.services import Coach


def ack_event() -> None:
    """Events are acknowledged by Bolt itself; the work happens in the lazy listener."""


def handle_app_home_opened(event: dict, client: WebClient, context: BoltContext,
                           coach: Coach) -> None:
    user_id = event.get("user")
    if event.get("tab") != "home" or not isinstance(user_id, str) or not context.team_id:
        return
    publish_home(coach, client, context.team_id, user_id)
