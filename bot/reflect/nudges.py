"""Which weekly nudges and reminders of a workspace are due, as delivery jobs."""

from __future__ import annotations

from datetime import datetime
from functools import partial

from bot.blocks.nudge import build_nudge, build_reminder
from bot.coaching.due import Recipient, due_nudges, due_reminders
from bot.coaching.rotation import dimension_for_week
from bot.delivery.jobs import Job
from bot.dependencies import Dependencies
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
    people = [Recipient.of(p, ws.default_timezone) for p in subscribed_people(session, team_id)]
    nudges = due_nudges(people, now, force=force)
    late = due_reminders(people, now) if REMINDER in kinds and not force else []
    weeks = {d.week for d in nudges + late}
    nudged = deliveries.settled_users(session, team_id, NUDGE, weeks, now)
    reminded = deliveries.settled_users(session, team_id, REMINDER, weeks, now)
    sent_nudges = deliveries.sent_users(session, team_id, NUDGE, weeks)
    reflected = answered(session, team_id, weeks)
    # Messages depend only on the week (and its dimension): build each once, not per person.
    messages: dict[tuple[str, str, bool], dict] = {}

    def message_for(kind: str, due) -> tuple[str, dict]:
        topic = dimension_for_week(guide, ws.rotation_anchor, due.monday)
        key = (kind, due.week, due.welcome_back)
        if key not in messages:
            messages[key] = (build_nudge(topic, due.week, welcome_back=due.welcome_back)
                             if kind == NUDGE else build_reminder(topic, due.week))
        return topic.slug, messages[key]

    jobs = []
    for due in nudges:
        if (due.user_id, due.week) not in nudged:
            slug, message = message_for(NUDGE, due)
            jobs.append(Job(due, NUDGE, slug, partial(_dm, due.user_id, message)))
    for due in late:
        key = (due.user_id, due.week)
        slug, message = message_for(REMINDER, due)
        if key in sent_nudges and key not in reminded and (*key, slug) not in reflected:
            jobs.append(Job(due, REMINDER, slug, partial(_dm, due.user_id, message)))
    return jobs, len(nudges) - sum(job.kind == NUDGE for job in jobs)


def _dm(user_id: str, message: dict, client):
    return post_dm(client, user_id, message)
