"""TechLead Coach: the Slack-facing part of the bot."""
