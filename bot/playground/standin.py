"""A real HTTP server on loopback standing in for Slack's Web API and response_urls.

It records every call, answers like Slack, and can be told to fail: an `ok: false`
error, an HTTP 5xx, or 429 with Retry-After. The tests and the playground share it.
"""

from __future__ import annotations

import json
import random
import threading
import time
from collections import deque
from collections.abc import Callable
from http.server import ThreadingHTTPServer

from bot.playground.standin_http import _handler
from bot.playground.standin_state import (
    BOT_USER_ID,
    TEAM_ID,
    Call,
    Failure,
    RateWindow,
    StandInState,
)

__all__ = ["BOT_USER_ID", "TEAM_ID", "Call", "SlackApiStandIn"]


class SlackApiStandIn:
    """Start with `with SlackApiStandIn() as api:`; point SLACK_API_URL at `api.url`."""

    def __init__(self, observer: Callable[[Call, dict], dict | None] | None = None) -> None:
        self.state = StandInState(observer=observer)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.state))
        self.state.base = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), daemon=True
        )

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def url(self) -> str:
        """The Web API base URL, as SLACK_API_URL."""
        return self.base + "/api/"

    def response_url(self, name: str = "r1") -> str:
        return f"{self.base}/response/{name}"

    def __enter__(self) -> SlackApiStandIn:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    # -- scripting -------------------------------------------------------------------------
    def fail(self, method: str, *, error: str | None = None, status: int = 200,
             retry_after: int | None = None, times: int = 1) -> None:
        """The next `times` calls of `method` fail as told."""
        with self.state.cond:
            queue = self.state.failures.setdefault(method, deque())
            queue.extend(Failure(status, error, retry_after) for _ in range(times))

    def respond_with(self, method: str, body: dict) -> None:
        with self.state.cond:
            self.state.responses[method] = body

    def add_user(self, user_id: str, **profile) -> None:
        """What users.info says of `user_id` (tz, is_bot, deleted, ...)."""
        with self.state.cond:
            self.state.users[user_id] = profile

    def rate_limit(self, method: str, per_second: int) -> None:
        """Answer 429 with Retry-After above `per_second` calls in any clock second."""
        with self.state.cond:
            self.state.limits[method] = RateWindow(per_second)

    def fail_randomly(self, method: str, ratio: float, seed: int = 1) -> None:
        """Answer HTTP 500 to a `ratio` share of `method`'s calls (seeded, repeatable)."""
        with self.state.cond:
            self.state.random_failures[method] = (ratio, random.Random(seed))

    def uploaded(self) -> list[tuple[dict, bytes]]:
        """Each completed file upload: (its files.completeUploadExternal call body, bytes)."""
        with self.state.cond:
            done = [c for c in self.state.calls
                    if c.method == "files.completeUploadExternal" and c.ok]
            return [(c.body, self.state.uploads.get(json.loads(c.body["files"])[0]["id"], b""))
                    for c in done]

    def delivered(self, method: str = "chat.postMessage") -> list[Call]:
        """Calls of `method` that Slack accepted (answered 200 with ok)."""
        return [c for c in self.calls(method) if c.ok]

    # -- inspection ------------------------------------------------------------------------
    def calls(self, method: str | None = None) -> list[Call]:
        with self.state.cond:
            return [c for c in self.state.calls if method is None or c.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """Block until `count` calls of `method` arrived; fail the test otherwise."""
        deadline = time.monotonic() + timeout
        with self.state.cond:
            while True:
                found = [c for c in self.state.calls if c.method == method]
                if len(found) >= count:
                    return found
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    seen = [c.method for c in self.state.calls]
                    raise AssertionError(f"expected {count} {method} call(s), saw {seen}")
                self.state.cond.wait(remaining)

    def clear(self) -> None:
        with self.state.cond:
            self.state.calls.clear()
