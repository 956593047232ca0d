"""user_change: keep a known person's time zone in step with their Slack profile."""

from __future__ import annotations

from slack_bolt import BoltContext

from bot.coaching.calendar import is_known_zone
from bot.services import Coach
from storage.people import set_timezone


def handle_user_change(event: dict, context: BoltContext, coach: Coach) -> None:
    user = event.get("user")
    if not isinstance(user, dict) or not context.team_id:
        return
    user_id, tz = user.get("id"), user.get("tz")
    if isinstance(user_id, str) and is_known_zone(tz):
        with coach.sessions.begin() as session:
            # Only updates people the bot already knows; nobody is created from an event.
            set_timezone(session, context.team_id, user_id, tz)
