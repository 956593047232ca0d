"""`/techlead team [add | remove | leave]`: build a team by invitation, list it, remove
someone, leave."""

from __future__ import annotations

from datetime import timedelta

from bot.blocks import team as blocks
from bot.blocks.team import Problem
from bot.coaching.people import workspace
from bot.invocation import Invocation
from bot.slack_profile import remember_timezone
from bot.slack_send import Outcome, post_dm
from bot.team.mentions import check_user, mentioned, not_mentions
from storage import teams
from storage.idempotency import first_time, renew

# Two `team add`s of one person this close together send one invitation DM between them.
RESEND_GAP = timedelta(minutes=1)


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
        elif state == teams.ACTIVE:
            problems.append(Problem(blocks.ALREADY_MEMBER, user))
        elif reason := check_user(inv.client, user, inv.bot_user_id):
            problems.append(reason)
    return problems


def add(inv: Invocation) -> dict:
    """Invite everyone mentioned, or nobody: every problem is named first. Someone invited
    before who has not answered gets the invitation DM again."""
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
        team, first = teams.start_team(session, inv.team_id, inv.user_id, inv.now)
        newly = teams.invite(session, team, users, inv.now)
        # The invitations this call made are its own to send (the database gave them to
        # it alone); held in the same transaction, so no racing resend can slip in first.
        for user in newly:
            renew(session, _sending(team.id, user), now=inv.now, keep=RESEND_GAP)
        waiting = set(teams.pending(session, team.id, users))
        group_id = team.id
    outcomes = {user: send_invitation(inv, group_id, user, resend=user not in newly)
                for user in users if user in waiting}
    answer = blocks.build_invited(users, outcomes, again=[u for u in users if u not in newly])
    # A manager's first team: what they will and will not see, said once.
    return blocks.build_first_team(answer, inv.deps.privacy_floor) if first else answer


def _sending(group_id: int, user: str) -> str:
    return f"invitation:{group_id}:{user}"


def send_invitation(inv: Invocation, group_id: int, user: str, *, resend: bool) -> str | None:
    """DM `user` the invitation and record how it went; Slack's error when it could not be
    delivered, None when it was (or a racing `team add` is sending it right now)."""
    if resend:
        with inv.deps.sessions.begin() as session:
            if not first_time(session, _sending(group_id, user), now=inv.now, keep=RESEND_GAP):
                return None
    result = post_dm(inv.client, user, blocks.build_invitation(inv.user_id, group_id,
                                                               inv.deps.privacy_floor))
    with inv.deps.sessions.begin() as session:
        if result.outcome is Outcome.SENT:
            teams.invitation_sent(session, group_id, user, inv.deps.clock())
            return None
        teams.invitation_failed(session, group_id, user, result.error or "failed")
    return result.error or "failed"


def show(inv: Invocation) -> dict:
    """The caller's team with each member's state, the teams they are in, and Accept /
    Decline for invitations waiting (whether or not the invitation DM reached them)."""
    with inv.deps.sessions.begin() as session:
        team = teams.team_of_manager(session, inv.team_id, inv.user_id)
        rows = [(m.user_id, _state(m)) for m in teams.members(session, team.id)] if team else []
        theirs = teams.teams_of_member(session, inv.team_id, inv.user_id)
    belongs = [t.manager_id for m, t in theirs if m.state == teams.ACTIVE]
    waiting = [(t.manager_id, t.id) for m, t in theirs if m.state == teams.INVITED]
    listing = blocks.build_team_list(inv.user_id if team else None, rows, belongs,
                                     [manager for manager, _ in waiting])
    return blocks.build_invitation_buttons(listing, waiting, inv.deps.privacy_floor) \
        if waiting else listing


def _state(membership) -> str:
    """A member's state as the manager's list tells it, the invitation's delivery included."""
    if membership.state != teams.INVITED or membership.invitation_sent_at is not None:
        return membership.state
    return "invited-undelivered" if membership.invitation_error else "invited-unsent"


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
