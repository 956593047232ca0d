"""Answers about a person's own coaching: subscription, schedule, pause, this week."""

from __future__ import annotations

from datetime import date

from bot import ids
from bot.blocks import elements as bk
from bot.blocks.mrkdwn import escape, plural
from bot.blocks.mrkdwn import typed as quoted
from bot.blocks.notes import build_note
from bot.blocks.nudge import reflect_button
from bot.coaching.calendar import format_local
from bot.coaching.people import MAX_PAUSE_WEEKS, WeekView
from bot.values import ForgetConfirmation

SCHEDULE_FORMS = ("`/techlead schedule tue 09:30` · `/techlead schedule friday 2pm` · "
                  "`/techlead schedule mon 10:00`")


def when(view: WeekView) -> str:
    """`Monday 10:00 (Europe/Berlin)`."""
    return f"{view.schedule.describe()} ({view.tz.key})"


def next_line(view: WeekView) -> str:
    if view.held_back:
        return ("This week's nudge is held back: your Slack status says you're away. It "
                "comes when you're back, if that is still this week.")
    if view.due_now:
        return "This week's nudge is on its way (within a minute)."
    return f"Next nudge: {format_local(view.next_nudge, view.tz)}."


def build_subscribed(view: WeekView, newly: bool) -> dict:
    first = "You're subscribed ✓" if newly else "You're already subscribed."
    return build_note(
        f"{first} Every {when(view)} I'll DM you one dimension of the guide to reflect on. "
        f"{next_line(view)} Can't wait? `/techlead reflect` starts this week's reflection now.",
        f"Change the time: {SCHEDULE_FORMS} · skip weeks: `/techlead pause 2` · "
        "stop: `/techlead unsubscribe`",
    )


def build_unsubscribed(was: bool) -> dict:
    if not was:
        return build_note("You're not subscribed, so there is nothing to stop.",
                          "`/techlead subscribe` starts weekly reflections.")
    return build_note("Unsubscribed. No more weekly nudges.",
                      "Your reflections stay in `/techlead history`; "
                      "`/techlead subscribe` brings the nudges back.")


def build_schedule_help(typed: str | None, view: WeekView) -> dict:
    lead = (f"I couldn't read “{quoted(typed, 60)}” as a day and a time."
            if typed else f"Your nudges come {when(view)}.")
    return build_note(f"{lead} Accepted forms: {SCHEDULE_FORMS}",
                      "Days: mon-sun or full names; times: 24-hour HH:MM, or 9am / 2:30pm. "
                      "Times are in your Slack time zone.")


def build_schedule_set(view: WeekView) -> dict:
    hint = None if view.subscribed else "You're not subscribed yet: `/techlead subscribe`."
    return build_note(f"Done: your nudges now come {when(view)}. {next_line(view)}", hint)


def build_paused(resume_on: date, view: WeekView) -> dict:
    return build_note(
        f"Paused: no nudges or reminders until the week of {resume_on:%a %d %b %Y}. "
        f"Next nudge: {format_local(view.next_nudge, view.tz)}.",
        "`/techlead resume` ends the pause early.",
    )


def build_resumed(was: bool, view: WeekView) -> dict:
    if not was:
        return build_note("You're not paused.", "`/techlead pause 2` skips two weeks.")
    return build_note(f"Welcome back: the pause is over. {next_line(view)}")


def build_week(view: WeekView) -> dict:
    lead = (f"This week ({view.week}) the workspace reflects on *{escape(view.topic.heading)}*. "
            + (next_line(view) if view.subscribed else
               "You're not subscribed: `/techlead subscribe` brings a weekly nudge."))
    if view.focus is not None:
        lead += (f"\nYour focus: *{escape(view.focus.heading)}*, "
                 f"{plural(view.focus_weeks_left, 'week')} left including this one.")
    return build_note(lead, f"`/techlead {view.topic.slug}` shows the comparison.",
                      bk.actions(ids.WEEK_ACTIONS, reflect_button(view.week, view.topic)))


def build_pause_help(typed: str | None) -> dict:
    shown = f"“{quoted(typed, 40)}” is not" if typed else "Say how many weeks,"
    return build_note(f"{shown} a number of weeks from 1 to {MAX_PAUSE_WEEKS}, e.g. "
                      "`/techlead pause 2`.",
                      "`/techlead resume` ends a pause.")


def build_forget_confirmation(button: ForgetConfirmation) -> dict:
    """Ask first: deleting is for good."""
    text = ("This deletes, for good, everything I keep about you in this workspace: your "
            "reflections, your team memberships, the team you manage (if any), your "
            "schedule and subscription.")
    blocks = [bk.section(text), bk.actions(
        ids.FORGET_ACTIONS,
        bk.button("Delete everything", ids.FORGET_CONFIRM, button.encode(), style="danger"),
        bk.button("Cancel", ids.FORGET_CANCEL, "cancel"))]
    return bk.message(text, blocks)


def build_forget_cancelled() -> dict:
    return build_note("Nothing was deleted.")


def build_forget_not_yours() -> dict:
    return build_note("This confirmation was not yours.")


def build_forgotten(counts: dict[str, int]) -> dict:
    team = ", your team" if counts["team"] else ""
    # Evidence is named only when there was some: most people never keep any.
    notes = counts.get("evidence", 0)
    evidence = f"{plural(notes, 'evidence note')}, " if notes else ""
    return build_note(
        f"Done: deleted {plural(counts['reflections'], 'reflection')}, {evidence}"
        f"{plural(counts['memberships'], 'team membership')}{team} and your settings. "
        "Managers' digests no longer include you.",
        "`/techlead subscribe` starts afresh whenever you like.")
