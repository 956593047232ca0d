"""Grow: the engineer's growth loop, the bot giving back what a person tells it: their
progress over time, a focus dimension, an evidence journal they own, follow-ups that coach."""
