"""Slack listeners, thin: acknowledge, parse, call a feature, answer. Organised by Slack
type (commands, actions, views, events); the work after the ack goes through
Dependencies.background, which logs every failure and apologises to the person."""

from slack_bolt import App

from bot.dependencies import Dependencies
from bot.listeners import actions, commands, events, shortcuts, views


def register_listeners(app: App, deps: Dependencies) -> None:
    """Wire every listener; each gets the bot's dependencies bound as its `deps` argument."""
    commands.register(app, deps)
    actions.register(app, deps)
    events.register(app, deps)
    views.register(app, deps)
    shortcuts.register(app, deps)
