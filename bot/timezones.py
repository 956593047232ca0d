"""Keeping a person's time zone in step with their Slack profile."""

from __future__ import annotations

from slack_sdk import WebClient

from bot.coaching.people import workspace
from bot.services import Coach
from bot.slack_users import fetch_timezone
from storage.people import ensure_person


def remember_timezone(coach: Coach, client: WebClient, team_id: str, user_id: str,
                      now) -> str | None:
    """Ask Slack for the person's time zone and store it (creating their row, so that a
    manager who never subscribed still gets digests at their own local time)."""
    tz = fetch_timezone(client, user_id)
    if tz:
        with coach.sessions.begin() as session:
            workspace(session, team_id, now, coach.settings.default_timezone)
            ensure_person(session, team_id, user_id).timezone = tz
    return tz
