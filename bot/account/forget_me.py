"""`/techlead forget-me`: ask first, because deleting is for good; then delete on the
confirmation of the person it names."""

from __future__ import annotations

from bot.blocks import account as blocks
from bot.dependencies import Dependencies
from bot.invocation import Invocation
from bot.values import ForgetConfirmation
from storage import teams


def ask(inv: Invocation) -> dict:
    return blocks.build_forget_confirmation(ForgetConfirmation(inv.user_id))


def confirmed(deps: Dependencies, team_id: str, user_id: str, value: str | None) -> dict:
    """Delete everything about `user_id`, if the button is theirs; what to show instead of
    the confirmation."""
    button = ForgetConfirmation.decode(value)
    if button is None or button.user_id != user_id:
        return blocks.build_forget_not_yours()
    with deps.sessions.begin() as session:
        counts = teams.forget(session, team_id, user_id)
    return blocks.build_forgotten(counts)


def cancelled() -> dict:
    return blocks.build_forget_cancelled()
