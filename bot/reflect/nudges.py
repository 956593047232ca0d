"""Which weekly nudges and reminders of a workspace are due, as delivery jobs, and when to
look at each person again once they are dealt with."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial

from bot.blocks.focus import ended_blocks, focus_blocks, suggestion_blocks
from bot.blocks.nudge import build_nudge, build_reminder
from bot.coaching.calendar import local_week, reminder_at, week_key
from bot.coaching.due import Recipient, due_nudges, due_reminders
from bot.coaching.rotation import dimension_for_week
from bot.coaching.wakeups import next_nudge_wakeup, next_reminder_wakeup
from bot.delivery.jobs import Job
from bot.dependencies import Dependencies
from bot.grow.focus import FocusNow, for_nudges
from bot.slack_send import post_dm
from storage import deliveries
from storage.deliveries import NUDGE, REMINDER
from storage.models import Person, Workspace
from storage.people import subscribed_people
from storage.reflections import answered

WAKEUPS = (NUDGE, REMINDER)  # the storage.wakeups instants this source reads
REMINDER_GAP = timedelta(hours=6)


def everyone(session, team_id: str) -> dict[str, list[Person]]:
    """`nudge --now`: everyone subscribed is looked at for this week's nudge."""
    return {NUDGE: subscribed_people(session, team_id), REMINDER: []}


def nudge_jobs(deps: Dependencies, ws: Workspace, session, now: datetime,
               rows: dict[str, list[Person]], *, force: bool) -> tuple[list[Job], int]:
    """The nudges and reminders due at `now` to the people in `rows` (taken for their
    nudge, their reminder), and how many due nudges had already gone out. `force` sends
    this week's nudge whatever each person's time."""
    guide, team_id = deps.guide, ws.team_id
    for_nudge = {p.user_id: p for p in _reachable(rows.get(NUDGE, []))}
    for_reminder = _reachable(rows.get(REMINDER, []))
    nudges = due_nudges([Recipient.of(p, ws.default_timezone) for p in for_nudge.values()],
                        now, force=force)
    late = due_reminders([Recipient.of(p, ws.default_timezone) for p in for_reminder], now)
    weeks = {d.week for d in nudges + late}
    users = {d.user_id for d in nudges + late}
    nudged = deliveries.settled_users(session, team_id, NUDGE, weeks, now, users)
    reminded = deliveries.settled_users(session, team_id, REMINDER, weeks, now, users)
    remindable = {key for key, row in deliveries.states(session, team_id, NUDGE, weeks,
                                                         users).items()
                  if reminder_wanted(row, now)}
    reflected = answered(session, team_id, weeks, users)
    # A person's focus adds to their nudge (a question, a suggestion, an ending).
    owed = [due for due in nudges if (due.user_id, due.week) not in nudged]
    focus = for_nudges(session, guide, ws, for_nudge, {d.user_id: d.monday for d in owed})
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
        if key in remindable and key not in reminded and (*key, slug) not in reflected:
            jobs.append(Job(due, REMINDER, slug, partial(_dm, due.user_id, message)))
    return jobs, len(nudges) - sum(job.kind == NUDGE for job in jobs)


def reminder_wanted(nudge, now: datetime) -> bool:
    """A reminder follows a nudge that went out, and not right after it: a nudge sent late
    (the bot was down, they were away) past its reminder's time gets no reminder."""
    return nudge is not None and nudge.status == deliveries.SENT and \
        nudge.sent_at is not None and nudge.sent_at <= now - REMINDER_GAP


def _reachable(people: list[Person]) -> list[Person]:
    return [p for p in people if p.subscribed and p.unreachable_reason is None]


def nudge_wakeups(deps: Dependencies, ws: Workspace, session, now: datetime,
                  rows: dict[str, list[Person]]) -> dict[str, dict[int, datetime | None]]:
    """When to look at each person in `rows` again, their sends for this week done or
    under way: a constant number of queries for the whole batch."""
    people = {p.user_id: Recipient.of(p, ws.default_timezone)
              for p in rows.get(NUDGE, []) + rows.get(REMINDER, [])}
    weeks = {week_key(local_week(now, r.tz)) for r in people.values()}
    states = {kind: deliveries.states(session, ws.team_id, kind, weeks, people)
              for kind in WAKEUPS}
    reflected = answered(session, ws.team_id, weeks, people)
    found: dict[str, dict[int, datetime | None]] = {NUDGE: {}, REMINDER: {}}
    for kind in WAKEUPS:
        for person in rows.get(kind, []):
            if not person.subscribed or person.unreachable_reason is not None:
                found[kind][person.id] = None  # until they subscribe again
                continue
            who = people[person.user_id]
            monday = local_week(now, who.tz)
            key = (person.user_id, week_key(monday))
            row = states[kind].get(key)
            settled = row is not None and deliveries.is_settled(row, now)
            again = deliveries.next_try(row, now)
            if kind == NUDGE:
                found[kind][person.id] = next_nudge_wakeup(who, now, settled=settled,
                                                           again=again)
                continue
            at = reminder_at(monday, who.schedule, who.tz)
            nudge = states[NUDGE].get(key)
            slug = dimension_for_week(deps.guide, ws.rotation_anchor, monday).slug
            wanted = reminder_wanted(nudge, now) \
                and (*key, slug) not in reflected
            not_needed = at is not None and at <= now and not wanted
            found[kind][person.id] = next_reminder_wakeup(
                who, now, settled=settled or not_needed, again=again)
    return found


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


def _dm(user_id: str, message: dict, client, metadata: dict):
    return post_dm(client, user_id, message, metadata)
