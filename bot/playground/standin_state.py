"""What the Slack stand-in remembers and how it answers by default. The failures, canned
responses, users, rate limits, random failures and holds are only set by the tests' subclass
(tests/fakes/slack_api.py); the HTTP handler consults them on every call."""

from __future__ import annotations

import itertools
import json
import random
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

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
class Hold:
    """Calls of a method wait, unanswered, until `release` is set, or `cap` seconds have
    passed (so a test that forgets to release cannot hang the server). `accepted`: the
    call is taken first (recorded, a message posted) and only its answer is held, as when
    Slack has a message but the sender never hears back."""

    release: threading.Event = field(default_factory=threading.Event)
    cap: float = 10.0
    accepted: bool = False


@dataclass
class StandInState:
    calls: list[Call] = field(default_factory=list)
    failures: dict[str, deque[Failure]] = field(default_factory=dict)
    responses: dict[str, dict] = field(default_factory=dict)
    users: dict[str, dict] = field(default_factory=dict)
    limits: dict[str, RateWindow] = field(default_factory=dict)
    random_failures: dict[str, tuple[float, random.Random]] = field(default_factory=dict)
    holds: dict[str, Hold] = field(default_factory=dict)
    waiting: list[Call] = field(default_factory=list)  # arrived, held, not answered yet
    ts: itertools.count = field(default_factory=lambda: itertools.count(1))
    uploads: dict[str, bytes] = field(default_factory=dict)
    # What each conversation holds, newest last, as conversations.history tells it.
    messages: dict[str, list[dict]] = field(default_factory=dict)
    base: str = ""
    # The playground's model of the workspace: sees every call Slack accepted, and may
    # answer it (views.open returns the view it opened, and so on).
    observer: Callable[[Call, dict], dict | None] | None = None
    cond: threading.Condition = field(default_factory=threading.Condition)


@dataclass
class RateWindow:
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


def default_response(state: StandInState, method: str, body: dict) -> dict:
    if method == "auth.test":
        return {"ok": True, "url": "https://test.slack.com/", "team": "Test Team",
                "user": "techlead-coach", "team_id": TEAM_ID, "user_id": BOT_USER_ID,
                "bot_id": "BBOT", "is_enterprise_install": False}
    if method == "chat.postMessage":
        channel = str(body.get("channel", ""))
        dm = "D" + channel[1:] if channel.startswith(("U", "W")) else channel
        return {"ok": True, "channel": dm, "ts": f"1700000000.{next(state.ts):06d}"}
    if method == "conversations.history":
        return _history(state, body)
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


def remember_message(state: StandInState, body: dict, answer: dict) -> None:
    """A message Slack accepted, kept for conversations.history (with its metadata)."""
    message = {"type": "message", "user": BOT_USER_ID, "bot_id": "BBOT",
               "text": body.get("text", ""), "ts": answer.get("ts")}
    metadata = body.get("metadata")
    if isinstance(metadata, str):
        metadata = json.loads(metadata)
    if metadata:
        message["metadata"] = metadata
    state.messages.setdefault(str(answer.get("channel")), []).append(message)


def _history(state: StandInState, body: dict) -> dict:
    """Newest first, `limit` at a time; metadata only when include_all_metadata is asked
    for, as Slack does. (The stand-in's ts are counters, not times: oldest is not read.)"""
    found = list(reversed(state.messages.get(str(body.get("channel")), [])))
    start = int(body.get("cursor") or 0)
    limit = int(body.get("limit") or 100)
    page = found[start:start + limit]
    if str(body.get("include_all_metadata")).lower() not in ("1", "true"):
        page = [{k: v for k, v in m.items() if k != "metadata"} for m in page]
    more = start + limit < len(found)
    return {"ok": True, "messages": page, "has_more": more,
            "response_metadata": {"next_cursor": str(start + limit) if more else ""}}
