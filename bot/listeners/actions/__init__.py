from functools import partial

from slack_bolt import App

from bot import ids
from bot.dependencies import Dependencies
from bot.listeners.actions import account, ask, focus, grow, reflect, review, team
from bot.listeners.actions.click import button_listener

# action_id -> (what it does, for the log should it fail; the work after the ack)
BUTTONS = {
    ids.SHARE_TOPIC: ("sharing a topic", ask.share),
    ids.SUBSCRIBE: ("subscribing from App Home", account.subscribe),
    ids.UNSUBSCRIBE: ("unsubscribing from App Home", account.unsubscribe),
    ids.SET_DEFAULT_SHARING: ("choosing the default sharing level on App Home",
                              account.default_sharing),
    ids.FORGET_CONFIRM: ("forgetting a person", account.forget_confirm),
    ids.FORGET_CANCEL: ("cancelling forget-me", account.forget_cancel),
    ids.OPEN_REFLECTION: ("opening a reflection", reflect.open_modal),
    ids.HISTORY_PAGE: ("paging history", reflect.history_page),
    ids.ACCEPT_INVITE: ("accepting an invitation", team.accept),
    ids.DECLINE_INVITE: ("declining an invitation", team.decline),
    ids.DIGEST_PAGE: ("paging a digest", review.more_reflections),
    ids.READ_REFLECTION: ("reading a reflection in full", review.read_in_full),
    ids.MAKE_FOCUS: ("choosing a focus", focus.make_focus),
    ids.JOURNAL_PAGE: ("paging the journal", grow.journal_page),
    ids.OPEN_CANVAS: ("opening the journal as a canvas", grow.open_canvas),
}


def register(app: App, deps: Dependencies) -> None:
    for action_id, (what, work) in BUTTONS.items():
        app.action(action_id)(partial(button_listener(what, work), deps=deps))
