"""APScheduler wiring only: a recurring tick that asks the database what is due.

APScheduler keeps nothing but the tick in memory (no job store to share between
processes); what was sent lives in the database, so any number of processes may tick.
"""

from __future__ import annotations

from datetime import UTC, datetime

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.delivery.dispatcher import Dispatcher, Source
from bot.dependencies import Dependencies
from bot.reflect import nudges
from bot.review import weekly
from bot.slack_clients import ClientFor, clients_for
from storage.idempotency import forget_expired
from storage.models import Person, Team

TICK_JOB_ID = "techlead-coach-tick"
HOUSEKEEPING_JOB_ID = "techlead-coach-housekeeping"
HOUSEKEEPING_SECONDS = 600
# Everything the scheduler sends, each source deciding who is due for its kinds.
JOB_SOURCES = (
    Source(nudges.WAKEUPS, Person, nudges.everyone, nudges.nudge_jobs, nudges.nudge_wakeups),
    Source(weekly.WAKEUPS, Team, weekly.everyone, weekly.digest_jobs, weekly.digest_wakeups),
)


def build_dispatcher(deps: Dependencies, client_for: ClientFor | None = None) -> Dispatcher:
    """The tick for `deps`, sending through `client_for` (by default, as configured)."""
    return Dispatcher(deps, client_for or clients_for(deps.settings, deps.engine), JOB_SOURCES)


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
    scheduler.add_job(housekeeping, IntervalTrigger(seconds=HOUSEKEEPING_SECONDS, timezone=UTC),
                      args=[dispatcher.deps], id=HOUSEKEEPING_JOB_ID, replace_existing=True,
                      max_instances=1, coalesce=True)
    scheduler.start()
    return scheduler


def housekeeping(deps: Dependencies) -> int:
    """Forget expired replay and click records; how many."""
    with deps.sessions.begin() as session:
        return forget_expired(session, deps.clock())


def start_background(deps: Dependencies) -> BackgroundScheduler:
    """The scheduler, in a background thread of this process."""
    return start_scheduler(build_dispatcher(deps), deps.settings.scheduler_interval_seconds)
