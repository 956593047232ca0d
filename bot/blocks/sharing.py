"""The three sharing levels in words: the name a person picks, what it shows to whom, and
the short tag beside an answer. Every place that explains a level reads it from here."""

from __future__ import annotations

from dataclasses import dataclass

from storage.models import KEEP_PRIVATE, RATING_ONLY, SHARED, SHARING_LEVELS


@dataclass(frozen=True)
class Level:
    value: str  # as stored
    word: str  # as typed: `/techlead sharing <word>`
    name: str  # as picked in the modal (plain text, at most 75 characters)
    shows: str  # exactly what it shows to whom (plain text, at most 75 characters)
    tag: str  # beside the answer in the author's own history (none for the default)


LEVELS: dict[str, Level] = {
    SHARED: Level(SHARED, "manager", "Share with my manager",
                  "Your manager reads your words and rating; the rating joins team figures.",
                  ""),
    RATING_ONLY: Level(RATING_ONLY, "rating", "Share my rating only",
                       "Your manager sees your rating, never your words; it joins team figures.",
                       "rating shared, words private"),
    KEEP_PRIVATE: Level(KEEP_PRIVATE, "private", "Keep private",
                        "Your manager sees only that you answered; in no figure.",
                        "private"),
}
assert tuple(LEVELS) == SHARING_LEVELS
BY_WORD = {level.word: level for level in LEVELS.values()}


def explained() -> str:
    """The three levels, one line each, as mrkdwn."""
    return "\n".join(f"• *{level.name}* (`{level.word}`): {level.shows}"
                     for level in LEVELS.values())


def tag(sharing: str) -> str:
    """" · private" and the like, to follow an answer's heading; nothing when shared."""
    level = LEVELS.get(sharing, LEVELS[KEEP_PRIVATE])
    return f" · {level.tag}" if level.tag else ""
