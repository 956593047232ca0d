"""Every Slack action_id, callback_id and block_id the bot uses, defined once."""

COMMAND = "/techlead"

# Actions
SHARE_TOPIC = "share_topic"
OPEN_REFLECTION = "open_reflection"
SUBSCRIBE = "subscribe"
UNSUBSCRIBE = "unsubscribe"
HISTORY_PAGE = "history_page"
ACCEPT_INVITE = "accept_invite"
DECLINE_INVITE = "decline_invite"
DIGEST_PAGE = "digest_page"
READ_REFLECTION = "read_reflection"
FORGET_CONFIRM = "forget_confirm"
FORGET_CANCEL = "forget_cancel"

# Views
REFLECTION_VIEW = "reflection_view"

# Blocks (and the actions inside the modal's input blocks)
COMPARISON_ACTIONS = "comparison_actions"
NUDGE_ACTIONS = "nudge_actions"
RATING_BLOCK = "rating"
RATING_ACTION = "rating_choice"
TEXT_BLOCK = "reflection"
TEXT_ACTION = "reflection_text"
PRIVATE_BLOCK = "privacy"
PRIVATE_ACTION = "private_choice"
PRIVATE_VALUE = "private"
