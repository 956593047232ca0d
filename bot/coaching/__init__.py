"""Coaching logic as plain functions, with no Slack imports: calendars, rotation, who is due."""
