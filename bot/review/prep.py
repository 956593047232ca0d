"""`/techlead prep @member`: a manager's 1:1 prep for one person in their team, who accepted
the invitation. Built only from what storage hands out as shared with that manager (a
rating-only answer's text never leaves the database; private answers and evidence are not
read at all), in a fixed number of queries however long the member's history."""

from __future__ import annotations

import logging
from datetime import date
from urllib.error import URLError

from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from bot.blocks import prep as blocks
from bot.blocks import team as team_blocks
from bot.coaching.calendar import local_week
from bot.coaching.focus import active
from bot.coaching.prep import Prep, prep
from bot.invocation import Invocation
from bot.review.weekly import manager_zone
from bot.slack_send import classify
from bot.team.mentions import check_user, mentioned, not_mentions
from content import Guide
from storage import teams
from storage.models import Team, Workspace
from storage.people import find_person
from storage.reflections import shared_with_manager

logger = logging.getLogger(__name__)

# A membership that is not (or no longer) active, as the refusal names it.
NOT_ACTIVE = {teams.INVITED: blocks.INVITED, teams.DECLINED: blocks.DECLINED}


def prep_command(inv: Invocation) -> dict:
    """The prep, or why there is none: each check names its reason."""
    users = mentioned(inv.args)
    if not inv.args:
        return blocks.build_prep_needs_a_member()
    if strays := not_mentions(inv.args):
        return blocks.build_prep_refused(team_blocks.NOT_A_MENTION, strays[0])
    if len(users) > 1:
        return blocks.build_prep_refused(blocks.SEVERAL)
    (member,) = users
    if member == inv.user_id:
        return blocks.build_prep_refused(team_blocks.YOURSELF, member)
    with inv.deps.sessions.begin() as session:
        team = teams.team_of_manager(session, inv.team_id, inv.user_id)
        if team is None:
            return blocks.build_prep_refused(blocks.NO_TEAM)
        found = teams.membership(session, team.id, member)
        state = found.state if found else None
    # Asked before the membership is judged, so a bot or a deactivated account is named
    # as such; outside any transaction, which must not wait on Slack.
    if reason := _slack_says(inv, member):
        return blocks.build_prep_refused(reason, member)
    if state != teams.ACTIVE:
        return blocks.build_prep_refused(NOT_ACTIVE.get(state, blocks.NOT_IN_TEAM), member)
    with inv.deps.sessions.begin() as session:
        ws = session.get(Workspace, inv.team_id)
        team = teams.team_of_manager(session, inv.team_id, inv.user_id)
        if ws is None or team is None:  # gone meanwhile (forget-me)
            return blocks.build_prep_refused(blocks.NO_TEAM)
        monday = local_week(inv.now, manager_zone(session, ws, team))
        return blocks.build_prep(prep_of(session, inv.deps.guide, ws, team, member, monday))


def _slack_says(inv: Invocation, member: str) -> str | None:
    """Why Slack's word on `member` rules prep out (unknown, a bot, deactivated, or Slack
    could not be asked), or None."""
    try:
        problem = check_user(inv.client, member, inv.bot_user_id)
    except (SlackApiError, URLError, OSError, TimeoutError) as err:
        logger.warning("users.info for a 1:1 prep failed (%s)", classify(err).error)
        return blocks.UNCHECKED
    return problem.kind if problem else None


def prep_of(session: Session, guide: Guide, ws: Workspace, team: Team, member_id: str,
            monday: date) -> Prep:
    """The prep of `member_id` for `team`'s manager in the week of `monday`: the member's
    row (their focus, if they share it) and every answer they shared with this manager,
    two queries whatever the history."""
    person = find_person(session, ws.team_id, member_id)
    answers = shared_with_manager(session, ws.team_id, team.id, user_id=member_id)
    focus, left = active(person, guide, monday) if person and person.focus_shared else (None, 0)
    return prep(guide, ws.rotation_anchor, monday, answers, manager_id=team.manager_id,
                member_id=member_id, focus=focus, focus_weeks_left=left)
