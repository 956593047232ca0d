"""Send signed requests to the bot's HTTP endpoint, the way Slack does."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

from tests.fakes import payloads
from tests.fakes.signing import signed_headers

FORM = "application/x-www-form-urlencoded"


@dataclass
class Reply:
    status: int
    body: bytes
    headers: dict[str, str]

    def header(self, name: str) -> str | None:
        """A response header, whatever its case."""
        found = [v for k, v in self.headers.items() if k.lower() == name.lower()]
        return found[0] if found else None

    @property
    def json(self) -> dict:
        return json.loads(self.body)


def http(method: str, url: str, body: bytes | None = None,
         headers: dict[str, str] | None = None) -> Reply:
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return Reply(resp.status, resp.read(), dict(resp.headers.items()))
    except urllib.error.HTTPError as err:
        return Reply(err.code, err.read(), dict(err.headers.items()))


class SlackClient:
    """Plays Slack's part: signs and POSTs payloads to /slack/events."""

    def __init__(self, base_url: str, signing_secret: str, response_url: str = ""):
        self.base_url = base_url
        self.events_url = base_url + "/slack/events"
        self.secret = signing_secret
        self.response_url = response_url

    def post(self, body: bytes, *, content_type: str = FORM, timestamp: int | None = None,
             secret: str | None = None, headers: dict[str, str] | None = None) -> Reply:
        ts = int(time.time()) if timestamp is None else timestamp
        signed = signed_headers(secret or self.secret, body, ts, content_type)
        signed.update(headers or {})
        return http("POST", self.events_url, body, signed)

    def command(self, text: str, **kwargs) -> Reply:
        kwargs.setdefault("response_url", self.response_url)
        return self.post(payloads.slash_command(text, **kwargs))

    def click(self, action_id: str, value: str, **kwargs) -> Reply:
        kwargs.setdefault("response_url", self.response_url)
        return self.post(payloads.block_action(action_id, value, **kwargs))
