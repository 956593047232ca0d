"""`/techlead digest trend`: the team's average self-rating per dimension over the last
three rotations, for its manager only, as a table in the answer and a chart uploaded to the
manager's DM. Every figure comes from coaching.figures (none below the privacy floor)."""

from __future__ import annotations

import logging
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.blocks.digest import build_no_team
from bot.blocks.trend import build_team_trend, trend_chart_file
from bot.coaching.calendar import local_week
from bot.coaching.trend import TeamTrend, build_trend
from bot.invocation import Invocation
from bot.review.chart import render_trend_chart
from bot.review.weekly import manager_zone
from bot.slack_send import classify
from storage.models import Workspace
from storage.teams import team_of_manager

logger = logging.getLogger(__name__)


def trend(inv: Invocation) -> dict:
    with inv.deps.sessions.begin() as session:
        ws = session.get(Workspace, inv.team_id)
        team = team_of_manager(session, inv.team_id, inv.user_id) if ws else None
        if team is None:  # the trend is its manager's only
            return build_no_team()
        monday = local_week(inv.now, manager_zone(session, ws, team))
        found = build_trend(session, inv.deps.guide, ws, team, monday, inv.deps.privacy_floor)
    attached = send_chart(inv.client, inv.user_id, found) if found.has_figures else None
    return build_team_trend(found, chart_attached=attached)


def send_chart(client: WebClient, manager_id: str, found: TeamTrend) -> bool:
    """Upload the chart to the manager's DM; False when Slack would not take it."""
    png = render_trend_chart(found)
    try:
        channel = client.conversations_open(users=manager_id)["channel"]["id"]
        client.files_upload_v2(channel=channel, content=png, **trend_chart_file(found))
    except (SlackApiError, URLError, OSError, TimeoutError) as err:
        logger.warning("trend chart upload failed (%s)", classify(err).error)
        return False
    return True
