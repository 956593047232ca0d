"""Team buttons: Accept / Decline on an invitation."""

from __future__ import annotations

from bot.listeners.actions.click import Click
from bot.team.invitations import answer_invitation


def accept(click: Click) -> None:
    answer_invitation(click.deps, click.client, click.respond, click.team_id, click.user_id,
                      click.value, accepted=True)


def decline(click: Click) -> None:
    answer_invitation(click.deps, click.client, click.respond, click.team_id, click.user_id,
                      click.value, accepted=False)
