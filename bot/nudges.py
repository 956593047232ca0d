"""Sending the weekly nudges and reminders of one workspace, each at most once.

The database is the source of truth: before each message the sender claims it and marks
it "sending" just before calling Slack (storage.deliveries), so overlapping ticks, restarts
and several processes never send twice. A row left "sending" by a crash is never retried:
Slack may have delivered it, and a duplicate is worse than a missed week. One left
"claimed" was surely not sent and is taken over once its lease runs out.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from slack_sdk import WebClient

from bot.blocks.nudge import build_nudge, build_reminder
from bot.coaching.due import Due, Recipient, due_nudges, due_reminders
from bot.coaching.rotation import dimension_for_week
from bot.pacing import Pacer
from bot.services import Coach
from bot.slack_send import Outcome, SendResult, post_dm
from storage import deliveries
from storage.models import Workspace
from storage.people import mark_unreachable, subscribed_people
from storage.reflections import answered

logger = logging.getLogger(__name__)

NUDGE, REMINDER = "nudge", "reminder"
MAX_ATTEMPTS = 5
RETRY_DELAY = timedelta(minutes=5)


def owner() -> str:
    """Who holds a claim: computed per call, as gunicorn forks workers after import."""
    return f"{socket.gethostname()}:{os.getpid()}"


@dataclass
class BatchReport:
    """What one run did, for logs and `techlead-coach nudge --now`."""

    counts: Counter = field(default_factory=Counter)
    stopped: str | None = None  # the token error that stopped the batch

    def add(self, other: BatchReport) -> None:
        self.counts.update(other.counts)
        self.stopped = self.stopped or other.stopped

    def summary(self) -> str:
        order = ("sent", "already", "unreachable", "retrying", "failed", "released")
        if not any(self.counts[k] for k in order):
            return "nothing due"
        parts = [f"{self.counts[k]} {k}" for k in order if self.counts[k]]
        text = ", ".join(parts) or "nothing due"
        return text + (f"; stopped: {self.stopped}" if self.stopped else "")


@dataclass(frozen=True)
class _Job:
    due: Due
    kind: str
    message: dict
    dimension: str


def run_workspace(coach: Coach, client: WebClient, team_id: str, now: datetime, *,
                  pacer: Pacer, force: bool = False) -> BatchReport:
    """Send every nudge and reminder of `team_id` that is due at `now`."""
    jobs, settled = _due_jobs(coach, team_id, now, force=force)
    report = BatchReport()
    if settled:
        report.counts["already"] += settled
    if not jobs:
        return report
    stop = threading.Event()
    lock = threading.Lock()

    def deliver(job: _Job) -> None:
        if stop.is_set():
            return
        outcome, error = _deliver(coach, client, team_id, job, now, pacer)
        with lock:
            report.counts[outcome] += 1
            if outcome == "released" and not stop.is_set():
                stop.set()
                report.stopped = error

    with ThreadPoolExecutor(max_workers=coach.settings.send_workers) as pool:
        list(pool.map(deliver, jobs))
    if report.stopped:
        logger.error("workspace %s: stopped sending, the bot token was refused (%s); "
                     "reinstall the app or fix SLACK_BOT_TOKEN", team_id, report.stopped)
    return report


def _due_jobs(coach: Coach, team_id: str, now: datetime, *,
              force: bool) -> tuple[list[_Job], int]:
    """Everything to send now, computed from one read of the workspace, and how many
    due nudges had already gone out."""
    guide = coach.guide
    with coach.sessions.begin() as session:
        ws = session.get(Workspace, team_id)
        if ws is None:
            return [], 0
        people = [Recipient.of(p, ws.default_timezone)
                  for p in subscribed_people(session, team_id)]
        nudges = due_nudges(people, now, force=force)
        reminders = [] if force else due_reminders(people, now)
        weeks = {d.week for d in nudges + reminders}
        nudged = deliveries.settled_users(session, team_id, NUDGE, weeks, now)
        reminded = deliveries.settled_users(session, team_id, REMINDER, weeks, now)
        sent_nudges = deliveries.sent_users(session, team_id, NUDGE, weeks)
        reflected = answered(session, team_id, weeks)
        anchor = ws.rotation_anchor
    jobs = []
    for due in nudges:
        if (due.user_id, due.week) not in nudged:
            topic = dimension_for_week(guide, anchor, due.monday)
            jobs.append(_Job(due, NUDGE, build_nudge(topic, due.week), topic.slug))
    for due in reminders:
        topic = dimension_for_week(guide, anchor, due.monday)
        key = (due.user_id, due.week)
        if (key in sent_nudges and key not in reminded
                and (due.user_id, due.week, topic.slug) not in reflected):
            jobs.append(_Job(due, REMINDER, build_reminder(topic, due.week), topic.slug))
    return jobs, len(nudges) - sum(job.kind == NUDGE for job in jobs)


def _deliver(coach: Coach, client: WebClient, team_id: str, job: _Job, now: datetime,
             pacer: Pacer) -> tuple[str, str | None]:
    """Claim, send, record. Returns the counter name of what happened, and Slack's error."""
    key = dict(team_id=team_id, user_id=job.due.user_id, kind=job.kind, week=job.due.week)
    with coach.sessions.begin() as session:
        claimed = deliveries.claim(session, **key, dimension=job.dimension, owner=owner(),
                                   now=now)
    if not claimed:
        return "already", None
    pacer.wait()
    with coach.sessions.begin() as session:
        if not deliveries.start_sending(session, **key, owner=owner()):
            return "already", None
    result = post_dm(client, job.due.user_id, job.message)
    with coach.sessions.begin() as session:
        return _record(session, key, result, now), result.error


def _record(session, key: dict, result: SendResult, now: datetime) -> str:
    if result.outcome is Outcome.SENT:
        deliveries.mark_sent(session, **key, now=now, channel_id=result.channel,
                             message_ts=result.ts)
        return "sent"
    if result.outcome is Outcome.UNREACHABLE:
        deliveries.mark_failed(session, **key, error=result.error or "unreachable")
        if mark_unreachable(session, key["team_id"], key["user_id"], result.error or ""):
            logger.warning("workspace %s: %s cannot be messaged (%s); skipping them from now "
                           "on", key["team_id"], key["user_id"], result.error)
        return "unreachable"
    if result.outcome is Outcome.TOKEN_BROKEN:
        deliveries.release(session, **key)
        return "released"
    row = deliveries.find(session, **key)
    if result.outcome is Outcome.TRANSIENT and row is not None and row.attempts < MAX_ATTEMPTS:
        deliveries.mark_retry(session, **key, retry_at=now + RETRY_DELAY * row.attempts,
                              error=result.error or "transient")
        return "retrying"
    deliveries.mark_failed(session, **key, error=result.error or "failed")
    logger.error("workspace %s: message to %s refused (%s); not retried",
                 key["team_id"], key["user_id"], result.error)
    return "failed"
