"""Team invitations and the team list."""

from __future__ import annotations

from bot import ids
from bot.blocks import elements as bk
from bot.blocks.notes import build_note

STATE_LABELS = {"active": "member", "invited": "invited, not answered yet",
                "declined": "declined"}


def build_invitation(manager_id: str, group_id: int) -> dict:
    """The DM an invitee gets: who, exactly what the manager will see, Accept / Decline."""
    text = (f"<@{manager_id}> invited you to their team in TechLead Coach. Each week "
            "they would get a digest with your self-rating and your reflection texts, "
            "except the ones you mark private (those only count as answered).")
    blocks = [
        bk.section(text),
        bk.section("Accepting also subscribes you to one short reflection prompt a week. "
                   "You can leave the team at any time with `/techlead team leave`."),
        bk.actions("invitation", bk.button("Accept", ids.ACCEPT_INVITE, str(group_id),
                                           style="primary"),
                   bk.button("Decline", ids.DECLINE_INVITE, str(group_id))),
    ]
    return bk.message(f"<@{manager_id}> invited you to their team", blocks)


def build_invitation_answered(manager_id: str, accepted: bool, when: str = "") -> dict:
    if accepted:
        return build_note(
            f"You joined <@{manager_id}>'s team ✓ and you're subscribed to weekly "
            f"reflections ({when}; change it with `/techlead schedule`).",
            "Leave the team: `/techlead team leave` · stop the prompts: "
            "`/techlead unsubscribe`")
    return build_note(f"You declined <@{manager_id}>'s invitation. Nothing is shared.")


def build_team_list(manager_id: str | None, rows: list[tuple[str, str]],
                    belongs_to: list[str], invited_to: list[str] = ()) -> dict:
    """The caller's own team (if they manage one) and the teams they are in."""
    parts = []
    if manager_id is not None:
        listed = "\n".join(f"• <@{user}> · {STATE_LABELS.get(state, state)}"
                           for user, state in rows) or "• nobody yet"
        parts.append(f"*Your team* ({sum(s == 'active' for _, s in rows)} members)\n{listed}")
    if belongs_to:
        parts.append("*You're in the team of* " + ", ".join(f"<@{m}>" for m in belongs_to))
    if invited_to:
        parts.append("*Invitations waiting for your answer* (in your DM with me) from "
                     + ", ".join(f"<@{m}>" for m in invited_to))
    if not parts:
        return build_note("You have no team and are in none.",
                          "Build yours: `/techlead team add @alice @bob`")
    return build_note("\n\n".join(parts)[:2900],
                      "`/techlead team add @someone` · `/techlead team remove @someone` · "
                      "`/techlead team leave` · `/techlead digest`")
