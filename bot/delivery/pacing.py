"""Pacing of Slack messages per workspace, shared by every sending thread of every process.

Slack's limits are per workspace, so the pace is too: each send takes the workspace's next
slot from the database (storage.budgets), and any number of replicas together stay under
SLACK_MESSAGES_PER_MINUTE. slack_sdk's RateLimitErrorRetryHandler still waits out a 429's
Retry-After; pacing below the limit keeps 429s the exception instead of costing a second
each.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from sqlalchemy.orm import Session, sessionmaker

from storage.budgets import take_slot


class Pacer:
    """Hands out a workspace's send slots: at most `per_second` a second across all
    processes sharing the database. The clock is the wall clock (seconds since the epoch),
    the one instant processes on different machines agree on."""

    def __init__(self, sessions: sessionmaker[Session], team_id: str, per_second: float, *,
                 clock: Callable[[], float] = time.time,
                 sleep: Callable[[float], None] = time.sleep):
        self.sessions, self.team_id = sessions, team_id
        self.interval = 1.0 / per_second if per_second > 0 else 0.0
        self._clock, self._sleep = clock, sleep

    def wait(self) -> None:
        """Block until this caller's slot comes."""
        if not self.interval:
            return
        now = self._clock()
        with self.sessions.begin() as session:
            slot = take_slot(session, self.team_id, now=now, interval=self.interval)
        if slot > now:
            self._sleep(slot - now)
