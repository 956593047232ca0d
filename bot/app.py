"""The Bolt app factory: nothing is read from the environment here."""

from __future__ import annotations

import logging

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.http_retry import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler
from slack_sdk.http_retry.builtin_handlers import ServerErrorRetryHandler

from bot.listeners import register_listeners
from bot.services import Coach

logger = logging.getLogger(__name__)

# Web API calls wait out 429s (Retry-After) and retry 5xx and dropped connections a few
# times with backoff, using slack_sdk's own handlers.
RETRIES = 3


def create_web_client(token: str | None, base_url: str) -> WebClient:
    return WebClient(
        token=token,
        base_url=base_url,
        timeout=10,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=RETRIES),
            RateLimitErrorRetryHandler(max_retry_count=RETRIES),
            ServerErrorRetryHandler(max_retry_count=RETRIES),
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
    app = App(
        signing_secret=settings.slack_signing_secret or "",
        client=create_web_client(settings.slack_bot_token, settings.slack_api_url),
        # Listeners answer in the ack itself and hand slow work to lazy listeners, so the
        # HTTP response need not wait on Bolt's ack-polling loop.
        process_before_response=True,
        request_verification_enabled=not socket_mode,
        logger=bolt_logger,
    )

    register_listeners(app, coach)
    return app
