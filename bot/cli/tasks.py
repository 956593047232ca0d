"""One-off work from the command line: read the guide, migrate, run one scheduler tick.
(The Slack-facing modules are imported where they are used: `serve` must set up shared
metrics before anything imports prometheus_client.)"""

from __future__ import annotations

import shutil

from bot.config import Settings
from bot.dependencies import build_dependencies
from content import default_guide, resolve
from content.terminal import render_help, render_topic
from storage import migrate
from storage.deliveries import DIGEST, NUDGE, REMINDER
from storage.engine import is_sqlite, make_engine


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


def prepare_database(settings: Settings) -> None:
    """An embedded SQLite database is migrated on start; a shared server is left to operators."""
    if not is_sqlite(settings.database_url):
        return
    engine = make_engine(settings.database_url)
    try:
        migrate.upgrade(engine)
    finally:
        engine.dispose()


def nudge(settings: Settings, *, force: bool) -> int:
    """One tick from the command line: what is due (everything this week with --now)."""
    kinds = frozenset({NUDGE}) if force else frozenset({NUDGE, REMINDER})
    return _tick(settings, "nudges", kinds, force)


def digest(settings: Settings, *, force: bool) -> int:
    return _tick(settings, "digests", frozenset({DIGEST}), force)


def _tick(settings: Settings, label: str, kinds: frozenset[str], force: bool) -> int:
    from bot.scheduler import build_dispatcher

    prepare_database(settings)
    deps = build_dependencies(settings)
    report = build_dispatcher(deps).tick(kinds=kinds, force=force)
    print(f"{label}: {report.summary()}")
    deps.engine.dispose()
    return 1 if report.stopped else 0
