"""One tick of scheduled work: every workspace's due messages, each workspace paced on its
own. What is due comes from the job sources it is given (nudges, digests), so this module
knows how to deliver, not what."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime

from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.delivery.jobs import BatchReport, Job, run_jobs
from bot.delivery.pacing import Pacer
from bot.dependencies import Dependencies
from bot.slack_clients import ClientFor
from storage.deliveries import KINDS
from storage.models import Workspace
from storage.people import workspace_ids

logger = logging.getLogger(__name__)

# (deps, workspace, session, now, kinds=..., force=...) -> (jobs to send, already settled)
JobSource = Callable[..., tuple[list[Job], int]]


def run_workspace(deps: Dependencies, sources: Sequence[JobSource], client: WebClient,
                  team_id: str, now: datetime, *, pacer: Pacer,
                  kinds: frozenset[str] = KINDS, force: bool = False) -> BatchReport:
    """Send what of `kinds` is due in one workspace at `now` (`force`: this week's, now)."""
    with deps.sessions.begin() as session:
        jobs, settled = _due_jobs(deps, sources, session, team_id, now, kinds, force)
    report = run_jobs(deps, client, team_id, jobs, pacer)
    if settled:
        report.counts["already"] += settled
    return report


def _due_jobs(deps: Dependencies, sources: Sequence[JobSource], session: Session,
              team_id: str, now: datetime, kinds: frozenset[str],
              force: bool) -> tuple[list[Job], int]:
    ws = session.get(Workspace, team_id)
    if ws is None:
        return [], 0
    jobs: list[Job] = []
    settled = 0
    for source in sources:
        found, already = source(deps, ws, session, now, kinds=kinds, force=force)
        jobs += found
        settled += already
    return jobs, settled


class Dispatcher:
    """One tick: every workspace's due messages, each workspace paced on its own."""

    def __init__(self, deps: Dependencies, client_for: ClientFor,
                 sources: Sequence[JobSource]):
        self.deps = deps
        self.client_for = client_for
        self.sources = tuple(sources)
        self._pacers: dict[str, Pacer] = {}

    def pacer(self, team_id: str) -> Pacer:
        if team_id not in self._pacers:
            self._pacers[team_id] = Pacer(self.deps.settings.messages_per_minute / 60)
        return self._pacers[team_id]

    def tick(self, *, kinds: frozenset[str] = KINDS, force: bool = False) -> BatchReport:
        now = self.deps.clock()
        with self.deps.sessions.begin() as session:
            teams = workspace_ids(session)
        report = BatchReport()
        for team_id in teams:
            client = self.client_for(team_id)
            if client is None:
                continue
            try:
                report.add(run_workspace(self.deps, self.sources, client, team_id, now,
                                         kinds=kinds, pacer=self.pacer(team_id), force=force))
            except Exception:  # one workspace's failure must not stop the others
                logger.exception("workspace %s: the scheduled run failed", team_id)
        if any(n for kind, n in report.counts.items() if kind != "already"):  # not idle ticks
            logger.info("tick at %s: %s", now.isoformat(timespec="seconds"), report.summary())
        return report
