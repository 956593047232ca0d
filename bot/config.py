"""Settings read from the environment, validated all at once."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum

from bot.coaching.calendar import is_known_zone

DEFAULT_DATABASE_URL = "sqlite:///techlead-coach.db"
DEFAULT_SLACK_API_URL = "https://slack.com/api/"
DEFAULT_AWAY_EMOJI = (":palm_tree:", ":desert_island:", ":beach_with_umbrella:", ":airplane:",
                      ":face_with_thermometer:", ":thermometer:")
DEFAULT_AWAY_WORDS = ("vacation", "holiday", "out of office", "ooo", "sick", "on leave", "pto")
MANIFEST_HINT = (
    "Create the Slack app from deploy/slack-manifest.yml (https://api.slack.com/apps -> "
    "Create New App -> From an app manifest), install it to your workspace, then copy:"
)
WHERE_TO_FIND = {
    "SLACK_BOT_TOKEN": "OAuth & Permissions -> Bot User OAuth Token (starts with xoxb-)",
    "SLACK_SIGNING_SECRET": "Basic Information -> App Credentials -> Signing Secret",
    "SLACK_APP_TOKEN": (
        "Basic Information -> App-Level Tokens -> Generate, with scope connections:write "
        "(starts with xapp-)"
    ),
}


class Mode(Enum):
    """How the bot talks to Slack."""

    HTTP = "http"
    SOCKET = "socket"
    API = "api"  # one-off Web API work from the command line: nudge, digest
    OFFLINE = "offline"  # commands that never reach Slack: show, db upgrade


class ConfigError(ValueError):
    """Every problem with the environment, listed together."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Settings:
    """Everything the bot reads from its environment."""

    slack_bot_token: str | None = None
    slack_signing_secret: str | None = None
    slack_app_token: str | None = None
    database_url: str = DEFAULT_DATABASE_URL
    slack_api_url: str = DEFAULT_SLACK_API_URL
    log_level: str = "INFO"
    log_format: str = "text"  # or "json"
    default_timezone: str = "UTC"
    messages_per_minute: int = 300
    send_workers: int = 4
    scheduler_interval_seconds: int = 60
    slack_retry_backoff: float = 0.5
    # Slack statuses that mean away (comma-separated in the environment): a nudge due
    # while away waits until the person is back, within the week.
    away_status_emoji: tuple[str, ...] = DEFAULT_AWAY_EMOJI
    away_status_words: tuple[str, ...] = DEFAULT_AWAY_WORDS
    # /metrics on a port of its own (0: off), never on the port that faces Slack.
    metrics_host: str = "127.0.0.1"
    metrics_port: int = 9108
    # No team figure (average, distribution, trend, chart) is built from fewer answers
    # than this; 1 turns the floor off.
    privacy_min_answers: int = 3
    # A delivery "sending" this long was cut short by a crash: it is looked up in the DM's
    # history, and recorded as sent or sent again.
    delivery_lease_seconds: int = 600
    # A distributable app (OAuth, many workspaces) when all three are set.
    slack_client_id: str | None = None
    slack_client_secret: str | None = None
    slack_state_secret: str | None = None

    @property
    def has_slack_credentials(self) -> bool:
        """Whether anything would connect the bot to a real workspace."""
        return any((self.slack_bot_token, self.slack_app_token, self.slack_signing_secret,
                    self.slack_client_id, self.slack_client_secret, self.slack_state_secret))

    @property
    def multi_workspace(self) -> bool:
        return bool(self.slack_client_id and self.slack_client_secret
                    and self.slack_state_secret)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read settings; blank values count as unset."""
        env = os.environ if environ is None else environ

        def get(name: str) -> str | None:
            value = env.get(name, "").strip()
            return value or None

        return cls(
            slack_bot_token=get("SLACK_BOT_TOKEN"),
            slack_signing_secret=get("SLACK_SIGNING_SECRET"),
            slack_app_token=get("SLACK_APP_TOKEN"),
            database_url=get("DATABASE_URL") or DEFAULT_DATABASE_URL,
            slack_api_url=get("SLACK_API_URL") or DEFAULT_SLACK_API_URL,
            log_level=(get("LOG_LEVEL") or "INFO").upper(),
            log_format=(get("LOG_FORMAT") or "text").lower(),
            default_timezone=get("DEFAULT_TIMEZONE") or "UTC",
            messages_per_minute=_int(get("SLACK_MESSAGES_PER_MINUTE"), 300),
            send_workers=_int(get("NUDGE_WORKERS"), 4),
            scheduler_interval_seconds=_int(get("SCHEDULER_INTERVAL_SECONDS"), 60),
            slack_retry_backoff=_float(get("SLACK_RETRY_BACKOFF_SECONDS"), 0.5),
            away_status_emoji=_list(get("AWAY_STATUS_EMOJI")) or DEFAULT_AWAY_EMOJI,
            away_status_words=_list(get("AWAY_STATUS_WORDS")) or DEFAULT_AWAY_WORDS,
            metrics_host=get("METRICS_HOST") or "127.0.0.1",
            metrics_port=_int(get("METRICS_PORT"), 9108, allow_zero=True),
            privacy_min_answers=_int(get("PRIVACY_MIN_ANSWERS"), 3),
            delivery_lease_seconds=_int(get("DELIVERY_LEASE_SECONDS"), 600),
            slack_client_id=get("SLACK_CLIENT_ID"),
            slack_client_secret=get("SLACK_CLIENT_SECRET"),
            slack_state_secret=get("SLACK_STATE_SECRET"),
        )

    def preferred_mode(self) -> Mode:
        """Socket Mode when an app-level token is set, HTTP when a signing secret is.

        With neither, Socket Mode's needs are reported: the manifest sets the app up for it.
        """
        if self.slack_app_token or not self.slack_signing_secret:
            return Mode.SOCKET
        return Mode.HTTP

    def require(self, mode: Mode) -> Settings:
        """Raise ConfigError naming every variable `mode` needs but lacks."""
        problems: list[str] = []
        needed = {
            Mode.HTTP: ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"],
            Mode.SOCKET: ["SLACK_BOT_TOKEN", "SLACK_APP_TOKEN"],
            Mode.API: ["SLACK_BOT_TOKEN"],
            Mode.OFFLINE: [],
        }[mode]
        values = {
            "SLACK_BOT_TOKEN": self.slack_bot_token,
            "SLACK_SIGNING_SECRET": self.slack_signing_secret,
            "SLACK_APP_TOKEN": self.slack_app_token,
        }
        if self.multi_workspace:
            # Tokens come from each workspace's installation, not the environment.
            needed = [n for n in needed if n != "SLACK_BOT_TOKEN"]
        missing = [name for name in needed if not values[name]]
        if missing:
            problems.append(MANIFEST_HINT)
            problems += [f"  {name} is not set: {WHERE_TO_FIND[name]}" for name in missing]
            if mode is Mode.SOCKET and "SLACK_APP_TOKEN" in missing:
                problems.append(
                    "  (or, for HTTP mode instead of Socket Mode, set SLACK_SIGNING_SECRET and "
                    "run techlead-coach serve)"
                )
        prefixes = {"SLACK_BOT_TOKEN": "xoxb-", "SLACK_APP_TOKEN": "xapp-"}
        for name, prefix in prefixes.items():
            value = values[name]
            if name in needed and value and not value.startswith(prefix):
                problems.append(f"  {name} should start with {prefix} ({WHERE_TO_FIND[name]})")
        problems += self._tuning_problems()
        if not self.slack_api_url.startswith(("http://", "https://")):
            problems.append(f"  SLACK_API_URL must be an http(s) URL, got {self.slack_api_url!r}")
        if problems:
            raise ConfigError(problems)
        return self

    def _tuning_problems(self) -> list[str]:
        problems = []
        oauth = {"SLACK_CLIENT_ID": self.slack_client_id,
                 "SLACK_CLIENT_SECRET": self.slack_client_secret,
                 "SLACK_STATE_SECRET": self.slack_state_secret}
        if any(oauth.values()) and not all(oauth.values()):
            unset = ", ".join(name for name, value in oauth.items() if not value)
            problems.append(f"  For a multi-workspace install set all of SLACK_CLIENT_ID, "
                            f"SLACK_CLIENT_SECRET and SLACK_STATE_SECRET; missing: {unset}")
        if not is_known_zone(self.default_timezone):
            problems.append(f"  DEFAULT_TIMEZONE {self.default_timezone!r} is not an IANA time "
                            "zone such as Europe/Berlin")
        for name, value in (("SLACK_MESSAGES_PER_MINUTE", self.messages_per_minute),
                            ("NUDGE_WORKERS", self.send_workers),
                            ("SCHEDULER_INTERVAL_SECONDS", self.scheduler_interval_seconds),
                            ("DELIVERY_LEASE_SECONDS", self.delivery_lease_seconds)):
            if value < 1:
                problems.append(f"  {name} must be a whole number above 0")
        if self.privacy_min_answers < 1:
            problems.append("  PRIVACY_MIN_ANSWERS must be a whole number, 1 or more (the "
                            "fewest answers a team figure is built from; 1 turns it off)")
        if not 0 <= self.metrics_port <= 65535:
            problems.append("  METRICS_PORT must be a port number (0 turns /metrics off)")
        if self.log_format not in ("text", "json"):
            problems.append(f"  LOG_FORMAT must be text or json, got {self.log_format!r}")
        return problems


def _list(text: str | None) -> tuple[str, ...]:
    """Comma-separated values, trimmed; empty when unset."""
    return tuple(part.strip() for part in (text or "").split(",") if part.strip())


def _float(text: str | None, default: float) -> float:
    try:
        return default if text is None else max(0.0, float(text))
    except ValueError:
        return default


def _int(text: str | None, default: int, *, allow_zero: bool = False) -> int:
    """A whole number; when it is not one, a value `require` reports as a problem (0, or -1
    for settings where 0 means off)."""
    if text is None:
        return default
    try:
        return int(text)
    except ValueError:
        return -1 if allow_zero else 0
