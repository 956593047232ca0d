"""Sending DMs and updating them, with every Slack failure sorted into what to do next."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import Enum
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

logger = logging.getLogger(__name__)

# Slack will not deliver to this person: stop trying them.
PERSON_ERRORS = frozenset({
    "user_not_found", "user_disabled", "user_not_visible", "channel_not_found",
    "messages_tab_disabled", "cannot_dm_bot", "is_archived", "not_in_channel",
    "restricted_action", "is_bot", "user_is_bot",
})
# The bot's own token is no good: stop the workspace's whole batch.
TOKEN_ERRORS = frozenset({
    "invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired",
    "missing_scope", "team_access_not_granted", "not_allowed_token_type",
    "ekm_access_denied", "app_uninstalled",
})
TRANSIENT_ERRORS = frozenset({
    "ratelimited", "rate_limited", "internal_error", "fatal_error", "service_unavailable",
    "request_timeout",
})


class Outcome(Enum):
    SENT = "sent"
    UNREACHABLE = "unreachable"  # this person, permanently
    TOKEN_BROKEN = "token_broken"  # every send in the workspace
    TRANSIENT = "transient"  # worth another try later
    FAILED = "failed"  # our message was refused: a bug, logged, not retried


@dataclass(frozen=True)
class SendResult:
    outcome: Outcome
    error: str | None = None
    channel: str | None = None
    ts: str | None = None


def classify(err: Exception) -> SendResult:
    if isinstance(err, SlackApiError):
        code = str(err.response.get("error") or f"http_{err.response.status_code}")
        status = err.response.status_code
        if code in PERSON_ERRORS:
            return SendResult(Outcome.UNREACHABLE, code)
        if code in TOKEN_ERRORS:
            return SendResult(Outcome.TOKEN_BROKEN, code)
        if status == 429 or status >= 500 or code in TRANSIENT_ERRORS:
            return SendResult(Outcome.TRANSIENT, code)
        return SendResult(Outcome.FAILED, code)
    return SendResult(Outcome.TRANSIENT, type(err).__name__)


def post_dm(client: WebClient, user_id: str, message: dict,
            metadata: dict | None = None) -> SendResult:
    """Post into the app's DM with `user_id` (Slack opens it when given a user ID), with
    message `metadata` if given."""
    extra = {"metadata": metadata} if metadata else {}
    try:
        response = client.chat_postMessage(channel=user_id, **message, **extra)
    except (SlackApiError, URLError, OSError, TimeoutError) as err:
        return classify(err)
    return SendResult(Outcome.SENT, channel=response.get("channel"), ts=response.get("ts"))


def update_message(client: WebClient, channel: str, ts: str, message: dict) -> SendResult:
    try:
        client.chat_update(channel=channel, ts=ts, **message)
    except (SlackApiError, URLError, OSError, TimeoutError) as err:
        return classify(err)
    return SendResult(Outcome.SENT, channel=channel, ts=ts)


# A trigger_id is good for three seconds after the click: a views.open still failing by
# then cannot succeed, so it is neither retried nor waited on for long.
TRIGGER_SECONDS = 2.5


def open_view(client: WebClient, trigger_id: str | None, view: dict) -> SendResult:
    """views.open, once, within the trigger's life; a failure sorted like any other."""
    once = WebClient(token=client.token, base_url=client.base_url, timeout=TRIGGER_SECONDS,
                     retry_handlers=[])
    try:
        once.views_open(trigger_id=trigger_id, view=view)
    except (SlackApiError, URLError, OSError, TimeoutError) as err:
        return classify(err)
    return SendResult(Outcome.SENT)


def respond_logged(respond, what: str, **message) -> bool:
    """Answer through a response_url (Bolt's `respond`), which does not raise when Slack
    refuses the answer: a refusal is logged, never lost silently. True when delivered."""
    result = respond(**message)
    status = getattr(result, "status_code", 200)
    if status != 200:
        logger.warning("%s: Slack refused the answer (HTTP %s)", what, status)
        return False
    return True
