"""`/techlead forget-me`: ask first, because deleting is for good (the confirmation button
is handled in bot/listeners/actions/team_buttons.py)."""

from __future__ import annotations

from bot import ids
from bot.blocks import elements as bk


def forget_me(inv) -> dict:
    """Ask first: deleting is for good."""
    text = ("This deletes, for good, everything I keep about you in this workspace: your "
            "reflections, your team memberships, the team you manage (if any), your "
            "schedule and subscription.")
    blocks = [bk.section(text), bk.actions(
        "forget", bk.button("Delete everything", ids.FORGET_CONFIRM, inv.user_id,
                            style="danger"),
        bk.button("Cancel", ids.FORGET_CANCEL, "cancel"))]
    return bk.message(text, blocks)
