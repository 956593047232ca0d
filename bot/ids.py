"""Every Slack action_id, callback_id and block_id the bot uses, defined once."""

COMMAND = "/techlead"

# Actions
SHARE_TOPIC = "share_topic"

# Blocks
COMPARISON_ACTIONS = "comparison_actions"
