"""The Bolt app factory: nothing is read from the environment here."""

from __future__ import annotations

import logging
import random

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.http_retry import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler
from slack_sdk.http_retry.builtin_handlers import ServerErrorRetryHandler
from slack_sdk.http_retry.builtin_interval_calculators import BackoffRetryIntervalCalculator
from slack_sdk.http_retry.jitter import Jitter

from bot.listeners import register_listeners
from bot.oauth import oauth_settings
from bot.services import Coach

logger = logging.getLogger(__name__)

# Web API calls wait out 429s (Retry-After) and retry 5xx and dropped connections a few
# times with backoff, using slack_sdk's own handlers.
RETRIES = 3


class ProportionalJitter(Jitter):
    """Up to half the interval again: spreads retries out without the SDK default's extra
    second on every retry, so a zero backoff (tests, a local stand-in) is really zero."""

    def recalculate(self, duration: float) -> float:
        return duration * (1 + random.random() / 2)


def create_web_client(token: str | None, base_url: str, backoff: float = 0.5) -> WebClient:
    """A WebClient for `base_url`; 5xx and connection errors back off exponentially
    (`backoff`, then twice that, ...), 429s wait out Retry-After. Calls are timed into
    techlead_slack_api_seconds (Bolt's per-request clients in listeners are not)."""
    from bot.observability.timed_client import TimedWebClient

    interval = BackoffRetryIntervalCalculator(backoff_factor=backoff, jitter=ProportionalJitter())
    return TimedWebClient(
        token=token,
        base_url=base_url,
        timeout=10,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=RETRIES, interval_calculator=interval),
            RateLimitErrorRetryHandler(max_retry_count=RETRIES),
            ServerErrorRetryHandler(max_retry_count=RETRIES, interval_calculator=interval),
        ],
    )


class _SameTokenWarningFilter(logging.Filter):
    """Bolt warns that `token` is unused whenever SLACK_BOT_TOKEN is set and a client is
    given; our client carries that very token, so the warning would only mislead operators."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "`token` will be unused" not in record.getMessage()


_SAME_TOKEN_FILTER = _SameTokenWarningFilter()


def create_app(coach: Coach, *, socket_mode: bool = False) -> App:
    """A Bolt app wired to `coach`; `socket_mode` skips HTTP signature checks (none to check)."""
    settings = coach.settings
    bolt_logger = logging.getLogger("bot.bolt")
    bolt_logger.addFilter(_SAME_TOKEN_FILTER)  # the same instance: added once
    multi = settings.multi_workspace and not socket_mode
    app = App(
        signing_secret=settings.slack_signing_secret or "",
        # With OAuth, each request's token comes from its workspace's installation.
        client=create_web_client(None if multi else settings.slack_bot_token,
                                 settings.slack_api_url, settings.slack_retry_backoff),
        oauth_settings=oauth_settings(settings, coach.engine) if multi else None,
        # Listeners answer in the ack itself and hand slow work to lazy listeners, so the
        # HTTP response need not wait on Bolt's ack-polling loop.
        process_before_response=True,
        request_verification_enabled=not socket_mode,
        logger=bolt_logger,
    )

    if multi:
        # app_uninstalled / tokens_revoked delete the stored tokens; without a token the
        # scheduler has no client for that workspace, so its nudges and digests stop.
        app.enable_token_revocation_listeners()
    register_listeners(app, coach)
    return app
