from functools import partial

from slack_bolt import App

from bot.listeners.events.app_home import ack_event, handle_app_home_opened
from bot.services import Coach


def register(app: App, coach: Coach) -> None:
    app.event("app_home_opened")(ack=ack_event, lazy=[partial(handle_app_home_opened, coach=coach)])
