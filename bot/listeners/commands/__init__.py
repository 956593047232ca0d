from slack_bolt import App

from bot import ids
from bot.listeners.commands.techlead import handle_techlead


def register(app: App) -> None:
    app.command(ids.COMMAND)(handle_techlead)
