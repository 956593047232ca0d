"""Running as a distributable app: Bolt's OAuth flow, installations and OAuth state in the
bot's own database (slack-sdk's SQLAlchemy stores), and a Web API client per workspace for
the scheduler, rotating tokens when Slack issues expiring ones."""

from __future__ import annotations

import hashlib
import hmac
import logging

from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from slack_sdk.oauth.token_rotation import TokenRotator
from sqlalchemy import Engine

from bot.config import Settings
from storage.engine import make_sessionmaker
from storage.people import enterprise_of

logger = logging.getLogger(__name__)

# The same scopes as deploy/slack-manifest.yml (a test holds the two together).
BOT_SCOPES = ["commands", "chat:write", "im:write", "users:read", "files:write",
              "canvases:write", "im:history"]
STATE_TTL_SECONDS = 600


class SignedStateStore(SQLAlchemyOAuthStateStore):
    """OAuth states kept in the database and signed with SLACK_STATE_SECRET, so a forged
    or truncated state is refused before any database lookup."""

    def __init__(self, secret: str, engine: Engine):
        super().__init__(expiration_seconds=STATE_TTL_SECONDS, engine=engine)
        self._secret = secret.encode()

    def _sign(self, state: str) -> str:
        return hmac.new(self._secret, state.encode(), hashlib.sha256).hexdigest()[:32]

    def issue(self, *args, **kwargs) -> str:
        state = super().issue(*args, **kwargs)
        return f"{state}.{self._sign(state)}"

    def consume(self, state: str) -> bool:
        raw, _, signature = state.rpartition(".")
        if not raw or not hmac.compare_digest(signature, self._sign(raw)):
            logger.warning("refused an OAuth state with a bad signature")
            return False
        return super().consume(raw)


def installation_store(settings: Settings, engine: Engine) -> SQLAlchemyInstallationStore:
    return SQLAlchemyInstallationStore(client_id=settings.slack_client_id, engine=engine)


def oauth_settings(settings: Settings, engine: Engine) -> OAuthSettings:
    oauth = OAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret,
        scopes=BOT_SCOPES,
        installation_store=installation_store(settings, engine),
        state_store=SignedStateStore(settings.slack_state_secret, engine),
        install_path="/slack/install",
        redirect_uri_path="/slack/oauth_redirect",
    )
    # Bolt otherwise calls auth.test before every request, acks included: a Slack round
    # trip in front of each 3-second answer. The result is the same for a token's life, and
    # a rotated or revoked token is looked up afresh in the installation store first.
    oauth.authorize.cache_enabled = True
    return oauth


class InstalledClients:
    """The scheduler's Web API client for a workspace, from its stored installation;
    None once the app is uninstalled (its tokens are deleted), which stops its work."""

    def __init__(self, settings: Settings, engine: Engine, make_client):
        self.store = installation_store(settings, engine)
        self.sessions = make_sessionmaker(engine)
        self.make_client = make_client
        self.rotator = TokenRotator(client_id=settings.slack_client_id,
                                    client_secret=settings.slack_client_secret,
                                    client=make_client(None))

    def __call__(self, team_id: str) -> WebClient | None:
        with self.sessions.begin() as session:
            enterprise_id = enterprise_of(session, team_id)
        bot = self.store.find_bot(enterprise_id=enterprise_id, team_id=team_id)
        if bot is None and enterprise_id:  # an organisation-wide install
            bot = self.store.find_bot(enterprise_id=enterprise_id, team_id=None,
                                      is_enterprise_install=True)
        if bot is None or not bot.bot_token:
            return None
        try:
            rotated = self.rotator.perform_bot_token_rotation(bot=bot)
        except SlackApiError as err:
            logger.error("workspace %s: token rotation failed (%s)", team_id,
                         err.response.get("error"))
            return None
        if rotated is not None:
            self.store.save_bot(rotated)
            bot = rotated
        return self.make_client(bot.bot_token)
