"""The WSGI application: Slack's request URL plus a health check and Prometheus metrics."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from sqlalchemy import Engine

from bot.observability.metrics import exposition
from storage.engine import ping

SLACK_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
METRICS_PATH = "/metrics"


def create_wsgi_app(app: App, engine: Engine) -> Callable:
    """Route /healthz ourselves and everything else to Bolt's WSGI adapter."""
    slack = SlackRequestHandler(app, path=SLACK_PATH)

    def wsgi(environ: dict, start_response: Callable) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == HEALTH_PATH and environ.get("REQUEST_METHOD") == "GET":
            healthy = ping(engine)
            status = "200 OK" if healthy else "503 Service Unavailable"
            return _respond(start_response, status, {
                "status": "ok" if healthy else "unavailable",
                "database": "ok" if healthy else "unreachable",
            })
        if environ.get("PATH_INFO") == METRICS_PATH and environ.get("REQUEST_METHOD") == "GET":
            body, content_type = exposition()
            start_response("200 OK", [("Content-Type", content_type),
                                      ("Content-Length", str(len(body)))])
            return [body]
        if not environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP", "0").strip().isdigit():
            # Bolt's verifier raises (a 500) on a non-numeric timestamp; such a request is
            # simply not signed by Slack, so it gets the same 401 as any bad signature.
            return _respond(start_response, "401 Unauthorized", {"error": "invalid request"})
        return slack(environ, start_response)

    return wsgi


def _respond(start_response: Callable, status: str, payload: dict) -> list[bytes]:
    body = json.dumps(payload).encode()
    start_response(status, [("Content-Type", "application/json"),
                            ("Content-Length", str(len(body)))])
    return [body]
