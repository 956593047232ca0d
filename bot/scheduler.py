"""APScheduler wiring only: a recurring tick that asks the database what is due.

APScheduler keeps nothing but the tick in memory (no job store to share between
processes); what was sent lives in the database, so any number of processes may tick.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger
from slack_sdk import WebClient

from bot.delivery import BatchReport, run_jobs
from bot.digests import DIGEST, digest_jobs
from bot.nudges import NUDGE, REMINDER, nudge_jobs
from bot.pacing import Pacer
from bot.services import Coach
from storage.models import Workspace
from storage.people import workspace_ids

logger = logging.getLogger(__name__)

TICK_JOB_ID = "techlead-coach-tick"
ClientFor = Callable[[str], WebClient | None]
EVERYTHING = frozenset({NUDGE, REMINDER, DIGEST})


def run_workspace(coach: Coach, client: WebClient, team_id: str, now: datetime, *,
                  pacer: Pacer, kinds: frozenset[str] = EVERYTHING,
                  force: bool = False) -> BatchReport:
    """Send what of `kinds` is due in one workspace at `now` (`force`: this week's, now)."""
    with coach.sessions.begin() as session:
        ws = session.get(Workspace, team_id)
        if ws is None:
            return BatchReport()
        jobs, settled = [], 0
        if NUDGE in kinds:
            found, settled = nudge_jobs(coach, ws, session, now, force=force,
                                        reminders=REMINDER in kinds and not force)
            jobs += found
        if DIGEST in kinds:
            found, already = digest_jobs(coach, ws, session, now, force=force)
            jobs, settled = jobs + found, settled + already
    report = run_jobs(coach, client, team_id, jobs, pacer)
    if settled:
        report.counts["already"] += settled
    return report


class Dispatcher:
    """One tick: every workspace's due messages, each workspace paced on its own."""

    def __init__(self, coach: Coach, client_for: ClientFor):
        self.coach = coach
        self.client_for = client_for
        self._pacers: dict[str, Pacer] = {}

    def pacer(self, team_id: str) -> Pacer:
        if team_id not in self._pacers:
            self._pacers[team_id] = Pacer(self.coach.settings.messages_per_minute / 60)
        return self._pacers[team_id]

    def tick(self, *, kinds: frozenset[str] = EVERYTHING, force: bool = False) -> BatchReport:
        now = self.coach.clock()
        with self.coach.sessions.begin() as session:
            teams = workspace_ids(session)
        report = BatchReport()
        for team_id in teams:
            client = self.client_for(team_id)
            if client is None:
                continue
            try:
                report.add(run_workspace(self.coach, client, team_id, now, kinds=kinds,
                                         pacer=self.pacer(team_id), force=force))
            except Exception:  # one workspace's failure must not stop the others
                logger.exception("workspace %s: the nudge run failed", team_id)
        if any(n for kind, n in report.counts.items() if kind != "already"):  # not idle ticks
            logger.info("tick at %s: %s", now.isoformat(timespec="seconds"), report.summary())
        return report


def start_scheduler(dispatcher: Dispatcher, interval_seconds: int) -> BackgroundScheduler:
    """Tick now (to catch up on anything missed while down) and every interval after."""
    scheduler = BackgroundScheduler(timezone=UTC)
    scheduler.add_job(
        dispatcher.tick,
        IntervalTrigger(seconds=interval_seconds, timezone=UTC),
        id=TICK_JOB_ID,
        replace_existing=True,
        max_instances=1,  # a slow tick is never overlapped by the next in this process
        coalesce=True,
        misfire_grace_time=None,
        next_run_time=datetime.now(UTC),
    )
    scheduler.start()
    return scheduler
