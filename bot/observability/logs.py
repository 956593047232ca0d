"""Log set-up: text or one JSON object per line, with Slack secrets redacted from every
record that reaches the root handler (the bot's own, Bolt's, and gunicorn's when it uses
bot.observability.gunicorn_logger)."""

from __future__ import annotations

import json
import logging
import os
import re
import sys
from collections.abc import Iterable
from datetime import UTC, datetime

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
SECRET_VARIABLES = ("SLACK_SIGNING_SECRET", "SLACK_CLIENT_SECRET", "SLACK_STATE_SECRET")
# Shorter values would redact ordinary words; real Slack secrets are 32 characters or more.
MIN_SECRET_LENGTH = 8
# xoxe-: token rotation's refresh tokens (its access tokens, xoxe.xoxb-..., match on xoxb-).
_TOKEN = r"(xox[abposre]|xapp)-[A-Za-z0-9-]+"


class RedactingFilter(logging.Filter):
    """Rewrites a record's final message, exception and stack text without Slack tokens
    (xoxb-... -> xoxb-***, xapp-... -> xapp-***) or the secrets' values (-> ***)."""

    def __init__(self, secrets: Iterable[str] | None = None):
        super().__init__()
        if secrets is None:
            secrets = (os.environ.get(name, "").strip() for name in SECRET_VARIABLES)
        values = sorted({s for s in secrets if len(s) >= MIN_SECRET_LENGTH}, key=len,
                        reverse=True)
        self._pattern = re.compile("|".join([_TOKEN, *map(re.escape, values)]))

    def redact(self, text: str) -> str:
        return self._pattern.sub(_replacement, text)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = self.redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


def _replacement(match: re.Match) -> str:
    return f"{match.group(1)}-***" if match.group(1) else "***"


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (ISO-8601, UTC), level, logger, message, and
    exception / stack when present (newlines inside are escaped, so it stays one line)."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC)
            .isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry)


def configure_logging(level: str, fmt: str, *, force: bool = False) -> logging.Handler | None:
    """Log to stderr at `level` in `fmt`: "json", or "text" (anything else is reported by
    Settings.require; it falls back to text here so that report can be read).

    Like logging.basicConfig, does nothing when the root logger already has handlers of
    someone else's (pytest's, for one) unless `force`; a handler from an earlier call is
    replaced, others are left alone."""
    root = logging.getLogger()
    ours = [h for h in root.handlers if getattr(h, "_techlead_coach", False)]
    if not force and len(ours) < len(root.handlers):
        return None
    for old in ours:
        root.removeHandler(old)
        old.close()
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else logging.Formatter(TEXT_FORMAT))
    handler.addFilter(RedactingFilter())
    handler._techlead_coach = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    # At DEBUG, slack_sdk and Bolt log whole request bodies, and digests carry what people
    # wrote: those two never go below INFO, whatever LOG_LEVEL says.
    for chatty in ("slack_sdk", "slack_bolt", "bot.bolt"):
        logging.getLogger(chatty).setLevel(max(logging.INFO, root.level))
    return handler
