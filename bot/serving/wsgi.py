"""The WSGI application: Slack's request URL plus a health check. (Prometheus metrics are
served on a port of their own: bot/observability/metrics_server.py.)

Nothing from /slack/events reaches a parser before its signature is checked on the raw
bytes: a body far larger than anything Slack sends is refused before it is read (413), an
unsigned, badly signed or stale one gets 401, and only then does Bolt parse it."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk.signature import SignatureVerifier

from bot.dependencies import Dependencies
from storage.engine import health

SLACK_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
# Slack's payloads are a few kilobytes (a full modal's state stays far below this).
MAX_BODY_BYTES = 1024 * 1024


def create_wsgi_app(app: App, deps: Dependencies) -> Callable:
    """Route /healthz ourselves, and Slack's signed requests to Bolt's WSGI adapter."""
    slack = SlackRequestHandler(app, path=SLACK_PATH)
    engine = deps.engine
    verifier = SignatureVerifier(deps.settings.slack_signing_secret or "")

    def wsgi(environ: dict, start_response: Callable) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO"), environ.get("REQUEST_METHOD")
        if path == HEALTH_PATH and method == "GET":
            database = health(engine)
            healthy = database == "ok"
            status = "200 OK" if healthy else "503 Service Unavailable"
            return _respond(start_response, status, {
                "status": "ok" if healthy else "unavailable", "database": database})
        if path == SLACK_PATH and method == "POST":
            refusal = _refuse_unsigned(environ, verifier, start_response)
            if refusal is not None:
                return refusal
        return slack(environ, start_response)

    return wsgi


def _refuse_unsigned(environ: dict, verifier: SignatureVerifier,
                     start_response: Callable) -> list[bytes] | None:
    """A refusal for a request that is too large or not signed by Slack; None for a signed
    one, whose body is then handed on as it was read."""
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = -1
    if length < 0 or length > MAX_BODY_BYTES:
        return _respond(start_response, "413 Content Too Large", {"error": "request too large"})
    body = environ["wsgi.input"].read(length) if length else b""
    timestamp = environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP", "")
    signature = environ.get("HTTP_X_SLACK_SIGNATURE", "")
    if not _signed(verifier, body, timestamp, signature):
        return _respond(start_response, "401 Unauthorized", {"error": "invalid request"})
    environ["wsgi.input"] = io.BytesIO(body)
    environ["CONTENT_LENGTH"] = str(len(body))
    return None


def _signed(verifier: SignatureVerifier, body: bytes, timestamp: str, signature: str) -> bool:
    # slack_sdk's verifier raises on a non-numeric timestamp and on bytes that are not
    # UTF-8; Slack sends neither, so such a request is simply not Slack's.
    if not timestamp.strip().isdigit():
        return False
    try:
        return verifier.is_valid(body, timestamp, signature)
    except UnicodeDecodeError:
        return False


def _respond(start_response: Callable, status: str, payload: dict) -> list[bytes]:
    body = json.dumps(payload).encode()
    start_response(status, [("Content-Type", "application/json"),
                            ("Content-Length", str(len(body)))])
    return [body]
