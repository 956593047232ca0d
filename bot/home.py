"""Publishing a person's Home tab."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.blocks.home import build_home
from bot.coaching import people
from bot.services import Coach
from storage.reflections import history

logger = logging.getLogger(__name__)
RECENT = 3


def publish_home(coach: Coach, client: WebClient, team_id: str, user_id: str) -> None:
    with coach.sessions.begin() as session:
        view = people.week_view(session, coach.guide, team_id, user_id, coach.clock(),
                                coach.settings.default_timezone)
        recent, _ = history(session, team_id, user_id, offset=0, limit=RECENT)
    try:
        client.views_publish(user_id=user_id, view=build_home(coach.guide, view, recent))
    except SlackApiError as err:
        logger.warning("publishing the Home tab failed: %s", err.response.get("error"))
