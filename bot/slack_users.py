"""What the bot asks Slack about people."""

from __future__ import annotations

import logging
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.coaching.calendar import is_known_zone

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
