"""A real HTTP server on loopback standing in for Slack's Web API and response_urls.

It records every call, answers like Slack, and can be told to fail: an `ok: false`
error, an HTTP 5xx, or 429 with Retry-After.
"""

from __future__ import annotations

import itertools
import json
import random
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

TEAM_ID = "T111"
BOT_USER_ID = "UBOT"


@dataclass
class Call:
    """One request the bot made."""

    method: str  # "chat.postMessage", or "response:<id>" for a response_url
    headers: dict[str, str]
    body: dict
    raw: bytes = b""
    status: int = 200  # what the stand-in answered
    ok: bool = True  # answered as a success (not an error, 5xx or 429)


@dataclass
class Failure:
    status: int = 200
    error: str | None = None
    retry_after: int | None = None


@dataclass
class _State:
    calls: list[Call] = field(default_factory=list)
    failures: dict[str, deque[Failure]] = field(default_factory=dict)
    responses: dict[str, dict] = field(default_factory=dict)
    users: dict[str, dict] = field(default_factory=dict)
    limits: dict[str, _Window] = field(default_factory=dict)
    random_failures: dict[str, tuple[float, random.Random]] = field(default_factory=dict)
    ts: itertools.count = field(default_factory=lambda: itertools.count(1))
    uploads: dict[str, bytes] = field(default_factory=dict)
    base: str = ""
    # The playground's model of the workspace: sees every call Slack accepted, and may
    # answer it (views.open returns the view it opened, and so on).
    observer: Callable[[Call, dict], dict | None] | None = None
    cond: threading.Condition = field(default_factory=threading.Condition)


@dataclass
class _Window:
    """A fixed one-second window allowing `per_second` calls, like a workspace limit."""

    per_second: int
    second: int = -1
    used: int = 0

    def admit(self) -> int | None:
        """None when the call may pass, else the Retry-After seconds to send back."""
        now = time.monotonic()
        if int(now) != self.second:
            self.second, self.used = int(now), 0
        if self.used < self.per_second:
            self.used += 1
            return None
        return 1


def _default_response(state: _State, method: str, body: dict) -> dict:
    if method == "auth.test":
        return {"ok": True, "url": "https://test.slack.com/", "team": "Test Team",
                "user": "techlead-coach", "team_id": TEAM_ID, "user_id": BOT_USER_ID,
                "bot_id": "BBOT", "is_enterprise_install": False}
    if method == "chat.postMessage":
        channel = str(body.get("channel", ""))
        dm = "D" + channel[1:] if channel.startswith(("U", "W")) else channel
        return {"ok": True, "channel": dm, "ts": f"1700000000.{next(state.ts):06d}"}
    if method == "conversations.open":
        user = str(body.get("users", "")).split(",")[0]
        return {"ok": True, "channel": {"id": "D" + user[1:]}}
    if method == "files.getUploadURLExternal":
        file_id = f"F{next(state.ts):06d}"
        return {"ok": True, "file_id": file_id, "upload_url": f"{state.base}/upload/{file_id}"}
    if method == "files.completeUploadExternal":
        files = json.loads(body.get("files") or "[]")
        return {"ok": True, "files": [{"id": f["id"], "title": f.get("title")} for f in files]}
    if method == "users.info":
        user_id = str(body.get("user", ""))
        user = {"id": user_id, "name": user_id.lower(), "deleted": False, "is_bot": False}
        user.update(state.users.get(user_id, {}))
        return {"ok": True, "user": user}
    return {"ok": True}


class SlackApiStandIn:
    """Start with `with SlackApiStandIn() as api:`; point SLACK_API_URL at `api.url`."""

    def __init__(self, observer: Callable[[Call, dict], dict | None] | None = None) -> None:
        self.state = _State(observer=observer)
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
            self.state.limits[method] = _Window(per_second)

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


def _parse_body(headers, raw: bytes) -> dict:
    ctype = headers.get("Content-Type", "")
    if "json" in ctype:
        return json.loads(raw or b"{}")
    parsed = {k: v[0] for k, v in parse_qs(raw.decode(), keep_blank_values=True).items()}
    for key in ("blocks", "attachments", "view"):
        if isinstance(parsed.get(key), str):
            parsed[key] = json.loads(parsed[key])
    return parsed


def _limited(state: _State, method: str) -> Failure | None:
    """A failure from the rate limit or the random 5xx share, if this call gets one."""
    window = state.limits.get(method)
    retry_after = window.admit() if window else None
    if retry_after is not None:
        return Failure(retry_after=retry_after)
    ratio, rng = state.random_failures.get(method, (0.0, None))
    if rng is not None and rng.random() < ratio:
        return Failure(status=500)
    return None


def _status_of(failure: Failure | None) -> int:
    if failure is None:
        return 200
    if failure.retry_after is not None and failure.status == 200:
        return 429
    return failure.status


def _handler(state: _State):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # keep test output clean
            pass

        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            path, _, query = self.path.partition("?")
            if path.startswith("/api/"):
                method = path[len("/api/"):]
            elif path.startswith("/response/"):
                method = "response:" + path[len("/response/"):]
            elif path.startswith("/upload/"):
                with state.cond:
                    state.uploads[path[len("/upload/"):]] = raw
                method = "upload:" + path[len("/upload/"):]
            else:
                self.send_error(404)
                return
            body = {} if method.startswith("upload:") else _parse_body(self.headers, raw)
            # Some SDK calls put their arguments in the query string.
            body.update({k: v[0] for k, v in parse_qs(query).items() if k not in body})
            call = Call(method, dict(self.headers.items()), body, raw)
            with state.cond:
                queue = state.failures.get(method)
                failure = queue.popleft() if queue else _limited(state, method)
                body = state.responses.get(method) or _default_response(state, method,
                                                                          call.body)
                call.status, call.ok = _status_of(failure), failure is None
                if failure is None and state.observer is not None:
                    body = state.observer(call, body) or body
                state.calls.append(call)
                state.cond.notify_all()
            self._answer(method, failure, body)

        def _answer(self, method: str, failure: Failure | None, body: dict) -> None:
            status, extra = 200, {}
            if failure is not None:
                status = failure.status
                if failure.retry_after is not None:
                    status = 429 if status == 200 else status
                    extra["Retry-After"] = str(failure.retry_after)
                    body = {"ok": False, "error": "ratelimited"}
                elif failure.error:
                    body = {"ok": False, "error": failure.error}
                elif status >= 500:
                    body = {"ok": False, "error": "internal_error"}
            if method.startswith(("response:", "upload:")) and failure is None:
                payload, ctype = b"ok", "text/plain"
            else:
                payload, ctype = json.dumps(body).encode(), "application/json"
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(payload)))
            for key, value in extra.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(payload)

    return Handler
