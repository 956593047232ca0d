"""Deliveries a crash left "sending": found in the DM's history (by the delivery id in the
message metadata) they are recorded as sent; not found, they are sent again. Slack's
chat.postMessage has no idempotency key, so this closes the gap between Slack accepting a
DM and the bot recording it.

conversations.history is Tier 3, and since 2025 about one call a minute for commercially
distributed apps outside the Marketplace: each tick (a minute) looks into one delivery per
workspace at most, in the background of the sends.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import UTC, datetime, time, timedelta
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.coaching.calendar import parse_week_key
from bot.delivery.jobs import EVENT_TYPE, owner
from bot.dependencies import Dependencies
from bot.slack_clients import ClientFor
from storage import deliveries
from storage.models import Delivery
from storage.wakeups import recheck

logger = logging.getLogger(__name__)

HISTORY_LIMIT = 15  # messages per page: the most apps outside the Marketplace may ask for
HISTORY_PAGES = 3
STALE_PER_TICK = 200


def reconcile(deps: Dependencies, client_for: ClientFor, now: datetime) -> Counter:
    """Look into stale "sending" deliveries, one per workspace; counts of found, resent
    and unknown (Slack could not tell: looked at again after another lease)."""
    lease = timedelta(seconds=deps.settings.delivery_lease_seconds)
    with deps.sessions.begin() as session:
        stale = deliveries.stale_sending(session, now, lease, STALE_PER_TICK)
    counts: Counter = Counter()
    looked: set[str] = set()
    for row in stale:
        client = client_for(row.team_id) if row.team_id not in looked else None
        if client is None:
            continue
        with deps.sessions.begin() as session:
            if not deliveries.take_for_reconciling(session, row.id, owner=owner(), now=now,
                                                   lease=lease):
                continue
        looked.add(row.team_id)
        counts[_settle(deps, client, row)] += 1
    if counts:
        logger.info("reconciled deliveries left sending: %s", dict(counts))
    return counts


def _settle(deps: Dependencies, client: WebClient, row: Delivery) -> str:
    try:
        found = _find(client, row)
    except (SlackApiError, URLError, OSError, TimeoutError) as err:
        error = err.response.get("error") if isinstance(err, SlackApiError) else type(err)
        logger.warning("workspace %s: could not read the DM history of delivery %s (%s)",
                       row.team_id, row.id, error)
        return "unknown"
    with deps.sessions.begin() as session:
        if found is not None:
            deliveries.found_sent(session, row.id, now=deps.clock(), channel_id=found[0],
                                  message_ts=found[1])
            return "found"
        deliveries.send_again(session, row.id, deps.clock())
        recheck(session, row.kind, row.team_id, row.user_id)
    return "resent"


def _oldest(row: Delivery) -> datetime:
    """No message of the delivery's week is older than that week's Monday in UTC less a
    day (the earliest time zone's). Not its claimed_at: each lookup restarts that, so a
    second one (after "unknown") would begin after the message."""
    return datetime.combine(parse_week_key(row.week), time(), UTC) - timedelta(days=1)


def _find(client: WebClient, row: Delivery) -> tuple[str, str] | None:
    """(channel, ts) of the bot's message carrying this delivery's id, or None."""
    channel = client.conversations_open(users=row.user_id)["channel"]["id"]
    cursor = None
    for _ in range(HISTORY_PAGES):
        page = client.conversations_history(
            channel=channel, oldest=f"{_oldest(row).timestamp():.6f}",
            limit=HISTORY_LIMIT, include_all_metadata=True, cursor=cursor)
        for message in page.get("messages") or []:
            metadata = message.get("metadata") or {}
            payload = metadata.get("event_payload") or {}
            if metadata.get("event_type") == EVENT_TYPE and \
                    payload.get("delivery_id") == row.id:
                return channel, message.get("ts")
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        if not page.get("has_more") or not cursor:
            return None
    return None
