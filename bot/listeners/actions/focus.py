"""The nudge's Make it my focus / Keep my focus button."""

from __future__ import annotations

from bot.grow.focus import make_it_my_focus
from bot.listeners.actions.click import Click


def make_focus(click: Click) -> None:
    note = make_it_my_focus(click.deps, click.team_id, click.user_id, click.value)
    if note is not None:
        click.tell(note)
