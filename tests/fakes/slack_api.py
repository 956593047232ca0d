"""The Web API stand-in as the tests use it: the product's server (the playground runs the
bot against it), plus the knobs only tests turn: failures, canned answers, rate limits,
random 5xx, held calls, and waiting for and inspecting what the bot called."""

from __future__ import annotations

import json
import random
import threading
import time
from collections import deque

from bot.playground import standin
from bot.playground.standin_state import BOT_USER_ID, TEAM_ID, Call, Failure, Hold, RateWindow

__all__ = ["BOT_USER_ID", "HOLD_CAP", "TEAM_ID", "Call", "SlackApiStandIn"]

HOLD_CAP = 10.0  # seconds a held call waits at most, should a test never release it


class SlackApiStandIn(standin.SlackApiStandIn):
    """Start with `with SlackApiStandIn() as api:`; point SLACK_API_URL at `api.url`."""

    def __exit__(self, *exc) -> None:
        with self.state.cond:
            holds = list(self.state.holds.values())
        for hold in holds:  # nothing stays parked in a handler thread
            hold.release.set()
        super().__exit__(*exc)

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

    def hold(self, method: str, until: threading.Event, cap: float = HOLD_CAP, *,
             accepted: bool = False) -> None:
        """Leave calls of `method` ("chat.postMessage", "response:<name>") unanswered until
        `until` is set, or `cap` seconds have passed; they are recorded once answered, or
        (`accepted`) at once, only the answer held: Slack has the message, the bot does
        not know yet."""
        with self.state.cond:
            self.state.holds[method] = Hold(until, cap, accepted)

    # -- inspection ------------------------------------------------------------------------
    def calls(self, method: str | None = None) -> list[Call]:
        with self.state.cond:
            return [c for c in self.state.calls if method is None or c.method == method]

    def delivered(self, method: str = "chat.postMessage") -> list[Call]:
        """Calls of `method` that Slack accepted (answered 200 with ok)."""
        return [c for c in self.calls(method) if c.ok]

    def uploaded(self) -> list[tuple[dict, bytes]]:
        """Each completed file upload: (its files.completeUploadExternal call body, bytes)."""
        with self.state.cond:
            done = [c for c in self.state.calls
                    if c.method == "files.completeUploadExternal" and c.ok]
            return [(c.body, self.state.uploads.get(json.loads(c.body["files"])[0]["id"], b""))
                    for c in done]

    def history(self, channel: str) -> list[dict]:
        """The messages `channel` holds (a DM's is "D" + the user ID's tail), oldest first,
        as conversations.history would tell them: text, ts and metadata."""
        with self.state.cond:
            return [dict(m) for m in self.state.messages.get(channel, [])]

    def waiting(self, method: str | None = None) -> list[Call]:
        """Calls that arrived and are held, not answered yet."""
        with self.state.cond:
            return [c for c in self.state.waiting if method is None or c.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """Block until `count` calls of `method` were answered; fail the test otherwise."""
        return self._wait(lambda: [c for c in self.state.calls if c.method == method],
                          count, timeout, f"{method} call(s)")

    def wait_for_held(self, method: str | None = None, timeout: float = 5.0) -> list[Call]:
        """Block until a call of `method` (any, by default) is held; fail the test
        otherwise."""
        return self._wait(lambda: [c for c in self.state.waiting
                                   if method is None or c.method == method],
                          1, timeout, f"held {method or 'any'} call(s)")

    def _wait(self, found, count: int, timeout: float, what: str) -> list[Call]:
        deadline = time.monotonic() + timeout
        with self.state.cond:
            while True:
                calls = found()
                if len(calls) >= count:
                    return calls
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    seen = [c.method for c in self.state.calls]
                    held = [c.method for c in self.state.waiting]
                    raise AssertionError(f"expected {count} {what}, saw {seen}, held {held}")
                self.state.cond.wait(remaining)

    def clear(self) -> None:
        with self.state.cond:
            self.state.calls.clear()
