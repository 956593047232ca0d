"""Account buttons: Subscribe / Unsubscribe and the default sharing level on App Home,
forget-me's Delete and Cancel."""

from __future__ import annotations

from bot.account import forget_me
from bot.account.home import subscribe_from_home, unsubscribe_from_home
from bot.account.sharing import set_from_home
from bot.listeners.actions.click import Click


def subscribe(click: Click) -> None:
    subscribe_from_home(click.deps, click.client, click.team_id, click.user_id)


def unsubscribe(click: Click) -> None:
    unsubscribe_from_home(click.deps, click.client, click.team_id, click.user_id)


def default_sharing(click: Click) -> None:
    set_from_home(click.deps, click.client, click.team_id, click.user_id, click.value)


def forget_confirm(click: Click) -> None:
    click.reply(forget_me.confirmed(click.deps, click.team_id, click.user_id, click.value,
                                    click.message_key), replace=True)


def forget_cancel(click: Click) -> None:
    click.reply(forget_me.cancelled(), replace=True)
