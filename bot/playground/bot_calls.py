"""Sending the page's actions to the bot exactly as Slack would: signed HTTP requests into
the bot's own WSGI app (`/slack/events`), in this process."""

from __future__ import annotations

import io
import json
import time
from collections.abc import Callable

from bot.playground.signing import signed_headers

FORM = "application/x-www-form-urlencoded"


def call_bot(wsgi: Callable, secret: str, body: bytes,
             content_type: str = FORM) -> tuple[int, bytes, str]:
    """POST a signed request to the bot; (status, body, content type)."""
    headers = signed_headers(secret, body, int(time.time()), content_type)
    environ = {
        "REQUEST_METHOD": "POST", "PATH_INFO": "/slack/events", "QUERY_STRING": "",
        "SERVER_NAME": "playground", "SERVER_PORT": "0", "SERVER_PROTOCOL": "HTTP/1.1",
        "CONTENT_TYPE": content_type, "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body), "wsgi.url_scheme": "http", "wsgi.errors": io.StringIO(),
        "wsgi.version": (1, 0), "wsgi.multithread": True, "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    for name, value in headers.items():
        if name != "Content-Type":
            environ["HTTP_" + name.upper().replace("-", "_")] = value
    answer: dict = {}

    def start_response(status: str, response_headers: list, exc_info=None):
        answer["status"] = int(status.split()[0])
        answer["type"] = dict((k.lower(), v) for k, v in response_headers).get(
            "content-type", "")

    payload = b"".join(wsgi(environ, start_response))
    return answer["status"], payload, answer["type"]


def as_json(payload: bytes, content_type: str) -> dict | None:
    if not payload:
        return None
    if "json" in content_type:
        return json.loads(payload)
    return {"text": payload.decode()}
