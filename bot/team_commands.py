"""`/techlead team ...`: build a team by invitation, list it, remove, leave."""

from __future__ import annotations

import re

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.blocks.notes import build_note
from bot.blocks.team import build_invitation, build_team_list
from bot.coaching.people import workspace
from bot.mrkdwn import escape
from bot.slack_send import Outcome, post_dm
from bot.timezones import remember_timezone
from storage import teams

MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
TEAM_FORMS = "`/techlead team add @alice @bob` · `/techlead team remove @bob` · " \
             "`/techlead team leave`"


def mentioned(args: tuple[str, ...]) -> list[str]:
    """User IDs mentioned in the words, in order, once each."""
    found = MENTION.findall(" ".join(args))
    return list(dict.fromkeys(found))


def _check_user(client: WebClient, user_id: str, bot_user_id: str | None) -> str | None:
    """Why `user_id` cannot join a team, or None."""
    try:
        user = client.users_info(user=user_id).get("user") or {}
    except SlackApiError as err:
        code = err.response.get("error")
        if code in ("user_not_found", "user_not_visible"):
            return f"<@{user_id}> is not someone I can find in this workspace"
        raise
    if user.get("is_bot") or user.get("is_app_user") or user_id in (bot_user_id, "USLACKBOT"):
        return f"<@{user_id}> is a bot"
    if user.get("deleted"):
        return f"<@{user_id}> has been deactivated"
    return None


def _problems(inv, users: list[str]) -> list[str]:
    """Every reason some of `users` cannot be invited by the caller."""
    with inv.coach.sessions.begin() as session:
        team = teams.team_of_manager(session, inv.team_id, inv.user_id)
        current = {m.user_id: m.state for m in teams.members(session, team.id)} if team else {}
    problems = []
    for user in users:
        state = current.get(user)
        if user == inv.user_id:
            problems.append("you can't add yourself")
        elif state in (teams.INVITED, teams.ACTIVE):
            label = "invited" if state == teams.INVITED else "a member"
            problems.append(f"<@{user}> is already in your team ({label})")
        elif reason := _check_user(inv.client, user, inv.bot_user_id):
            problems.append(reason)
    return problems


def not_mentions(args: tuple[str, ...]) -> list[str]:
    """Words that are not mentions: with escaping on, Slack sends `@bob` typed by hand (not
    picked from the list) as plain text, which names nobody."""
    return [w for w in MENTION.sub(" ", " ".join(args)).split() if w]


def add(inv) -> dict:
    """Invite everyone mentioned, or nobody: every problem is named first."""
    users = mentioned(inv.args[1:])
    if not users:
        return build_note("Mention the people to invite, e.g. `/techlead team add @alice "
                          "@bob`. (Type @ and pick them, so Slack sends a mention.)")
    problems = [f"“{escape(word[:40])}” is not a mention (type @ and pick the person)"
                for word in not_mentions(inv.args[1:])]
    problems += _problems(inv, users)
    if problems:
        return build_note("Nobody was invited: " + "; ".join(problems) + ".",
                          "Fix the list and try again.")
    # The digest comes at the manager's local time: learn it now.
    remember_timezone(inv.coach, inv.client, inv.team_id, inv.user_id, inv.now)
    with inv.coach.sessions.begin() as session:
        workspace(session, inv.team_id, inv.now, inv.default_tz)
        team = teams.ensure_team(session, inv.team_id, inv.user_id, inv.now)
        teams.invite(session, team, users, inv.now)
        group_id = team.id
    unreachable = [u for u in users
                   if post_dm(inv.client, u, build_invitation(inv.user_id, group_id)).outcome
                   is not Outcome.SENT]
    names = ", ".join(f"<@{u}>" for u in users)
    hint = ("They appear as invited until they accept; `/techlead team` shows the list."
            if not unreachable else
            "I couldn't DM " + ", ".join(f"<@{u}>" for u in unreachable)
            + " (their Messages tab may be off); ask them to run `/techlead team`.")
    return build_note(f"Invited {names} to your team. Each got a DM saying exactly what you "
                      "will see, with Accept and Decline.", hint)


def show(inv) -> dict:
    with inv.coach.sessions.begin() as session:
        team = teams.team_of_manager(session, inv.team_id, inv.user_id)
        rows = [(m.user_id, m.state) for m in teams.members(session, team.id)] if team else []
        theirs = teams.teams_of_member(session, inv.team_id, inv.user_id)
    belongs = [t.manager_id for m, t in theirs if m.state == teams.ACTIVE]
    invited = [t.manager_id for m, t in theirs if m.state == teams.INVITED]
    return build_team_list(inv.user_id if team else None, rows, belongs, invited)


def remove(inv) -> dict:
    users = mentioned(inv.args[1:])
    if not users:
        return build_note("Mention who to remove, e.g. `/techlead team remove @bob`.")
    with inv.coach.sessions.begin() as session:
        team = teams.team_of_manager(session, inv.team_id, inv.user_id)
        if team is None:
            return build_note("You don't manage a team.", TEAM_FORMS)
        removed = [u for u in users if teams.remove(session, team.id, u)]
    missing = [u for u in users if u not in removed]
    text = ("Removed " + ", ".join(f"<@{u}>" for u in removed) + "." if removed else
            "Nobody was removed.")
    if missing:
        text += " Not in your team: " + ", ".join(f"<@{u}>" for u in missing) + "."
    return build_note(text)


def leave(inv) -> dict:
    """Leave a team; with several, the manager must be named."""
    named = mentioned(inv.args[1:])
    with inv.coach.sessions.begin() as session:
        mine = [(m, t) for m, t in teams.teams_of_member(session, inv.team_id, inv.user_id)
                if m.state in (teams.ACTIVE, teams.INVITED)]
        if named:
            mine = [(m, t) for m, t in mine if t.manager_id in named]
        if not mine:
            return build_note("You're not in a team" + (" of theirs." if named else "."))
        if len(mine) > 1:
            managers = " or ".join(f"<@{t.manager_id}>" for _, t in mine)
            return build_note(f"You're in several teams: {managers}. Say which, e.g. "
                              "`/techlead team leave @maya` (pick the name from the list).")
        (membership, team), = mine
        was_invited = membership.state == teams.INVITED
        teams.remove(session, team.id, inv.user_id)
        manager = team.manager_id
    told = "declined your team invitation" if was_invited else "left your team"
    post_dm(inv.client, manager, build_note(f"<@{inv.user_id}> {told}."))
    return build_note(f"You left <@{manager}>'s team. Your reflections are no longer in "
                      "their digest.", "Weekly prompts continue: `/techlead unsubscribe` "
                      "stops them.")


def run(inv) -> dict:
    action = inv.args[0].lower() if inv.args else ""
    if action == "":
        return show(inv)
    if action in ("add", "invite"):
        return add(inv)
    if action == "remove":
        return remove(inv)
    if action == "leave":
        return leave(inv)
    return build_note("I know these team commands:", TEAM_FORMS)
