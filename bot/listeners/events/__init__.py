from functools import partial

from slack_bolt import App

from bot.listeners.events.app_home import ack_event, handle_app_home_opened
from bot.listeners.events.user_change import handle_user_change
from bot.services import Coach


def register(app: App, coach: Coach) -> None:
    # Slack retries events it thinks failed (X-Slack-Retry-Num) and Bolt does not
    # de-duplicate them: both handlers are idempotent.
    app.event("app_home_opened")(ack=ack_event, lazy=[partial(handle_app_home_opened, coach=coach)])
    app.event("user_change")(ack=ack_event, lazy=[partial(handle_user_change, coach=coach)])
