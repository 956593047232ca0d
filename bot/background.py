"""Work that runs after Slack's 3-second acknowledgement, in one place: every exception is
logged with its traceback, and the person still gets a polite answer when there is a way
to reach them."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

logger = logging.getLogger(__name__)

WORKERS = 8


class Background:
    """A thread pool whose jobs never fail silently."""

    def __init__(self, workers: int = WORKERS):
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="after-ack")

    def run(self, what: str, work: Callable[[], None],
            apologise: Callable[[], object] | None = None) -> Future:
        """Run `work` after the ack; if it raises, log `what` failed and call `apologise`."""
        return self._pool.submit(_guarded, what, work, apologise)

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
