"""One tick of scheduled work: take what is due (storage.wakeups: only rows whose instant
has come, in batches no other replica takes), send it workspace by workspace, each paced on
its own, then move each row's instant on. What is due and how to say it comes from the
sources it is given (nudges, digests), so this module knows how to deliver, not what."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from bot.delivery.jobs import BatchReport, Job, run_jobs
from bot.delivery.pacing import Pacer
from bot.delivery.reconcile import reconcile
from bot.dependencies import Dependencies
from bot.slack_clients import ClientFor
from storage.deliveries import CLAIM_LEASE, KINDS
from storage.models import Workspace
from storage.people import workspace_ids
from storage.wakeups import set_next, take_due

logger = logging.getLogger(__name__)

# Rows taken per instant column and round; a tick takes rounds until nothing is left due.
BATCH = 100
Rows = dict[str, list]  # wakeup name ("nudge", "reminder", "digest") -> rows taken for it


@dataclass(frozen=True)
class Source:
    """One kind of scheduled work: the instants it reads, the rows they belong to, who is
    looked at when everyone is (`nudge --now`), its jobs, and its next instants."""

    wakeups: tuple[str, ...]  # storage.wakeups names, each also a delivery kind
    model: type  # storage.models.Person or Team
    everyone: Callable[..., Rows]  # (session, team_id)
    jobs: Callable[..., tuple[list[Job], int]]  # (deps, ws, session, now, rows, force=)
    next: Callable[..., dict[str, dict[int, datetime | None]]]  # (deps, ws, session, now, rows)


class Dispatcher:
    """One tick: every workspace's due messages, each workspace paced on its own."""

    def __init__(self, deps: Dependencies, client_for: ClientFor, sources: Sequence[Source]):
        self.deps = deps
        self.client_for = client_for
        self.sources = tuple(sources)
        self._pacers: dict[str, Pacer] = {}

    def pacer(self, team_id: str) -> Pacer:
        if team_id not in self._pacers:
            self._pacers[team_id] = Pacer(self.deps.sessions, team_id,
                                          self.deps.settings.messages_per_minute / 60)
        return self._pacers[team_id]

    def tick(self, *, kinds: frozenset[str] = KINDS, force: bool = False) -> BatchReport:
        """Send what of `kinds` is due now (`force`: this week's, to everyone, now)."""
        now = self.deps.clock()
        report = BatchReport()
        if not force:
            # First, so a delivery found unsent goes out in this very tick; never in the
            # way of the sends themselves.
            try:
                report.counts.update(reconcile(self.deps, self.client_for, now))
            except Exception:
                logger.exception("reconciling deliveries left sending failed")
        rounds = self._everyone(kinds) if force else self._due(now, kinds)
        for taken in rounds:
            for team_id, rows in _by_workspace(taken).items():
                try:
                    report.add(self._run(team_id, now, rows, force=force))
                except Exception:  # one workspace's failure must not stop the others
                    logger.exception("workspace %s: the scheduled run failed", team_id)
        if any(n for kind, n in report.counts.items() if kind != "already"):  # not idle ticks
            logger.info("tick at %s: %s", now.isoformat(timespec="seconds"), report.summary())
        return report

    def _due(self, now: datetime, kinds: frozenset[str]):
        """Rounds of due rows, each taken in one transaction, until none is left."""
        while True:
            taken: dict[Source, Rows] = {}
            full = False
            with self.deps.sessions.begin() as session:
                for source in self.sources:
                    for what in (w for w in source.wakeups if w in kinds):
                        ids = take_due(session, what, now, limit=BATCH, lease=CLAIM_LEASE)
                        full = full or len(ids) == BATCH
                        if ids:
                            taken.setdefault(source, {})[what] = list(session.scalars(
                                select(source.model).where(source.model.id.in_(ids))))
            if not taken:
                return
            yield taken
            if not full:
                return

    def _everyone(self, kinds: frozenset[str]):
        with self.deps.sessions.begin() as session:
            taken: dict[Source, Rows] = {}
            for team_id in workspace_ids(session):
                for source in self.sources:
                    if any(w in kinds for w in source.wakeups):
                        rows = source.everyone(session, team_id)
                        for what, found in rows.items():
                            if what in kinds:
                                taken.setdefault(source, {}).setdefault(what, []).extend(found)
        yield taken

    def _run(self, team_id: str, now: datetime, rows: dict[Source, Rows], *,
             force: bool) -> BatchReport:
        client = self.client_for(team_id)
        jobs: list[Job] = []
        settled = 0
        with self.deps.sessions.begin() as session:
            ws = session.get(Workspace, team_id)
            if ws is not None and client is not None:
                for source, taken in rows.items():
                    found, already = source.jobs(self.deps, ws, session, now, taken,
                                                 force=force)
                    jobs += found
                    settled += already
        report = run_jobs(self.deps, client, team_id, jobs, self.pacer(team_id)) \
            if jobs else BatchReport()
        if settled:
            report.counts["already"] += settled
        if not force:
            self._move_on(team_id, rows, ws is not None and client is not None)
        return report

    def _move_on(self, team_id: str, rows: dict[Source, Rows], served: bool) -> None:
        """Each row's next instant, now that this week's sends are done or under way (a
        workspace with no client, uninstalled perhaps, is looked at again later)."""
        now = self.deps.clock()
        with self.deps.sessions.begin() as session:
            ws = session.get(Workspace, team_id)
            for source, taken in rows.items():
                if served and ws is not None:
                    instants = source.next(self.deps, ws, session, now, taken)
                else:
                    instants = {what: {r.id: now + CLAIM_LEASE for r in found}
                                for what, found in taken.items()}
                for what, found in instants.items():
                    set_next(session, what, found)


def _by_workspace(taken: dict[Source, Rows]) -> dict[str, dict[Source, Rows]]:
    grouped: dict[str, dict[Source, Rows]] = {}
    for source, rows in taken.items():
        for what, found in rows.items():
            for row in found:
                grouped.setdefault(row.team_id, {}).setdefault(source, {}) \
                    .setdefault(what, []).append(row)
    return grouped
