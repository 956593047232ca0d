"""Work that runs after Slack's 3-second acknowledgement, in one place: every exception is
logged with its traceback, and the person still gets a polite answer when there is a way
to reach them."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

logger = logging.getLogger(__name__)

WORKERS = 8


class Background:
    """A thread pool whose jobs never fail silently."""

    def __init__(self, workers: int = WORKERS):
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="after-ack")
        self._idle = threading.Condition()
        self._running = 0

    def run(self, what: str, work: Callable[[], None],
            apologise: Callable[[], object] | None = None) -> Future:
        """Run `work` after the ack; if it raises, log `what` failed and call `apologise`."""
        with self._idle:
            self._running += 1
        future = self._pool.submit(_guarded, what, work, apologise)
        future.add_done_callback(self._done)
        return future

    def _done(self, _future: Future) -> None:
        with self._idle:
            self._running -= 1
            self._idle.notify_all()

    def wait_idle(self, timeout: float) -> bool:
        """Wait until no work is running or queued (before a shutdown, or in a test); False
        if some still is after `timeout` seconds."""
        with self._idle:
            return self._idle.wait_for(lambda: self._running == 0, timeout)

    def shutdown(self, wait: bool = True) -> None:
        self._pool.shutdown(wait=wait)


def _guarded(what: str, work: Callable[[], None],
             apologise: Callable[[], object] | None) -> None:
    try:
        work()
    except Exception:
        logger.exception("%s failed", what)
        if apologise is None:
            return
        try:
            apologise()
        except Exception:
            logger.exception("telling the person that %s failed also failed", what)
