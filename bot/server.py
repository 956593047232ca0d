"""HTTP mode on gunicorn, a production WSGI server (Bolt's own server is for development)."""

from __future__ import annotations

from gunicorn.app.base import BaseApplication

from bot.config import Settings
from bot.runtime import build_coach
from bot.web import create_wsgi_app


class CoachServer(BaseApplication):
    """Gunicorn embedded: each worker builds its own app after the fork."""

    def __init__(self, settings: Settings, options: dict):
        self.settings = settings
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        # Imported here so the Bolt app (and its auth.test) is built in the worker.
        from bot.app import create_app

        coach = build_coach(self.settings)
        return create_wsgi_app(create_app(coach), coach.engine)


def serve(settings: Settings, host: str, port: int, workers: int = 1, threads: int = 4) -> None:
    CoachServer(
        settings,
        {
            "bind": f"{host}:{port}",
            "workers": workers,
            "threads": threads,
            "worker_class": "gthread" if threads > 1 else "sync",
            "loglevel": settings.log_level.lower(),
            # Slack gives up after 3 s; a worker stuck far longer than that is broken.
            "timeout": 30,
            "graceful_timeout": 10,
        },
    ).run()
