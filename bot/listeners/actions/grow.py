"""Journal buttons: Newer / Older, and an export's Open as canvas."""

from __future__ import annotations

from bot.grow import journal
from bot.listeners.actions.click import Click


def journal_page(click: Click) -> None:
    page = journal.page_button(click.deps, click.team_id, click.user_id, click.value)
    if page is not None:
        click.reply(page, replace=True)


def open_canvas(click: Click) -> None:
    answer = journal.open_canvas(click.deps, click.client, click.team_id, click.user_id,
                                 click.value, click.message_key)
    if answer is not None:
        click.tell(answer)
