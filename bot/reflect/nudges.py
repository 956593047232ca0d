"""Which weekly nudges and reminders of a workspace are due, as delivery jobs."""

from __future__ import annotations

from datetime import datetime
from functools import partial

from bot.blocks.focus import ended_blocks, focus_blocks, suggestion_blocks
from bot.blocks.nudge import build_nudge, build_reminder
from bot.coaching.due import Recipient, due_nudges, due_reminders
from bot.coaching.rotation import dimension_for_week
from bot.delivery.jobs import Job
from bot.dependencies import Dependencies
from bot.grow.focus import FocusNow, for_nudges
from bot.slack_send import post_dm
from storage import deliveries
from storage.deliveries import NUDGE, REMINDER
from storage.models import Workspace
from storage.people import subscribed_people
from storage.reflections import answered


def nudge_jobs(deps: Dependencies, ws: Workspace, session, now: datetime, *,
               kinds: frozenset[str], force: bool) -> tuple[list[Job], int]:
    """Nudges (and reminders) of `kinds` due at `now`, and how many due nudges had already
    gone out. `force` sends this week's nudge whatever each person's time, and no reminder."""
    if NUDGE not in kinds:
        return [], 0
    guide, team_id = deps.guide, ws.team_id
    rows = {p.user_id: p for p in subscribed_people(session, team_id)}
    people = [Recipient.of(p, ws.default_timezone) for p in rows.values()]
    nudges = due_nudges(people, now, force=force)
    late = due_reminders(people, now) if REMINDER in kinds and not force else []
    weeks = {d.week for d in nudges + late}
    nudged = deliveries.settled_users(session, team_id, NUDGE, weeks, now)
    reminded = deliveries.settled_users(session, team_id, REMINDER, weeks, now)
    sent_nudges = deliveries.sent_users(session, team_id, NUDGE, weeks)
    reflected = answered(session, team_id, weeks)
    # A person's focus adds to their nudge (a question, a suggestion, an ending).
    owed = [due for due in nudges if (due.user_id, due.week) not in nudged]
    focus = for_nudges(session, guide, ws, rows, {d.user_id: d.monday for d in owed})
    # Messages depend on the week (and its dimension), and on a focus if there is one:
    # build each once, not per person.
    messages: dict[tuple, dict] = {}

    def message_for(kind: str, due) -> tuple[str, dict]:
        topic = dimension_for_week(guide, ws.rotation_anchor, due.monday)
        extra = focus.get(due.user_id) if kind == NUDGE else None
        key = (kind, due.week, due.welcome_back, extra)
        if key not in messages:
            messages[key] = (build_nudge(topic, due.week, welcome_back=due.welcome_back,
                                         extra=focus_extra(extra, topic, due.week))
                             if kind == NUDGE else build_reminder(topic, due.week))
        return topic.slug, messages[key]

    jobs = []
    for due in owed:
        slug, message = message_for(NUDGE, due)
        jobs.append(Job(due, NUDGE, slug, partial(_dm, due.user_id, message)))
    for due in late:
        key = (due.user_id, due.week)
        slug, message = message_for(REMINDER, due)
        if key in sent_nudges and key not in reminded and (*key, slug) not in reflected:
            jobs.append(Job(due, REMINDER, slug, partial(_dm, due.user_id, message)))
    return jobs, len(nudges) - sum(job.kind == NUDGE for job in jobs)


def focus_extra(now: FocusNow | None, topic, week: str) -> tuple[dict, ...]:
    """The blocks a person's focus adds to this week's nudge."""
    if now is None:
        return ()
    if now.topic is not None and now.topic.slug != topic.slug:
        return tuple(focus_blocks(now.topic, now.weeks_left, week))
    if now.ended is not None:
        return tuple(ended_blocks(now.ended, now.before, now.during, week))
    if now.suggest is not None:
        return tuple(suggestion_blocks(now.suggest, week))
    return ()


def _dm(user_id: str, message: dict, client):
    return post_dm(client, user_id, message)
