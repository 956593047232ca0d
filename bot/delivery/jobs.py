"""Delivering scheduled messages at most once: claim, send, record.

The database is the source of truth: before each message the sender claims it and marks
it "sending" just before calling Slack (storage.deliveries), so overlapping ticks, restarts
and several processes never send twice. Each message carries the delivery's id as message
metadata: a row a crash left "sending" is looked up in the DM's history once its lease is
over (bot.delivery.reconcile), and recorded as sent, or sent again. One left "claimed" was
surely not sent and is taken over once its lease runs out.
"""

from __future__ import annotations

import logging
import os
import random
import socket
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from slack_sdk import WebClient

from bot.coaching.due import Due
from bot.delivery.pacing import Pacer
from bot.dependencies import Dependencies
from bot.observability.metrics import MESSAGES
from bot.slack_send import Outcome, SendResult
from storage import deliveries
from storage.people import mark_unreachable

logger = logging.getLogger("bot.reflect.nudges")

MAX_ATTEMPTS = 5
RETRY_DELAY = timedelta(minutes=5)
# The message metadata every scheduled DM carries: the delivery's id, nothing else (any
# member of the conversation can read metadata).
EVENT_TYPE = "techlead_delivery"


def delivery_metadata(delivery_id: int) -> dict:
    return {"event_type": EVENT_TYPE, "event_payload": {"delivery_id": delivery_id}}


def owner() -> str:
    """Who holds a claim: computed per call, as gunicorn forks workers after import."""
    return f"{socket.gethostname()}:{os.getpid()}"


@dataclass
class BatchReport:
    """What one run did, for logs and the command line."""

    counts: Counter = field(default_factory=Counter)
    stopped: str | None = None  # the token error that stopped the batch

    def add(self, other: BatchReport) -> None:
        self.counts.update(other.counts)
        self.stopped = self.stopped or other.stopped

    def summary(self) -> str:
        order = ("sent", "already", "unreachable", "retrying", "failed", "released",
                 "found", "resent", "unknown")
        parts = [f"{self.counts[k]} {k}" for k in order if self.counts[k]]
        text = ", ".join(parts) or "nothing due"
        return text + (f"; stopped: {self.stopped}" if self.stopped else "")


@dataclass(frozen=True)
class Job:
    """One scheduled message: to whom, which kind and week, and how to send it (given the
    client and the message metadata naming its delivery)."""

    due: Due
    kind: str
    dimension: str
    send: Callable[[WebClient, dict], SendResult]


def run_jobs(deps: Dependencies, client: WebClient, team_id: str, jobs: list[Job],
             pacer: Pacer) -> BatchReport:
    """Deliver `jobs` in parallel; a refused bot token stops the rest of the batch."""
    report = BatchReport()
    stop = threading.Event()
    lock = threading.Lock()

    def deliver(job: Job) -> None:
        if stop.is_set():
            return
        outcome, error = _deliver(deps, client, team_id, job, pacer)
        with lock:
            report.counts[outcome] += 1
            MESSAGES.labels(job.kind, outcome).inc()
            if outcome == "released" and not stop.is_set():
                stop.set()
                report.stopped = error

    # Replicas ticking together would otherwise walk the same list in the same order and
    # collide on every claim; a shuffled order spreads them over different people.
    jobs = random.sample(jobs, len(jobs))
    with ThreadPoolExecutor(max_workers=deps.settings.send_workers) as pool:
        list(pool.map(deliver, jobs))
    if report.stopped:
        logger.error("workspace %s: stopped sending, the bot token was refused (%s); "
                     "reinstall the app or fix SLACK_BOT_TOKEN", team_id, report.stopped)
    return report


def _deliver(deps: Dependencies, client: WebClient, team_id: str, job: Job,
             pacer: Pacer) -> tuple[str, str | None]:
    """Claim, send, record. Returns the counter name of what happened, and Slack's error."""
    key = dict(team_id=team_id, user_id=job.due.user_id, kind=job.kind, week=job.due.week)
    me = owner()
    # The clock is read at each step, not at the tick's start: a long batch must not make
    # fresh claims look older than their lease, nor record stale send times.
    with deps.sessions.begin() as session:
        claimed = deliveries.claim(session, **key, dimension=job.dimension, owner=me,
                                   now=deps.clock())
    if claimed is None:
        return "already", None
    pacer.wait()
    with deps.sessions.begin() as session:
        if not deliveries.start_sending(session, **key, owner=me, now=deps.clock()):
            return "already", None
    result = job.send(client, delivery_metadata(claimed))
    with deps.sessions.begin() as session:
        return _record(session, key, result, deps.clock()), result.error


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
