"""A WebClient that times every Web API call into techlead_slack_api_seconds{method}."""

from __future__ import annotations

from time import perf_counter

from slack_sdk import WebClient
from slack_sdk.web import SlackResponse

from bot.observability.metrics import SLACK_API_SECONDS


class TimedWebClient(WebClient):
    """Times `api_call`, which every WebClient method goes through (retries and their
    waits included). Bolt's per-request clients are plain WebClients: see create_app."""

    def api_call(self, api_method: str, **kwargs) -> SlackResponse:  # type: ignore[override]
        started = perf_counter()
        try:
            return super().api_call(api_method, **kwargs)
        finally:
            SLACK_API_SECONDS.labels(api_method).observe(perf_counter() - started)
