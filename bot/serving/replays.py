"""A request seen before does nothing again: an exact replay of a signed request inside
Slack's five-minute window, or Slack's own retry of an event it already delivered
(X-Slack-Retry-Num, same event_id). Both are answered 200 with no effect. The record lives
in the database, so it holds across replicas, and expires after KEEP."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta

from slack_bolt import App, BoltRequest, BoltResponse

from bot import subcommands
from bot.dependencies import Dependencies
from storage.idempotency import first_time

logger = logging.getLogger(__name__)

# Longer than Slack's five-minute signature window, with room for clock skew.
KEEP = timedelta(minutes=10)


def replay_key(req: BoltRequest) -> str | None:
    """What makes this request the same as an earlier one; None when repeating it is
    harmless (a topic or help: a pure read, kept off the database on the fast path)."""
    body = req.body if isinstance(req.body, dict) else {}
    event_id = body.get("event_id")
    if body.get("type") == "event_callback" and isinstance(event_id, str):
        return f"event:{body.get('team_id')}:{event_id}"
    if "command" in body and subcommands.find(body.get("text")) is None:
        return None
    signature = (req.headers.get("x-slack-signature") or [None])[0]
    timestamp = (req.headers.get("x-slack-request-timestamp") or [None])[0]
    return f"sig:{timestamp}:{signature}" if signature else None


def install_replay_guard(app: App, deps: Dependencies) -> None:
    def guard(req: BoltRequest, next: Callable[[], BoltResponse]) -> BoltResponse:  # noqa: A002
        key = replay_key(req)
        if key is None:
            return next()
        try:
            with deps.sessions.begin() as session:
                fresh = first_time(session, key, now=deps.clock(), keep=KEEP)
        except Exception:
            # Better a possible repeat than refusing Slack while the database is away; the
            # feature then tells the person what went wrong.
            logger.exception("could not check a request against replays")
            return next()
        if fresh:
            return next()
        logger.info("ignored a request seen before (%s)", key.split(":", 1)[0])
        return BoltResponse(status=200, body="")

    app.middleware(guard)
