"""Web API clients: slack_sdk's retry handlers for 429s, 5xx and dropped connections, and
which client sends to a workspace (one bot token, or each installation's with OAuth)."""

from __future__ import annotations

import random
from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.http_retry import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler
from slack_sdk.http_retry.builtin_handlers import ServerErrorRetryHandler
from slack_sdk.http_retry.builtin_interval_calculators import BackoffRetryIntervalCalculator
from slack_sdk.http_retry.jitter import Jitter
from sqlalchemy import Engine

from bot.config import Settings
from bot.observability.timed_client import TimedWebClient

RETRIES = 3
ClientFor = Callable[[str], WebClient | None]


class ProportionalJitter(Jitter):
    """Up to half the interval again: spreads retries out without the SDK default's extra
    second on every retry, so a zero backoff (tests, a local stand-in) is really zero."""

    def recalculate(self, duration: float) -> float:
        return duration * (1 + random.random() / 2)


def create_web_client(token: str | None, base_url: str, backoff: float = 0.5) -> WebClient:
    """A WebClient for `base_url`; 5xx and connection errors back off exponentially
    (`backoff`, then twice that, ...), 429s wait out Retry-After. Calls are timed into
    techlead_slack_api_seconds."""
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


def clients_for(settings: Settings, engine: Engine) -> ClientFor:
    """Which Web API client sends to a workspace: its installation's token with OAuth,
    else SLACK_BOT_TOKEN's for the one workspace."""
    from bot.oauth import InstalledClients

    def make(token: str | None) -> WebClient:
        return create_web_client(token, settings.slack_api_url, settings.slack_retry_backoff)

    if settings.multi_workspace:
        return InstalledClients(settings, engine, make)
    client = make(settings.slack_bot_token)
    return lambda _team_id: client
