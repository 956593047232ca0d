"""The Web API stand-in with Slack's message limit per workspace, for the many-workspace
fan-out (tests/bench/fanout_workspaces.py).

Tick processes send every workspace's DMs with one test token, so the stand-in cannot tell
workspaces apart by token: it reads the DM's channel (the person's user ID) and asks the
benchmark which workspace the person is in (it seeded them). Each workspace has a token
bucket: `rate` calls a second, bursts of `burst` (Slack allows short bursts); a call with no
token left is answered 429 with Retry-After: 1 and recorded with that status, before the
stand-in's own knobs (random 5xx, holds) see it.
"""

from __future__ import annotations

import io
import json
import threading
import time
from collections import Counter
from collections.abc import Callable
from urllib.parse import parse_qs

from bot.playground.standin_state import Call, Failure
from tests.fakes.slack_api import SlackApiStandIn

METHOD = "chat.postMessage"


class TokenBucket:
    def __init__(self, rate: float, burst: float):
        self.rate, self.burst = rate, burst
        self.tokens, self.at = burst, time.monotonic()

    def take(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.at) * self.rate)
        self.at = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


class PerWorkspaceStandIn(SlackApiStandIn):
    """Start with `with PerWorkspaceStandIn(rate, burst, workspace_of) as api:`."""

    def __init__(self, rate: float, burst: float, workspace_of: Callable[[str], str],
                 observer=None):
        super().__init__(observer=observer)
        self.rate, self.burst, self.workspace_of = rate, burst, workspace_of
        self.buckets: dict[str, TokenBucket] = {}
        self.refused: Counter = Counter()  # 429s per workspace
        self._lock = threading.Lock()
        handler = self._server.RequestHandlerClass
        self._server.RequestHandlerClass = _limiting(handler, self)

    def admit(self, channel: str) -> bool:
        workspace = self.workspace_of(channel)
        with self._lock:
            bucket = self.buckets.setdefault(workspace, TokenBucket(self.rate, self.burst))
            if bucket.take():
                return True
            self.refused[workspace] += 1
            return False


def _channel(headers, raw: bytes) -> str:
    if "json" in headers.get("Content-Type", ""):
        return str(json.loads(raw or b"{}").get("channel", ""))
    return (parse_qs(raw.decode()).get("channel") or [""])[0]


def _limiting(base, api: PerWorkspaceStandIn):
    class Handler(base):
        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            if self.path.partition("?")[0] != f"/api/{METHOD}":
                super().do_POST()
                return
            expected = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(expected)
            # The stand-in's handler reads the body again; the connection's own stream
            # comes back for the next request on it.
            original, self.rfile = self.rfile, io.BytesIO(raw)
            try:
                if len(raw) == expected and not api.admit(_channel(self.headers, raw)):
                    self._refuse(raw)
                else:
                    super().do_POST()
            finally:
                self.rfile = original

        def _refuse(self, raw: bytes) -> None:
            call = Call(METHOD, dict(self.headers.items()), {}, raw, status=429, ok=False)
            with api.state.cond:
                api.state.calls.append(call)
                api.state.cond.notify_all()
            self._answer(METHOD, Failure(retry_after=1), {})

    return Handler
