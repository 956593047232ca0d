"""The three sharing levels in words: the name a person picks, what it shows to whom, and
the short tag beside an answer. Every place that explains a level reads it from here: the
reflection form, `/techlead sharing`, App Home, the invitation and a manager's first team."""

from __future__ import annotations

from dataclasses import dataclass

from bot import ids
from bot.blocks import elements as bk
from bot.blocks.mrkdwn import typed as quoted
from bot.blocks.notes import build_note
from bot.values import SharingChoice
from storage.models import DEFAULT_SHARING, KEEP_PRIVATE, RATING_ONLY, SHARED, SHARING_LEVELS


@dataclass(frozen=True)
class Level:
    value: str  # as stored
    word: str  # as typed: `/techlead sharing <word>`
    name: str  # as picked in the modal (plain text, at most 75 characters)
    shows: str  # exactly what it shows to whom (plain text, at most 75 characters)
    tag: str  # beside the answer in the author's own history (none for the default)
    to_manager: str  # what the manager gets of such an answer, told to the manager


LEVELS: dict[str, Level] = {
    SHARED: Level(SHARED, "manager", "Share with my manager",
                  "Your manager reads your words and rating; the rating joins team figures.",
                  "", "their words and rating in your digest; the rating joins team figures"),
    RATING_ONLY: Level(RATING_ONLY, "rating", "Share my rating only",
                       "Your manager sees your rating, never your words; it joins team figures.",
                       "rating shared, words private",
                       "their rating, never their words; it joins team figures"),
    KEEP_PRIVATE: Level(KEEP_PRIVATE, "private", "Keep private",
                        "Your manager sees only that you answered; in no figure.",
                        "private", "only that they answered; in no figure"),
}
assert tuple(LEVELS) == SHARING_LEVELS
BY_WORD = {level.word: level for level in LEVELS.values()}
WORDS = " · ".join(f"`{level.word}`" for level in LEVELS.values())


def explained() -> str:
    """The three levels, one line each, as mrkdwn."""
    return "\n".join(f"• *{level.name}* (`{level.word}`): {level.shows}"
                     for level in LEVELS.values())


def tag(sharing: str) -> str:
    """" · private" and the like, to follow an answer's heading; nothing when shared."""
    level = LEVELS.get(sharing, LEVELS[KEEP_PRIVATE])
    return f" · {level.tag}" if level.tag else ""


def floor_line(floor: int) -> str:
    """The privacy floor (PRIVACY_MIN_ANSWERS) in one sentence."""
    if floor <= 1:
        return "This workspace shows team figures from any number of ratings, even one."
    return (f"No team figure is shown from fewer than {floor} ratings, so no one's rating "
            "can be told from it.")


def for_members(floor: int) -> str:
    """What joining a team shares, level by level, for someone deciding whether to join."""
    return (f"For each answer you pick what it shows them:\n{explained()}\n{floor_line(floor)}"
            "\nSet the level your answers start with: `/techlead sharing`; the form lets you "
            "change it for any one answer.")


def for_manager(floor: int) -> str:
    """What a manager will and will not see, for their first team."""
    levels = "\n".join(f"• *{level.name}*: {level.to_manager}" for level in LEVELS.values())
    never = ["a private answer's rating or words",
             "anyone's evidence journal"]
    if floor > 1:
        never.append(f"a team figure from fewer than {floor} ratings")
    return (f"*What you will see.* Each member picks, for each answer, what it shows you:\n"
            f"{levels}\n*What you never see:* {', '.join(never)}.\n"
            "*Before a 1:1:* `/techlead prep @member`")


def option(level: str) -> dict:
    chosen = LEVELS[level]
    return {"text": {"type": "plain_text", "text": chosen.name},
            "description": {"type": "plain_text", "text": chosen.shows},
            "value": SharingChoice(level).encode()}


def choice(action_id: str, current: str) -> dict:
    """Radio buttons with the three levels, `current` selected."""
    return {"type": "radio_buttons", "action_id": action_id,
            "options": [option(level) for level in LEVELS],
            "initial_option": option(current if current in LEVELS else DEFAULT_SHARING)}


def home_sharing(current: str) -> list[dict]:
    """App Home's choice of the default level."""
    block = bk.section("*Your answers are shared by default as…*\nThe reflection form "
                       "preselects it; you can change it there for one answer.")
    block["block_id"] = ids.HOME_SHARING
    block["accessory"] = choice(ids.SET_DEFAULT_SHARING, current)
    return [block]


def build_sharing_default(current: str) -> dict:
    """`/techlead sharing`: the person's default level, and the three explained."""
    level = LEVELS.get(current, LEVELS[DEFAULT_SHARING])
    return build_note(f"Your answers are shared by default as *{level.name}*.\n{explained()}",
                      f"Change it: `/techlead sharing &lt;level&gt;`, one of {WORDS}.")


def build_sharing_set(current: str) -> dict:
    level = LEVELS[current]
    return build_note(f"From now on the form preselects *{level.name}*: {level.shows}",
                      "Answers you already gave keep their level; edit one to change it.")


def build_sharing_unknown(typed: str) -> dict:
    """`/techlead sharing <something else>`: the three levels it could be."""
    return build_note(f"“{quoted(typed, 40)}” is not a sharing level. The three are:\n"
                      f"{explained()}", "For example `/techlead sharing rating`.")
