"""Teams: invitations, the team list, and every answer of `/techlead team`."""

from __future__ import annotations

from dataclasses import dataclass

from bot import ids
from bot.blocks import elements as bk
from bot.blocks.mrkdwn import plural
from bot.blocks.mrkdwn import typed as quoted
from bot.blocks.notes import build_note
from bot.blocks.sharing import for_manager, for_members
from bot.coaching.people import WeekView
from bot.values import Numbered

STATE_LABELS = {"active": "member", "invited": "invited, not answered yet",
                "declined": "declined",
                "invited-undelivered": "invited, but the DM did not arrive (`/techlead team "
                                       "add` them again to resend)",
                "invited-unsent": "invited, no DM sent yet (`/techlead team add` them again)"}


def build_invitation(manager_id: str, group_id: int, floor: int) -> dict:
    """The DM an invitee gets: who, exactly what the manager will see at each sharing level
    (and no figure from fewer than `floor` ratings), Accept / Decline."""
    text = (f"<@{manager_id}> invited you to their team in TechLead Coach. Each week "
            f"they would get a digest of the team's answers. {for_members(floor)}")
    value = Numbered(group_id).encode()
    blocks = [
        bk.section(text),
        bk.section("Accepting also subscribes you to one short reflection prompt a week. "
                   "You can leave the team at any time with `/techlead team leave`."),
        bk.actions(ids.INVITATION_ACTIONS, bk.button("Accept", ids.ACCEPT_INVITE, value,
                                           style="primary"),
                   bk.button("Decline", ids.DECLINE_INVITE, value)),
    ]
    return bk.message(f"<@{manager_id}> invited you to their team", blocks)


def build_invitation_answered(manager_id: str, accepted: bool,
                              week: WeekView | None = None) -> dict:
    """What the invitation becomes once answered (`week`: the joiner's, now subscribed)."""
    if accepted:
        when = f"{week.schedule.describe()} your time, {week.tz.key}; " if week else ""
        return build_note(
            f"You joined <@{manager_id}>'s team ✓ and you're subscribed to weekly "
            f"reflections ({when}change it with `/techlead schedule`).",
            "Leave the team: `/techlead team leave` · stop the prompts: "
            "`/techlead unsubscribe`")
    return build_note(f"You declined <@{manager_id}>'s invitation. Nothing is shared.")


LIST_MAX = 2900  # of the section's 3,000 characters


def _listed(rows: list[tuple[str, str]], room: int) -> str:
    """One line per member while they fit in `room` characters, then how many more."""
    lines = [f"• <@{user}> · {STATE_LABELS.get(state, state)}" for user, state in rows]
    shown: list[str] = []
    used = 0
    for k, line in enumerate(lines):
        more = f"• … and {len(lines) - k} more"
        if used + len(line) + (len(more) + 1 if k < len(lines) - 1 else 0) > room:
            shown.append(more)
            break
        shown.append(line)
        used += len(line) + 1
    return "\n".join(shown) or "• nobody yet"


def build_team_list(manager_id: str | None, rows: list[tuple[str, str]],
                    belongs_to: list[str], invited_to: list[str] = ()) -> dict:
    """The caller's own team (if they manage one) and the teams they are in."""
    parts = []
    if belongs_to:
        parts.append("*You're in the team of* " + ", ".join(f"<@{m}>" for m in belongs_to))
    if invited_to:
        parts.append("*Invitations waiting for your answer* (below, and in your DM with me) "
                     "from "
                     + ", ".join(f"<@{m}>" for m in invited_to))
    if manager_id is not None:
        heading = f"*Your team* ({plural(sum(s == 'active' for _, s in rows), 'member')})\n"
        room = LIST_MAX - len(heading) - sum(len(p) + 2 for p in parts)
        parts.insert(0, heading + _listed(rows, room))
    if not parts:
        return build_note("You have no team and are in none.",
                          "Build yours: `/techlead team add @alice @bob`")
    return build_note("\n\n".join(parts),
                      "`/techlead team add @someone` · `/techlead team remove @someone` · "
                      "`/techlead team leave` · `/techlead digest`")


TEAM_FORMS = ("`/techlead team add @alice @bob` · `/techlead team remove @bob` · "
              "`/techlead team leave`")
# Why someone cannot be invited.
NOT_A_MENTION, YOURSELF, ALREADY_INVITED, ALREADY_MEMBER = (
    "not_a_mention", "yourself", "already_invited", "already_member")
NOT_FOUND, IS_BOT, DEACTIVATED = "not_found", "is_bot", "deactivated"


@dataclass(frozen=True)
class Problem:
    """One reason an invitation cannot go out: its kind and whom (or which word) it is about."""

    kind: str
    subject: str

    def describe(self) -> str:
        who = f"<@{self.subject}>"
        return {
            NOT_A_MENTION: f"“{quoted(self.subject, 40)}” is not a mention (type @ and pick "
                           "the person)",
            YOURSELF: "you can't add yourself",
            ALREADY_INVITED: f"{who} is already in your team (invited)",
            ALREADY_MEMBER: f"{who} is already in your team (a member)",
            NOT_FOUND: f"{who} is not someone I can find in this workspace",
            IS_BOT: f"{who} is a bot",
            DEACTIVATED: f"{who} has been deactivated",
        }[self.kind]


