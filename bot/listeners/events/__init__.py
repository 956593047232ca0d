from functools import partial

from slack_bolt import App

from bot.dependencies import Dependencies
from bot.listeners.events.app_home import handle_app_home_opened
from bot.listeners.events.user_change import handle_user_change


def register(app: App, deps: Dependencies) -> None:
    # Slack retries events it thinks failed (X-Slack-Retry-Num) and Bolt does not
    # de-duplicate them: both handlers are idempotent.
    app.event("app_home_opened")(partial(handle_app_home_opened, deps=deps))
    app.event("user_change")(partial(handle_user_change, deps=deps))
