"""user_change: keep a known person's time zone in step with their Slack profile."""

from __future__ import annotations

from slack_bolt import BoltContext

from bot.dependencies import Dependencies
from bot.slack_profile import follow_timezone


def handle_user_change(event: dict, context: BoltContext, deps: Dependencies) -> None:
    user, team_id = event.get("user"), context.team_id
    if not isinstance(user, dict) or not team_id:
        return
    user_id, tz = user.get("id"), user.get("tz")
    if isinstance(user_id, str) and isinstance(tz, str):
        deps.background.run("following a time zone change",
                            lambda: follow_timezone(deps, team_id, user_id, tz))
