"""The Bolt app factory: nothing is read from the environment here."""

from __future__ import annotations

import logging

from slack_bolt import App

from bot.dependencies import Dependencies
from bot.listeners import register_listeners
from bot.oauth import oauth_settings
from bot.serving.replays import install_replay_guard
from bot.slack_clients import create_web_client

logger = logging.getLogger(__name__)

class _SameTokenWarningFilter(logging.Filter):
    """Bolt warns that `token` is unused whenever SLACK_BOT_TOKEN is set and a client is
    given; our client carries that very token, so the warning would only mislead operators."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "`token` will be unused" not in record.getMessage()


_SAME_TOKEN_FILTER = _SameTokenWarningFilter()


def create_app(deps: Dependencies, *, socket_mode: bool = False) -> App:
    """A Bolt app wired to `deps`; `socket_mode` skips HTTP signature checks (none to check)."""
    settings = deps.settings
    bolt_logger = logging.getLogger("bot.bolt")
    bolt_logger.addFilter(_SAME_TOKEN_FILTER)  # the same instance: added once
    multi = settings.multi_workspace and not socket_mode
    app = App(
        signing_secret=settings.slack_signing_secret or "",
        # With OAuth, each request's token comes from its workspace's installation.
        client=create_web_client(None if multi else settings.slack_bot_token,
                                 settings.slack_api_url, settings.slack_retry_backoff),
        oauth_settings=oauth_settings(settings, deps.engine) if multi else None,
        # Listeners answer in the ack itself and hand slow work to deps.background, so the
        # HTTP response need not wait on Bolt's ack-polling loop.
        process_before_response=True,
        request_verification_enabled=not socket_mode,
        logger=bolt_logger,
    )

    if multi:
        # app_uninstalled / tokens_revoked delete the stored tokens; without a token the
        # scheduler has no client for that workspace, so its nudges and digests stop.
        app.enable_token_revocation_listeners()
    install_replay_guard(app, deps)
    register_listeners(app, deps)
    return app
