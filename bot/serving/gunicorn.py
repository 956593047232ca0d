"""HTTP mode on gunicorn, a production WSGI server (Bolt's own server is for development)."""

from __future__ import annotations

from collections.abc import Callable

from gunicorn.app.base import BaseApplication

from bot.config import Settings
from bot.observability import metrics_server


class WsgiServer(BaseApplication):
    """Gunicorn embedded; `load_app` runs in each worker, after the fork."""

    def __init__(self, load_app: Callable[[], Callable], options: dict):
        self.load_app = load_app
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Callable:
        return self.load_app()


def gunicorn_options(host: str, port: int, *, workers: int = 1, threads: int = 4,
                     loglevel: str = "info") -> dict:
    return {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread" if threads > 1 else "sync",
        "loglevel": loglevel,
        # Slack gives up after 3 s; a worker stuck far longer than that is broken.
        "timeout": 30,
        "graceful_timeout": 10,
        # Gunicorn's own log records go through our handler: JSON when asked, redacted.
        "logger_class": "bot.observability.gunicorn_logger.GunicornLogger",
    }


def load_bot_app(settings: Settings, scheduler: bool = True) -> Callable:
    """Build the bot's WSGI app (the Bolt app's auth.test runs here, in the worker)."""
    from bot.app import create_app
    from bot.dependencies import build_dependencies
    from bot.scheduler import start_background
    from bot.serving.wsgi import create_wsgi_app

    deps = build_dependencies(settings)
    app = create_app(deps)
    if scheduler:
        start_background(deps)
    return create_wsgi_app(app, deps)


def serve(settings: Settings, host: str, port: int, workers: int = 1, threads: int = 4,
          scheduler: bool = True) -> None:
    """Serve until stopped. The workers count into shared files (prometheus-client's
    multiprocess mode), and the master serves /metrics on its own port, summed."""
    metrics_server.use_multiprocess()
    options = gunicorn_options(host, port, workers=workers, threads=threads,
                               loglevel=settings.log_level.lower())
    options["when_ready"] = lambda _arbiter: metrics_server.start_metrics_server(settings)
    options["child_exit"] = lambda _arbiter, worker: metrics_server.worker_exited(worker.pid)
    WsgiServer(lambda: load_bot_app(settings, scheduler), options).run()
