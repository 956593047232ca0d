"""Logs, metrics and Slack API timing: what operators see of the running bot."""
