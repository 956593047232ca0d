"""Try the bot without Slack: the real app against a local Slack stand-in, and a page that
shows what people would see."""
