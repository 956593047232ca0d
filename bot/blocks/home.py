"""The App Home tab: subscription, schedule, this week's dimension, the default sharing
level, recent reflections."""

from __future__ import annotations

from bot import ids
from bot.blocks import elements as bk
from bot.blocks.history import reflection_line
from bot.blocks.mrkdwn import escape, plural
from bot.blocks.nudge import reflect_button
from bot.blocks.progress import home_progress
from bot.blocks.sharing import home_sharing
from bot.coaching.calendar import format_local
from bot.coaching.people import WeekView
from content import Guide
from storage.models import DEFAULT_SHARING


def _subscription(view: WeekView) -> list[dict]:
    if not view.subscribed:
        return [bk.section("*Weekly reflections are off.* Subscribe for one short prompt a "
                           "week, at a time that suits you."),
                bk.actions(ids.HOME_SUBSCRIPTION,
                           bk.button("Subscribe", ids.SUBSCRIBE, "home", style="primary"))]
    state = f"*Subscribed* · nudges come {view.schedule.describe()} ({view.tz.key})"
    if view.unreachable:
        state += " · I could not reach you by DM last time; check the Messages tab is on"
    elif view.paused_until and view.paused_until > view.monday:
        state += f" · paused until the week of {view.paused_until:%d %b}"
    else:
        state += f" · next: {format_local(view.next_nudge, view.tz)}"
    return [bk.section(state),
            bk.actions(ids.HOME_SUBSCRIPTION,
                       bk.button("Unsubscribe", ids.UNSUBSCRIBE, "home")),
            bk.context("Change the time: `/techlead schedule tue 09:30` · skip weeks: "
                       "`/techlead pause 2`")]


def build_home(guide: Guide, view: WeekView, recent: list, *, reflected: bool = False,
               progress=None, sharing: str = DEFAULT_SHARING) -> dict:
    """A Home view for one person (`reflected`: this week's reflection is written;
    `progress`: their bot.grow.progress.Progress, None before their first reflection;
    `sharing`: their default sharing level)."""
    blocks = [
        bk.header("TechLead Coach"),
        bk.section(f"Coaching from *{escape(guide.title)}*, one dimension a week. "
                   "Type `/techlead &lt;topic&gt;` anywhere; only you see the answer until you "
                   "share it."),
        bk.divider(),
        *_subscription(view),
        bk.divider(),
        bk.section(f"*This week ({view.week}): {escape(view.topic.heading)}*\n"
                   + "\n".join(f"• {q}" for q in view.topic.questions)),
        bk.actions(ids.HOME_REFLECT, reflect_button(
            view.week, view.topic, "Edit reflection" if reflected else "Reflect")),
    ]
    if view.focus is not None:
        blocks.append(bk.context(
            f"Your focus: *{escape(view.focus.heading)}*, "
            f"{plural(view.focus_weeks_left, 'week')} left · `/techlead focus off` ends it"))
    blocks += [bk.divider(), *home_sharing(sharing)]
    if progress is not None:
        blocks += [bk.divider(), *home_progress(progress)]
    if recent:
        blocks += [bk.divider(), bk.section("*Your recent reflections*")]
        blocks += [bk.section(reflection_line(guide, row)) for row in recent]
        blocks.append(bk.context("`/techlead history` shows them all."))
    topics = " · ".join(f"`{t.slug}`" for t in guide.topics)
    blocks += [bk.divider(), bk.context(f"Topics: {topics}")]
    return {"type": "home", "blocks": blocks}


def build_home_unavailable() -> dict:
    """The Home tab when it could not be built (the failure itself is logged)."""
    return {"type": "home", "blocks": [
        bk.header("TechLead Coach"),
        bk.section("Sorry, I couldn't load this tab just now. Please open it again in a "
                   "minute; `/techlead help` works meanwhile."),
    ]}
