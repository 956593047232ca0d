"""The /techlead sub-commands, as data: help lists them, marking those still to come."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CommandInfo:
    usage: str
    description: str
    available: bool = True


COMMANDS: tuple[CommandInfo, ...] = (
    CommandInfo("/techlead <topic>", "the Software Engineer vs Tech Lead comparison for a topic"),
    CommandInfo("/techlead help", "this list"),
    CommandInfo("/techlead subscribe", "a weekly reflection prompt by DM (`unsubscribe` stops it)"),
    CommandInfo("/techlead schedule <day> <HH:MM>", "when it comes, your time (default mon 10:00)"),
    CommandInfo("/techlead pause <weeks>", "skip weeks, e.g. holidays (`resume` ends a pause)"),
    CommandInfo("/techlead week", "this week's dimension and your next nudge"),
    CommandInfo("/techlead reflect [topic]", "reflect now, on this week's dimension or another"),
    CommandInfo("/techlead history", "your own past reflections"),
    CommandInfo("/techlead team add @someone", "invite people to your team (`team` lists it, "
                "`team remove @someone`, `team leave`)"),
    CommandInfo("/techlead digest [last | 2026-W48]", "your team's reflection digest "
                "(`digest schedule fri 16:00`, `digest export` for a CSV)"),
    CommandInfo("/techlead forget-me", "delete everything the bot keeps about you"),
)

# Sub-commands answered after the ack (they need Slack or the database).
STATEFUL_VERBS = frozenset(
    {"subscribe", "unsubscribe", "schedule", "pause", "resume", "week", "reflect", "history",
     "team", "digest", "forget-me"}
)