def _people(users: list[str]) -> str:
    return ", ".join(f"<@{u}>" for u in users)


def build_add_needs_mentions() -> dict:
    return build_note("Mention the people to invite, e.g. `/techlead team add @alice @bob`. "
                      "(Type @ and pick them, so Slack sends a mention.)")


def build_nobody_invited(problems: list[Problem]) -> dict:
    listed = "; ".join(p.describe() for p in problems)
    return build_note(f"Nobody was invited: {listed}.", "Fix the list and try again.")


# What Slack's refusal to deliver a DM means, in words a manager can act on.
UNDELIVERED = {
    "messages_tab_disabled": "their Messages tab is off",
    "cannot_dm_bot": "they cannot get DMs from apps",
    "user_not_found": "Slack does not know them",
    "user_disabled": "their account is deactivated",
    "is_archived": "their DM with me is archived",
    "restricted_action": "workspace settings stop me from DMing them",
}


def undelivered(error: str) -> str:
    if error in UNDELIVERED:
        return UNDELIVERED[error]
    if error in ("ratelimited", "internal_error", "service_unavailable", "http_500") or \
            error.endswith("Error"):  # timeouts and dropped connections, by exception name
        return "Slack did not take the message just now"
    return f"Slack said {error}"


def build_invited(users: list[str], outcomes: dict[str, str | None],
                  again: list[str] = ()) -> dict:
    """The answer to `team add`: per person, whether the invitation DM went out."""
    lines = []
    for user in users:
        if user not in outcomes:
            continue
        error = outcomes[user]
        if error is not None:
            lines.append(f"• <@{user}>: I couldn't DM them ({undelivered(error)}); they can "
                         "still answer with `/techlead team`")
        elif user in again:
            lines.append(f"• <@{user}>: invited before; I sent the invitation again")
        else:
            lines.append(f"• <@{user}>: invited ✓")
    delivered = [u for u in outcomes if outcomes[u] is None]
    lead = (f"Invited {_people(users)} to your team." if len(users) > 1 or not again
            else f"<@{users[0]}> was invited already.")
    what = ("Each DM says exactly what you will see, with Accept and Decline."
            if len(delivered) > 1 else
            "The DM says exactly what you will see, with Accept and Decline."
            if delivered else "")
    return build_note("\n".join([f"{lead} {what}".strip(), *lines]),
                      "They appear as invited until they answer; `/techlead team` shows the "
                      "list.")


def build_first_team(message: dict, floor: int) -> dict:
    """The answer to a manager's first `team add`, followed by what they will and will not
    see of their team's answers."""
    return {**message, "blocks": [*message["blocks"], bk.divider(),
                                  bk.section(for_manager(floor))]}


def build_invitation_buttons(message: dict, invitations: list[tuple[str, int]],
                             floor: int) -> dict:
    """`/techlead team` for someone with invitations waiting: what joining shares, then
    Accept and Decline for each (manager, team), whether or not the invitation DM reached
    them."""
    blocks = [*message["blocks"],
              bk.section("A manager gets a weekly digest of their team's answers. "
                         + for_members(floor))]
    for manager_id, group_id in invitations[:20]:
        value = Numbered(group_id).encode()
        blocks += [bk.section(f"<@{manager_id}> invited you to their team."),
                   bk.actions(f"{ids.INVITATION_ACTIONS}-{group_id}",
                              bk.button("Accept", ids.ACCEPT_INVITE, value, style="primary"),
                              bk.button("Decline", ids.DECLINE_INVITE, value))]
    return {**message, "blocks": blocks}


def build_remove_needs_mentions() -> dict:
    return build_note("Mention who to remove, e.g. `/techlead team remove @bob`.")


def build_no_team_to_remove_from() -> dict:
    return build_note("You don't manage a team.", TEAM_FORMS)


def build_removed(removed: list[str], missing: list[str]) -> dict:
    text = f"Removed {_people(removed)}." if removed else "Nobody was removed."
    if missing:
        text += f" Not in your team: {_people(missing)}."
    return build_note(text)


def build_not_in_a_team(named: bool) -> dict:
    return build_note("You're not in a team" + (" of theirs." if named else "."))


def build_which_team(managers: list[str]) -> dict:
    names = " or ".join(f"<@{m}>" for m in managers)
    return build_note(f"You're in several teams: {names}. Say which, e.g. `/techlead team "
                      "leave @maya` (pick the name from the list).")


def build_member_left(user_id: str, was_invited: bool) -> dict:
    """The DM a manager gets when someone leaves (or declines by leaving)."""
    told = "declined your team invitation" if was_invited else "left your team"
    return build_note(f"<@{user_id}> {told}.")


def build_left(manager_id: str) -> dict:
    return build_note(f"You left <@{manager_id}>'s team. Your reflections are no longer in "
                      "their digest.", "Weekly prompts continue: `/techlead unsubscribe` "
                      "stops them.")


def build_team_help() -> dict:
    return build_note("The team commands are add, remove and leave; `/techlead team` alone "
                      "lists your team.", TEAM_FORMS)


def build_invitation_closed() -> dict:
    return build_note("This invitation is no longer open (answered already, or withdrawn).")


def build_invitation_answer_for_manager(user_id: str, accepted: bool) -> dict:
    verb = "accepted" if accepted else "declined"
    return build_note(f"<@{user_id}> {verb} your team invitation.")
