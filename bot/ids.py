"""Every Slack action_id, callback_id and block_id the bot uses, defined once: builders
write them, listeners match them."""

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

# Blocks holding buttons
COMPARISON_ACTIONS = "comparison_actions"
NUDGE_ACTIONS = "nudge_actions"
WEEK_ACTIONS = "week_actions"
HOME_SUBSCRIPTION = "home_subscription"
HOME_REFLECT = "home_reflect"
HISTORY_PAGES = "history_pages"
DIGEST_PAGES = "digest_pages"
INVITATION_ACTIONS = "invitation"
FORGET_ACTIONS = "forget"

# The reflection modal's input blocks and the actions inside them
RATING_BLOCK = "rating"
RATING_ACTION = "rating_choice"
TEXT_BLOCK = "reflection"
TEXT_ACTION = "reflection_text"
SHARING_BLOCK = "sharing"
SHARING_ACTION = "sharing_choice"

# The evidence journal: the message shortcut, its modal, the journal's buttons
EVIDENCE_SHORTCUT = "save_evidence"
EVIDENCE_VIEW = "evidence_view"
EVIDENCE_DIMENSION_BLOCK = "evidence_dimension"
EVIDENCE_DIMENSION_ACTION = "evidence_dimension_choice"
EVIDENCE_NOTE_BLOCK = "evidence_note"
EVIDENCE_NOTE_ACTION = "evidence_note_text"
JOURNAL_PAGE = "journal_page"
JOURNAL_PAGES = "journal_pages"
OPEN_CANVAS = "open_journal_canvas"
JOURNAL_EXPORT_ACTIONS = "journal_export"

# A focus dimension and follow-ups: the nudge's buttons, the modal's optional focus answer
FOCUS_ACTIONS = "focus_actions"
MAKE_FOCUS = "make_focus"
FOLLOWUP_ACTIONS = "followup_actions"
FOCUS_RATING_BLOCK = "focus_rating"
FOCUS_RATING_ACTION = "focus_rating_choice"
FOCUS_TEXT_BLOCK = "focus_reflection"
FOCUS_TEXT_ACTION = "focus_reflection_text"

# Sharing levels: App Home's choice of the default level
HOME_SHARING = "home_sharing"
SET_DEFAULT_SHARING = "set_default_sharing"

# /techlead progress: the Reflect button of its empty state
PROGRESS_ACTIONS = "progress_actions"
