"""What the bot asks Slack about people, and keeping a person's time zone in step."""

from __future__ import annotations

import logging
from datetime import datetime
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.coaching.away import AwaySigns, status_expiry
from bot.coaching.calendar import is_known_zone
from bot.coaching.people import workspace
from bot.dependencies import Dependencies
from storage.people import ensure_person, set_away, set_timezone

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


def follow_profile(deps: Dependencies, team_id: str, user: dict) -> None:
    """A profile's change (user_change): its time zone, and whether its status says away,
    for people the bot already knows; nobody is created from an event. The status comes
    with every user_change, so keeping it costs no Web API call per nudge."""
    user_id, tz = user.get("id"), user.get("tz")
    if not isinstance(user_id, str):
        return
    profile = user.get("profile") if isinstance(user.get("profile"), dict) else {}
    signs = AwaySigns.of(deps.settings.away_status_emoji, deps.settings.away_status_words)
    emoji, text = profile.get("status_emoji"), profile.get("status_text")
    away = signs.away(emoji if isinstance(emoji, str) else None,
                      text if isinstance(text, str) else None)
    with deps.sessions.begin() as session:
        if isinstance(tz, str) and is_known_zone(tz):
            set_timezone(session, team_id, user_id, tz)
        if "profile" in user:
            set_away(session, team_id, user_id, away=away,
                     until=status_expiry(profile.get("status_expiration")), now=deps.clock())
