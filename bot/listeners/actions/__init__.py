from functools import partial

from slack_bolt import App

from bot import ids
from bot.listeners.actions.share import ack_share, handle_share
from bot.services import Coach


def register(app: App, coach: Coach) -> None:
    # Lazy: the ack returns at once, the response_url posts run after it.
    app.action(ids.SHARE_TOPIC)(ack=ack_share, lazy=[partial(handle_share, coach=coach)])
