"""Pure Block Kit builders: data in, message dicts out, no Slack calls."""
