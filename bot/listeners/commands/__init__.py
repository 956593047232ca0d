from functools import partial

from slack_bolt import App

from bot import ids
from bot.listeners.commands.subcommand import ack_subcommand, handle_subcommand, is_subcommand
from bot.listeners.commands.techlead import handle_techlead
from bot.services import Coach


def register(app: App, coach: Coach) -> None:
    # Sub-commands that touch Slack or the database answer after the ack; the rest (topics,
    # help) answer in the ack itself. The first listener whose matcher passes handles it.
    app.command(ids.COMMAND, matchers=[is_subcommand])(
        ack=ack_subcommand, lazy=[partial(handle_subcommand, coach=coach)]
    )
    app.command(ids.COMMAND)(partial(handle_techlead, coach=coach))
