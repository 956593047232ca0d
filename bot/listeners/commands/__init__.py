from functools import partial

from slack_bolt import App

from bot import ids
from bot.dependencies import Dependencies
from bot.listeners.commands.techlead import handle_techlead


def register(app: App, deps: Dependencies) -> None:
    app.command(ids.COMMAND)(partial(handle_techlead, deps=deps))
