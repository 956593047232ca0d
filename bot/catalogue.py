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
    CommandInfo("/techlead subscribe", "a weekly reflection prompt by DM", available=False),
    CommandInfo("/techlead reflect [topic]", "reflect on a dimension now", available=False),
    CommandInfo("/techlead history", "your own past reflections", available=False),
    CommandInfo("/techlead team add @someone", "build your team", available=False),
    CommandInfo("/techlead digest", "your team's weekly reflection digest", available=False),
)

# Words that will become sub-commands; until then they get a "coming soon" answer
# instead of being mistaken for an unknown topic.
PLANNED_VERBS = frozenset(
    {
        "subscribe", "unsubscribe", "schedule", "pause", "week", "reflect", "history",
        "team", "digest", "forget-me",
    }
)
