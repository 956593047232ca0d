"""What each techlead-coach sub-command does, once its arguments are parsed."""

from __future__ import annotations

import shutil

from bot.config import Settings
from bot.digests import DIGEST
from bot.nudges import NUDGE, REMINDER
from bot.runtime import build_coach, clients_for, prepare_database, start_background
from bot.scheduler import Dispatcher
from content import default_guide, resolve
from content.terminal import render_help, render_topic
from storage import migrate
from storage.engine import make_engine


def show(text: str) -> int:
    guide = default_guide()
    width = min(shutil.get_terminal_size((100, 24)).columns, 120)
    if not text.strip():
        print(render_help(guide))
        return 0
    resolution = resolve(guide, text)
    if resolution.topic is not None:
        print(render_topic(resolution.topic, width=width))
        return 0
    shown = " ".join(text.split())[:60]
    print(f"Unknown topic: {shown!r}.")
    if resolution.suggestions:
        names = " or ".join(t.slug for t in resolution.suggestions)
        print(f"Did you mean {names}? Try: techlead-coach show {resolution.suggestions[0].slug}")
    print("Topics: " + ", ".join(t.slug for t in guide.topics))
    return 1


def db(settings: Settings, action: str, revision: str | None) -> int:
    engine = make_engine(settings.database_url)
    try:
        if action == "upgrade":
            migrate.upgrade(engine, revision or "head")
        elif action == "downgrade":
            migrate.downgrade(engine, revision or "base")
        print(f"database at revision {migrate.current_revision(engine) or 'base (empty)'}")
    finally:
        engine.dispose()
    return 0


def serve(settings: Settings, host: str, port: int, workers: int, *,
          scheduler: bool = True) -> int:
    from bot.server import serve as serve_http

    prepare_database(settings)
    note = "" if scheduler else " (no scheduler: run `techlead-coach worker` for nudges)"
    print(f"TechLead Coach serving Slack at http://{host}:{port}/slack/events{note}",
          flush=True)
    serve_http(settings, host, port, workers=workers, scheduler=scheduler)
    return 0


def worker(settings: Settings) -> int:
    """The scheduler alone, in the foreground, until interrupted."""
    import signal
    import threading

    prepare_database(settings)
    coach = build_coach(settings)
    scheduler = start_background(coach)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    print("TechLead Coach worker: sending nudges, reminders and digests; Ctrl-C to stop.",
          flush=True)
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    scheduler.shutdown(wait=True)
    coach.engine.dispose()
    return 0


def socket(settings: Settings) -> int:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from bot.app import create_app

    prepare_database(settings)
    coach = build_coach(settings)
    app = create_app(coach, socket_mode=True)
    start_background(coach)
    print("TechLead Coach connected in Socket Mode; Ctrl-C to stop.", flush=True)
    SocketModeHandler(app, settings.slack_app_token).start()
    return 0


def nudge(settings: Settings, *, force: bool) -> int:
    """One tick from the command line: what is due (everything this week with --now)."""
    kinds = frozenset({NUDGE}) if force else frozenset({NUDGE, REMINDER})
    return _tick(settings, "nudges", kinds, force)


def digest(settings: Settings, *, force: bool) -> int:
    return _tick(settings, "digests", frozenset({DIGEST}), force)


def _tick(settings: Settings, label: str, kinds: frozenset[str], force: bool) -> int:
    prepare_database(settings)
    coach = build_coach(settings)
    report = Dispatcher(coach, clients_for(settings, coach.engine)).tick(kinds=kinds,
                                                                        force=force)
    print(f"{label}: {report.summary()}")
    coach.engine.dispose()
    return 1 if report.stopped else 0
