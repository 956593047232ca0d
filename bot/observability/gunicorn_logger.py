"""Gunicorn's logger class, sending its records through the root handler.

Gunicorn's own Logger gives "gunicorn.error" and "gunicorn.access" handlers of their own
and stops them propagating, so they would skip the JSON format and the secret redaction.
Use it with the gunicorn setting logger_class="bot.observability.gunicorn_logger.GunicornLogger".
"""

from __future__ import annotations

from gunicorn.glogging import Logger


class GunicornLogger(Logger):
    def setup(self, cfg) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in [h for h in log.handlers if getattr(h, "_gunicorn", False)]:
                log.removeHandler(handler)
            log.propagate = True
