"""One scheduler tick in a process of its own, as a replica or a restarted bot runs it.

    python -m tests.fakes.tick_process --database-url URL --api-url URL --now ISO8601 \
        [--force] [--die-after N] [--workers N] [--messages-per-minute N] [--retry-backoff S] \
        [--lease-seconds S]

It sends with the test bot token through the Web API stand-in at --api-url, with the
bot's clock fixed at --now, prints a line `claims: N` (how many claims it attempted, won
or not: what it took on), then the BatchReport summary as its last line, and exits 0.
Sends are not paced and 5xx retries do not back off unless --messages-per-minute and
--retry-backoff say so (the fan-out benchmark runs replicas paced like production).
--lease-seconds is DELIVERY_LEASE_SECONDS: how long a delivery stays "sending" before it
is reconciled.

--die-after N simulates a crash in the middle of a batch: after N messages that Slack
accepted, the process ends at once (exit status 3) right after Slack accepted the Nth and
before the bot records it, leaving that delivery claimed ("sending") in the database. The
line printed before dying names the person whose message was in flight, and the claims
attempted until then.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import threading
from dataclasses import replace
from datetime import UTC, datetime

import bot.reflect.nudges
import storage.deliveries
from bot.config import Settings
from bot.dependencies import build_dependencies
from bot.scheduler import build_dispatcher
from bot.slack_clients import create_web_client
from bot.slack_send import Outcome, SendResult

BOT_TOKEN = "xoxb-test-token"
CRASH_EXIT_STATUS = 3
CRASH_LINE = "crashed after {count} sends; in flight: {user_id}; claims: {claims}"
CLAIMS_LINE = "claims: {claims}"
_claims = 0  # deliveries.claim calls so far, in any send worker


def count_claims() -> None:
    """Count every claim this process attempts (storage.deliveries.claim)."""
    real_claim = storage.deliveries.claim
    lock = threading.Lock()

    def claim(*args, **kwargs):
        global _claims
        with lock:
            _claims += 1
        return real_claim(*args, **kwargs)

    storage.deliveries.claim = claim


def parse_instant(text: str) -> datetime:
    """An ISO 8601 instant; a naive one is taken as UTC."""
    instant = datetime.fromisoformat(text)
    return instant.replace(tzinfo=UTC) if instant.tzinfo is None else instant


def die_after(count: int) -> None:
    """Make this process die right after the `count`th message Slack accepted."""
    real_post_dm = bot.reflect.nudges.post_dm
    lock = threading.Lock()
    accepted = 0

    def post_dm(client, user_id: str, message: dict, metadata=None) -> SendResult:
        nonlocal accepted
        result = real_post_dm(client, user_id, message, metadata)
        if result.outcome is Outcome.SENT:
            with lock:
                accepted += 1
                if accepted >= count:
                    print(CRASH_LINE.format(count=accepted, user_id=user_id, claims=_claims),
                          flush=True)
                    os._exit(CRASH_EXIT_STATUS)  # no cleanup, no record: like a kill -9
        return result

    bot.reflect.nudges.post_dm = post_dm


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fakes.tick_process")
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--api-url", required=True)
    parser.add_argument("--now", required=True, type=parse_instant)
    parser.add_argument("--force", action="store_true")
    parser.add_argument("--die-after", type=int, metavar="N")
    parser.add_argument("--workers", type=int, default=4, help="send_workers (default 4)")
    parser.add_argument("--messages-per-minute", type=int, default=1_000_000, metavar="N",
                        help="this process's pace (default 1,000,000: no pacing)")
    parser.add_argument("--retry-backoff", type=float, default=0.0, metavar="SECONDS",
                        help="slack_retry_backoff for 5xx and connection errors (default 0)")
    parser.add_argument("--lease-seconds", type=int, default=600, metavar="SECONDS",
                        help="delivery_lease_seconds (default 600)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)

    settings = Settings(
        slack_bot_token=BOT_TOKEN,
        slack_api_url=args.api_url,
        database_url=args.database_url,
        messages_per_minute=args.messages_per_minute,
        slack_retry_backoff=args.retry_backoff,
        send_workers=args.workers,
        delivery_lease_seconds=args.lease_seconds,
    )
    now: datetime = args.now
    deps = replace(build_dependencies(settings), clock=lambda: now)
    client = create_web_client(settings.slack_bot_token, settings.slack_api_url,
                               settings.slack_retry_backoff)
    count_claims()
    if args.die_after is not None:
        die_after(args.die_after)
    try:
        report = build_dispatcher(deps, lambda _team_id: client).tick(force=args.force)
    finally:
        deps.engine.dispose()
    print(CLAIMS_LINE.format(claims=_claims), flush=True)
    print(report.summary(), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
