"""The bot's long-running modes: HTTP on gunicorn, Socket Mode, the scheduler alone, and
the playground. Each runs until it is stopped. (Slack-facing modules are imported inside
each mode: `serve` must set up shared metrics before prometheus_client is imported.)"""

from __future__ import annotations

import signal
import sys
import threading

from bot.cli.tasks import prepare_database
from bot.config import Settings
from bot.dependencies import build_dependencies


def serve(settings: Settings, host: str, port: int, workers: int, *,
          scheduler: bool = True) -> int:
    from bot.serving.gunicorn import serve as serve_http

    prepare_database(settings)
    note = "" if scheduler else " (no scheduler: run `techlead-coach worker` for nudges)"
    print(f"TechLead Coach serving Slack at http://{host}:{port}/slack/events{note}",
          flush=True)
    serve_http(settings, host, port, workers=workers, scheduler=scheduler)
    return 0


def worker(settings: Settings) -> int:
    """The scheduler alone, in the foreground, until interrupted."""
    from bot.observability.metrics_server import start_metrics_server
    from bot.scheduler import start_background

    prepare_database(settings)
    start_metrics_server(settings)
    deps = build_dependencies(settings)
    scheduler = start_background(deps)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    print("TechLead Coach worker: sending nudges, reminders and digests; Ctrl-C to stop.",
          flush=True)
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    scheduler.shutdown(wait=True)
    deps.engine.dispose()
    return 0


def socket(settings: Settings) -> int:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from bot.app import create_app
    from bot.observability.metrics_server import start_metrics_server
    from bot.scheduler import start_background

    prepare_database(settings)
    start_metrics_server(settings)
    deps = build_dependencies(settings)
    app = create_app(deps, socket_mode=True)
    start_background(deps)
    print("TechLead Coach connected in Socket Mode; Ctrl-C to stop.", flush=True)
    SocketModeHandler(app, settings.slack_app_token).start()
    return 0


def playground(settings: Settings, host: str, port: int, *, demo_history: bool,
               instead_of_run: bool) -> int:
    from bot.playground import server

    if instead_of_run:
        print("No Slack credentials are set, so here is the playground: the real bot "
              "against a local stand-in for Slack.", flush=True)
    try:
        server.serve(settings, host, port, demo_history=demo_history)
    except server.AddressInUse as err:
        print(f"techlead-coach playground: {err}; is another one running? Try --port "
              f"{port + 1}.", file=sys.stderr)
        return 1
    return 0
