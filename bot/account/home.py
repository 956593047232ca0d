"""The App Home tab: publishing it, and its Subscribe / Unsubscribe buttons."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.blocks.home import build_home
from bot.coaching import people
from bot.dependencies import Dependencies
from bot.grow.progress import progress_of
from bot.slack_profile import fetch_timezone
from storage.people import default_sharing
from storage.reflections import find_reflection, history

logger = logging.getLogger(__name__)
RECENT = 3


def publish_home(deps: Dependencies, client: WebClient, team_id: str, user_id: str) -> None:
    with deps.sessions.begin() as session:
        view = people.week_view(session, deps.guide, team_id, user_id, deps.clock(),
                                deps.default_tz)
        recent, _ = history(session, team_id, user_id, offset=0, limit=RECENT)
        reflected = find_reflection(session, team_id, user_id, view.week,
                                    view.topic.slug) is not None
        progress = progress_of(session, deps.guide, team_id, user_id, deps.clock())
        sharing = default_sharing(session, team_id, user_id)
    try:
        client.views_publish(user_id=user_id, view=build_home(deps.guide, view, recent,
                                                              reflected=reflected,
                                                              progress=progress,
                                                              sharing=sharing))
    except SlackApiError as err:
        logger.warning("publishing the Home tab failed: %s", err.response.get("error"))


def subscribe_from_home(deps: Dependencies, client: WebClient, team_id: str,
                        user_id: str) -> None:
    """The Home tab's Subscribe button: subscribe, then show the tab as it now is."""
    tz = fetch_timezone(client, user_id)
    with deps.sessions.begin() as session:
        people.subscribe(session, team_id, user_id, deps.clock(), deps.default_tz, tz)
    publish_home(deps, client, team_id, user_id)


def unsubscribe_from_home(deps: Dependencies, client: WebClient, team_id: str,
                          user_id: str) -> None:
    with deps.sessions.begin() as session:
        people.unsubscribe(session, team_id, user_id)
    publish_home(deps, client, team_id, user_id)
