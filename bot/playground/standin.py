"""A real HTTP server on loopback standing in for Slack's Web API and response_urls.

It answers like Slack and records every call in its state, where the playground's model
of the workspace (`state.observer`) sees each one. The tests drive the same server through
a subclass of their own (tests/fakes/slack_api.py) that scripts failures, rate limits and
held calls, and inspects what was called; none of that is product code.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from http.server import ThreadingHTTPServer
from typing import Self

from bot.playground.standin_http import _handler
from bot.playground.standin_state import BOT_USER_ID, TEAM_ID, Call, StandInState

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
        return self.state.base

    @property
    def url(self) -> str:
        """The Web API base URL, as SLACK_API_URL."""
        return self.base + "/api/"

    def response_url(self, name: str = "r1") -> str:
        """A response_url; what is posted to it is recorded as method "response:<name>"."""
        return f"{self.base}/response/{name}"

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
