"""Accept / Decline on an invitation DM: join the team (and subscribe), or not; the manager
is told either way."""

from __future__ import annotations

from datetime import datetime

from slack_bolt import Respond
from slack_sdk import WebClient

from bot.blocks.team import (
    build_invitation_answer_for_manager,
    build_invitation_answered,
    build_invitation_closed,
)
from bot.coaching import people
from bot.dependencies import Dependencies
from bot.slack_profile import fetch_timezone
from bot.slack_send import post_dm
from bot.values import Numbered
from storage import teams


def answer_invitation(deps: Dependencies, client: WebClient, respond: Respond, team_id: str,
                      user_id: str, value: str | None, accepted: bool) -> None:
    """Turn the invitation into the answer given (a malformed button is ignored)."""
    button = Numbered.decode(value)
    if button is None:
        return
    now = deps.clock()
    state = teams.ACTIVE if accepted else teams.DECLINED
    with deps.sessions.begin() as session:
        team = teams.get_team(session, team_id, button.number)
        answered = team is not None and teams.respond(session, team.id, user_id, state, now)
        # A second click (or Slack's retry) finds the answer already given: show it again.
        again = (not answered and team is not None
                 and (m := teams.membership(session, team.id, user_id)) is not None
                 and m.state == state)
        manager = team.manager_id if team else None
    if not answered and not again:
        respond(replace_original=True, **build_invitation_closed())
        return
    week = _subscribe(deps, client, team_id, user_id, now) if accepted else None
    respond(replace_original=True, **build_invitation_answered(manager, accepted, week))
    if answered:
        post_dm(client, manager, build_invitation_answer_for_manager(user_id, accepted))


def _subscribe(deps: Dependencies, client: WebClient, team_id: str, user_id: str,
               now: datetime) -> people.WeekView:
    """Subscribe someone who joined (idempotent); their week as it now is."""
    tz = fetch_timezone(client, user_id)
    with deps.sessions.begin() as session:
        people.subscribe(session, team_id, user_id, now, deps.default_tz, tz)
        return people.week_view(session, deps.guide, team_id, user_id, now, deps.default_tz)
