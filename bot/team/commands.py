"""`/techlead team [add | remove | leave]`: build a team by invitation, list it, remove
someone, leave."""

from __future__ import annotations

import re

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.blocks import team as blocks
from bot.blocks.team import Problem
from bot.coaching.people import workspace
from bot.invocation import Invocation
from bot.slack_profile import remember_timezone
from bot.slack_send import Outcome, post_dm
from storage import teams

MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")


def mentioned(args: tuple[str, ...]) -> list[str]:
    """User IDs mentioned in the words, in order, once each."""
    found = MENTION.findall(" ".join(args))
    return list(dict.fromkeys(found))


def not_mentions(args: tuple[str, ...]) -> list[str]:
    """Words that are not mentions: with escaping on, Slack sends `@bob` typed by hand (not
    picked from the list) as plain text, which names nobody."""
    return [w for w in MENTION.sub(" ", " ".join(args)).split() if w]


def _check_user(client: WebClient, user_id: str, bot_user_id: str | None) -> Problem | None:
    """Why `user_id` cannot join a team, or None."""
    try:
        user = client.users_info(user=user_id).get("user") or {}
    except SlackApiError as err:
        if err.response.get("error") in ("user_not_found", "user_not_visible"):
            return Problem(blocks.NOT_FOUND, user_id)
        raise
    if user.get("is_bot") or user.get("is_app_user") or user_id in (bot_user_id, "USLACKBOT"):
        return Problem(blocks.IS_BOT, user_id)
    if user.get("deleted"):
        return Problem(blocks.DEACTIVATED, user_id)
    return None


def _problems(inv: Invocation, users: list[str]) -> list[Problem]:
    """Every reason some of `users` cannot be invited by the caller."""
    with inv.deps.sessions.begin() as session:
        team = teams.team_of_manager(session, inv.team_id, inv.user_id)
        current = {m.user_id: m.state for m in teams.members(session, team.id)} if team else {}
    problems = []
    for user in users:
        state = current.get(user)
        if user == inv.user_id:
            problems.append(Problem(blocks.YOURSELF, user))
        elif state in (teams.INVITED, teams.ACTIVE):
            problems.append(Problem(blocks.ALREADY_INVITED if state == teams.INVITED
                                    else blocks.ALREADY_MEMBER, user))
        elif reason := _check_user(inv.client, user, inv.bot_user_id):
            problems.append(reason)
    return problems


def add(inv: Invocation) -> dict:
    """Invite everyone mentioned, or nobody: every problem is named first."""
    words = inv.args[1:]
    users = mentioned(words)
    if not users:
        return blocks.build_add_needs_mentions()
    problems = [Problem(blocks.NOT_A_MENTION, word) for word in not_mentions(words)]
    problems += _problems(inv, users)
    if problems:
        return blocks.build_nobody_invited(problems)
    # The digest comes at the manager's local time: learn it now.
    remember_timezone(inv.deps, inv.client, inv.team_id, inv.user_id, inv.now)
    with inv.deps.sessions.begin() as session:
        workspace(session, inv.team_id, inv.now, inv.default_tz)
        team = teams.ensure_team(session, inv.team_id, inv.user_id, inv.now)
        # Only the invitations this call made get a DM: two `team add`s racing for the same
        # person send one.
        newly = teams.invite(session, team, users, inv.now)
        group_id = team.id
    invitation = blocks.build_invitation(inv.user_id, group_id)
    unreachable = [u for u in newly
                   if post_dm(inv.client, u, invitation).outcome is not Outcome.SENT]
    return blocks.build_invited(users, unreachable)


def show(inv: Invocation) -> dict:
    with inv.deps.sessions.begin() as session:
        team = teams.team_of_manager(session, inv.team_id, inv.user_id)
        rows = [(m.user_id, m.state) for m in teams.members(session, team.id)] if team else []
        theirs = teams.teams_of_member(session, inv.team_id, inv.user_id)
    belongs = [t.manager_id for m, t in theirs if m.state == teams.ACTIVE]
    invited = [t.manager_id for m, t in theirs if m.state == teams.INVITED]
    return blocks.build_team_list(inv.user_id if team else None, rows, belongs, invited)


def remove(inv: Invocation) -> dict:
    users = mentioned(inv.args[1:])
    if not users:
        return blocks.build_remove_needs_mentions()
    with inv.deps.sessions.begin() as session:
        team = teams.team_of_manager(session, inv.team_id, inv.user_id)
        if team is None:
            return blocks.build_no_team_to_remove_from()
        removed = [u for u in users if teams.remove(session, team.id, u)]
    return blocks.build_removed(removed, [u for u in users if u not in removed])


def leave(inv: Invocation) -> dict:
    """Leave a team; with several, the manager must be named."""
    named = mentioned(inv.args[1:])
    with inv.deps.sessions.begin() as session:
        mine = [(m, t) for m, t in teams.teams_of_member(session, inv.team_id, inv.user_id)
                if m.state in (teams.ACTIVE, teams.INVITED)]
        if named:
            mine = [(m, t) for m, t in mine if t.manager_id in named]
        if not mine:
            return blocks.build_not_in_a_team(bool(named))
        if len(mine) > 1:
            return blocks.build_which_team([t.manager_id for _, t in mine])
        (membership, team), = mine
        was_invited = membership.state == teams.INVITED
        teams.remove(session, team.id, inv.user_id)
        manager = team.manager_id
    post_dm(inv.client, manager, blocks.build_member_left(inv.user_id, was_invited))
    return blocks.build_left(manager)


ACTIONS = {"": show, "add": add, "invite": add, "remove": remove, "leave": leave}


def run(inv: Invocation) -> dict:
    action = ACTIONS.get(inv.args[0].lower() if inv.args else "")
    return action(inv) if action else blocks.build_team_help()
