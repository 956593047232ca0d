"""user_change: keep a known person's time zone and time away in step with their Slack
profile."""

from __future__ import annotations

from slack_bolt import BoltContext

from bot.dependencies import Dependencies
from bot.slack_profile import follow_profile


def handle_user_change(event: dict, context: BoltContext, deps: Dependencies) -> None:
    user, team_id = event.get("user"), context.team_id
    if not isinstance(user, dict) or not team_id:
        return
    deps.background.run("following a profile change",
                        lambda: follow_profile(deps, team_id, user))
