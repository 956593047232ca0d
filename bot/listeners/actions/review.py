"""Digest buttons: More reflections, Read all."""

from __future__ import annotations

from bot.listeners.actions.click import Click
from bot.review import reading


def more_reflections(click: Click) -> None:
    page = reading.more_reflections(click.deps, click.team_id, click.user_id, click.value)
    if page is not None:
        click.reply(page)


def read_in_full(click: Click) -> None:
    note = reading.read_in_full(click.deps, click.client, click.team_id, click.user_id,
                                click.value, click.trigger_id)
    if note is not None:
        click.tell(note)
