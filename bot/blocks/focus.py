"""A person's focus dimension: setting it, ending it, and what the weekly nudge and the
reflection modal say of it."""

from __future__ import annotations

from bot import ids
from bot.blocks import elements as bk
from bot.blocks.mrkdwn import escape, plural
from bot.blocks.mrkdwn import typed as quoted
from bot.blocks.notes import build_note
from bot.values import ReflectTarget
from content import Guide, Topic


def aim_for(topic: Topic) -> str:
    """The behaviour to aim for: the guide's Tech Lead column for the dimension."""
    return "\n".join(f"• {row.lead}" for row in topic.rows)


def prep_line(shared: bool) -> str:
    """Whether a manager's 1:1 prep shows the focus, and how to change that."""
    if shared:
        return ("The 1:1 prep of the managers whose team you are in shows it "
                "(`/techlead focus unshare` hides it).")
    return ("It stays yours: no manager's 1:1 prep shows it (`/techlead focus share` "
            "shows it to the managers whose team you are in).")


def build_focus_set(topic: Topic, weeks: int, *, shared: bool) -> dict:
    return build_note(
        f"Your focus is now *{escape(topic.heading)}* for {plural(weeks, 'week')}. Each "
        "weekly nudge brings one question on it, beside the workspace's dimension. "
        + prep_line(shared),
        "`/techlead focus off` ends it early · `/techlead week` shows the weeks left")


def build_focus_sharing(shared: bool, topic: Topic | None) -> dict:
    """`focus share` / `focus unshare`: only the focus itself; every reflection keeps the
    sharing chosen for it."""
    if not shared:
        return build_note("Your focus no longer shows in any manager's 1:1 prep.",
                          "`/techlead focus share` shows it again")
    now = (f"They now see *{escape(topic.heading)}*." if topic is not None else
           "You have no focus right now; once you pick one, they see it.")
    return build_note("Your focus now shows in the 1:1 prep of the managers whose team you "
                      f"are in. {now} Your reflections keep the sharing you chose for each.",
                      "`/techlead focus unshare` hides it again")


def build_focus_off(was: Topic | None) -> dict:
    if was is None:
        return build_note("You have no focus to end.",
                          "`/techlead focus risk` picks one for four weeks.")
    return build_note(f"Your focus on *{escape(was.heading)}* has ended.",
                      "`/techlead progress` shows how your ratings moved.")


def build_focus_state(topic: Topic | None, weeks_left: int, *, shared: bool) -> dict:
    if topic is None:
        return build_note("You have no focus dimension. Pick one you want to grow in: each "
                          "weekly nudge then asks one question on it.",
                          "`/techlead focus risk` (four weeks) · `/techlead focus planning 8`")
    return build_note(f"Your focus: *{escape(topic.heading)}*, "
                      f"{plural(weeks_left, 'week')} left including this one. "
                      + prep_line(shared), "`/techlead focus off` ends it")


def build_focus_help(guide: Guide, typed: str, max_weeks: int,
                     not_a_dimension: Topic | None = None) -> dict:
    names = ", ".join(f"`{t.slug}`" for t in guide.dimensions)
    lead = (f"*{escape(not_a_dimension.heading)}* is not one of the nine dimensions."
            if not_a_dimension is not None else
            f"I couldn't read “{quoted(typed, 60)}” as a dimension and a number of weeks "
            f"(1 to {max_weeks})." if typed else "Say which dimension to focus on.")
    return build_note(f"{lead} A focus can be one of: {names}.",
                      "`/techlead focus risk` · `/techlead focus planning 8` · "
                      "`/techlead focus off`")


def focus_blocks(topic: Topic, weeks_left: int, week: str) -> list[dict]:
    """The nudge's question on the person's focus, with the behaviour to aim for."""
    question = topic.questions[_index(week, len(topic.questions))]
    return [bk.section(f"*Your focus: {escape(topic.heading)}* "
                       f"({plural(weeks_left, 'week')} left)\n{question}\n"
                       f"_Aim for:_\n{aim_for(topic)}")]


def suggestion_blocks(topic: Topic, week: str) -> list[dict]:
    """Once a rotation: the dimension they rated lowest, offered as a focus."""
    return [bk.section(f"Over the last nine weeks you rated yourself lowest on "
                       f"*{escape(topic.heading)}*. Want to make it your focus for four "
                       "weeks? Each nudge would bring one question on it."),
            bk.actions(ids.FOCUS_ACTIONS, bk.button(
                "Make it my focus", ids.MAKE_FOCUS, ReflectTarget(week, topic.slug).encode()))]


def ended_blocks(topic: Topic, before: float | None, during: float | None,
                 week: str) -> list[dict]:
    """A focus that just ended: the ratings before and during it, and the offer to keep it."""
    def shown(value: float | None) -> str:
        return f"{value:.1f}" if value is not None else "no rating"

    return [bk.section(f"Your focus on *{escape(topic.heading)}* has ended. Your self-rating "
                       f"there: {shown(before)} before it, {shown(during)} during it. Keep "
                       "it for four more weeks?"),
            bk.actions(ids.FOCUS_ACTIONS, bk.button(
                "Keep my focus", ids.MAKE_FOCUS, ReflectTarget(week, topic.slug).encode()))]


def _index(week: str, count: int) -> int:
    """A different question each week, the same for everyone in that week."""
    return sum(map(ord, week)) % count if count else 0
