"""app_home_opened: publish the Home tab (Slack fires this on every visit)."""

from __future__ import annotations

from slack_bolt import BoltContext
from slack_sdk import WebClient

from bot.account.home import publish_home
from bot.blocks.home import build_home_unavailable
from bot.dependencies import Dependencies


def handle_app_home_opened(event: dict, client: WebClient, context: BoltContext,
                           deps: Dependencies) -> None:
    user_id, team_id = event.get("user"), context.team_id
    if event.get("tab") != "home" or not isinstance(user_id, str) or not team_id:
        return
    deps.background.run("publishing the Home tab",
                        lambda: publish_home(deps, client, team_id, user_id),
                        apologise=lambda: client.views_publish(user_id=user_id,
                                                               view=build_home_unavailable()))
