"""Reflect buttons: Reflect (in a nudge, on App Home, after `/techlead week`) and history's
Newer / Older."""

from __future__ import annotations

from bot.listeners.actions.click import Click
from bot.reflect.history import history_page as page_of
from bot.reflect.modal import open_reflection
from bot.values import Numbered, ReflectTarget


def open_modal(click: Click) -> None:
    container = click.container
    in_message = container.get("type") == "message"
    note = open_reflection(
        click.deps, click.client, team_id=click.team_id, user_id=click.user_id,
        trigger_id=click.trigger_id, now=click.deps.clock(),
        target=ReflectTarget.decode(click.value),
        channel=container.get("channel_id") if in_message else None,
        ts=container.get("message_ts") if in_message else None,
    )
    if note is not None:
        click.tell(note)


def history_page(click: Click) -> None:
    button = Numbered.decode(click.value)
    if button is None:
        return
    # Always the clicking person's own history: the button carries only a page number.
    click.reply(page_of(click.deps, click.team_id, click.user_id, button.number), replace=True)
