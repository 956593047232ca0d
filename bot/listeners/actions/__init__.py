from functools import partial

from slack_bolt import App

from bot import ids
from bot.listeners.actions.buttons import (
    ack_button,
    handle_history_page,
    handle_open_reflection,
    handle_subscribe_button,
    handle_unsubscribe_button,
)
from bot.listeners.actions.share import ack_share, handle_share
from bot.listeners.actions.team_buttons import (
    handle_accept,
    handle_decline,
    handle_digest_page,
    handle_forget_cancel,
    handle_forget_confirm,
    handle_read_reflection,
)
from bot.services import Coach


def register(app: App, coach: Coach) -> None:
    # Lazy: the ack returns at once, the Slack calls run after it.
    app.action(ids.SHARE_TOPIC)(ack=ack_share, lazy=[partial(handle_share, coach=coach)])
    for action_id, handler in (
        (ids.OPEN_REFLECTION, handle_open_reflection),
        (ids.SUBSCRIBE, handle_subscribe_button),
        (ids.UNSUBSCRIBE, handle_unsubscribe_button),
        (ids.HISTORY_PAGE, handle_history_page),
        (ids.ACCEPT_INVITE, handle_accept),
        (ids.DECLINE_INVITE, handle_decline),
        (ids.DIGEST_PAGE, handle_digest_page),
        (ids.READ_REFLECTION, handle_read_reflection),
        (ids.FORGET_CONFIRM, handle_forget_confirm),
        (ids.FORGET_CANCEL, handle_forget_cancel),
    ):
        app.action(action_id)(ack=ack_button, lazy=[partial(handler, coach=coach)])
