from functools import partial

from slack_bolt import App

from bot import ids
from bot.listeners.commands.techlead import handle_techlead
from bot.services import Coach


def register(app: App, coach: Coach) -> None:
    app.command(ids.COMMAND)(partial(handle_techlead, coach=coach))
