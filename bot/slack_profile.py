"""What the bot asks Slack about people, and keeping a person's time zone in step."""

from __future__ import annotations

import logging
from datetime import datetime
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.coaching.calendar import is_known_zone
from bot.coaching.people import workspace
from bot.dependencies import Dependencies
from storage.people import ensure_person, set_timezone

logger = logging.getLogger(__name__)


def fetch_timezone(client: WebClient, user_id: str) -> str | None:
    """The person's IANA time zone from their Slack profile, or None if Slack won't say."""
    try:
        user = client.users_info(user=user_id).get("user") or {}
    except (SlackApiError, URLError, OSError, TimeoutError) as err:
        reason = err.response.get("error") if isinstance(err, SlackApiError) else repr(err)
        logger.warning("users.info for %s failed (%s); using the workspace time zone",
                       user_id, reason)
        return None
    tz = user.get("tz")
    return tz if isinstance(tz, str) and is_known_zone(tz) else None


def remember_timezone(deps: Dependencies, client: WebClient, team_id: str, user_id: str,
                      now: datetime) -> str | None:
    """Ask Slack for the person's time zone and store it (creating their row, so that a
    manager who never subscribed still gets digests at their own local time)."""
    tz = fetch_timezone(client, user_id)
    if tz:
        with deps.sessions.begin() as session:
            workspace(session, team_id, now, deps.default_tz)
            ensure_person(session, team_id, user_id).timezone = tz
    return tz


def follow_timezone(deps: Dependencies, team_id: str, user_id: str, tz: str) -> None:
    """A profile's new time zone (user_change), for people the bot already knows; nobody is
    created from an event."""
    if is_known_zone(tz):
        with deps.sessions.begin() as session:
            set_timezone(session, team_id, user_id, tz)
