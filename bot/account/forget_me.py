"""`/techlead forget-me`: ask first, because deleting is for good; then delete on the
confirmation of the person it names."""

from __future__ import annotations

import json
from datetime import timedelta

from bot.blocks import account as blocks
from bot.dependencies import Dependencies
from bot.invocation import Invocation
from bot.values import ForgetConfirmation
from storage import teams
from storage.idempotency import first_time, remember_result, result_of


def ask(inv: Invocation) -> dict:
    return blocks.build_forget_confirmation(ForgetConfirmation(inv.user_id))


# A second click on the same confirmation shows the first one's counts for this long.
KEEP = timedelta(days=1)


def confirmed(deps: Dependencies, team_id: str, user_id: str, value: str | None,
              message_key: str) -> dict:
    """Delete everything about `user_id`, if the button is theirs; what to show instead of
    the confirmation. Claiming the click, deleting and remembering the counts are one
    transaction, so a second click (or a racing one) shows what the first deleted."""
    button = ForgetConfirmation.decode(value)
    if button is None or button.user_id != user_id:
        return blocks.build_forget_not_yours()
    key = f"forget:{user_id}:{message_key}"
    with deps.sessions.begin() as session:
        if first_time(session, key, now=deps.clock(), keep=KEEP):
            counts = teams.forget(session, team_id, user_id)
            remember_result(session, key, json.dumps(counts))
        else:
            counts = json.loads(result_of(session, key) or "null")
    return blocks.build_forgotten(counts) if counts else blocks.build_forget_cancelled()


def cancelled() -> dict:
    return blocks.build_forget_cancelled()
