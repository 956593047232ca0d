"""Slack listeners, thin: parse, call a plain function, respond."""

from slack_bolt import App

from bot.listeners import actions, commands, events, views
from bot.services import Coach


def register_listeners(app: App, coach: Coach) -> None:
    """Wire every listener; each gets the bot's services bound as its `coach` argument."""
    commands.register(app, coach)
    actions.register(app, coach)
    events.register(app, coach)
    views.register(app, coach)
