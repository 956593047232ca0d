"""The stand-in's HTTP side: parse what the bot sends, decide on a failure, answer."""

from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs

from bot.playground.standin_state import (
    Call,
    Failure,
    StandInState,
    default_response,
    remember_message,
)


def _parse_body(headers, raw: bytes) -> dict:
    ctype = headers.get("Content-Type", "")
    if "json" in ctype:
        return json.loads(raw or b"{}")
    parsed = {k: v[0] for k, v in parse_qs(raw.decode(), keep_blank_values=True).items()}
    for key in ("blocks", "attachments", "view"):
        if isinstance(parsed.get(key), str):
            parsed[key] = json.loads(parsed[key])
    return parsed


def _limited(state: StandInState, method: str) -> Failure | None:
    """A failure from the rate limit or the random 5xx share, if this call gets one."""
    window = state.limits.get(method)
    retry_after = window.admit() if window else None
    if retry_after is not None:
        return Failure(retry_after=retry_after)
    ratio, rng = state.random_failures.get(method, (0.0, None))
    if rng is not None and rng.random() < ratio:
        return Failure(status=500)
    return None


def _wait_if_held(state: StandInState, call: Call, *, accepted: bool = False) -> None:
    """Keep `call` unanswered while a hold on its method lasts (at most the hold's cap):
    before it is taken, or (`accepted`) after, as the hold says."""
    with state.cond:
        hold = state.holds.get(call.method)
        if hold is None or hold.accepted != accepted:
            return
        state.waiting.append(call)
        state.cond.notify_all()
    hold.release.wait(hold.cap)
    with state.cond:
        state.waiting.remove(call)
        state.cond.notify_all()


def _status_of(failure: Failure | None) -> int:
    if failure is None:
        return 200
    if failure.retry_after is not None and failure.status == 200:
        return 429
    return failure.status


def _handler(state: StandInState):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # keep test output clean
            pass

        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            expected = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(expected)
            if len(raw) < expected:
                # The client died mid-request (a killed process): Slack would never see
                # this call, so neither is it recorded.
                self.close_connection = True
                return
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
            _wait_if_held(state, call)
            with state.cond:
                queue = state.failures.get(method)
                failure = queue.popleft() if queue else _limited(state, method)
                body = state.responses.get(method) or default_response(state, method,
                                                                          call.body)
                call.status, call.ok = _status_of(failure), failure is None
                if failure is None and state.observer is not None:
                    body = state.observer(call, body) or body
                if failure is None and method == "chat.postMessage":
                    remember_message(state, call.body, body)
                state.calls.append(call)
                state.cond.notify_all()
            _wait_if_held(state, call, accepted=True)
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
            try:
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the caller is gone (a process killed on purpose in a test)

    return Handler
