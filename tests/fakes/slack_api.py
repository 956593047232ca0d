"""The Web API stand-in lives in the product: the playground runs the bot against it."""

from bot.playground.standin import BOT_USER_ID, TEAM_ID, Call, SlackApiStandIn

__all__ = ["BOT_USER_ID", "TEAM_ID", "Call", "SlackApiStandIn"]
