"""Serve either the bot or a bare Bolt app on the same gunicorn set-up, for the benchmark.

python -m tests.bench.serve bot|bare PORT  (settings from the environment)
"""

from __future__ import annotations

import os
import sys

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.config import Settings
from bot.serving.gunicorn import WsgiServer, gunicorn_options, load_bot_app
from bot.slack_clients import create_web_client
from storage import migrate
from storage.engine import make_engine


def load_bare_app(settings: Settings):
    """The fastest a Bolt app can answer a command: ack "ok", nothing else."""
    os.environ.pop("SLACK_BOT_TOKEN", None)  # the client carries it; Bolt would warn
    app = App(
        signing_secret=settings.slack_signing_secret,
        client=create_web_client(settings.slack_bot_token, settings.slack_api_url),
        process_before_response=True,
    )
    app.command("/techlead")(lambda ack: ack("ok"))
    return SlackRequestHandler(app)


def main() -> None:
    which, port = sys.argv[1], int(sys.argv[2])
    settings = Settings.from_env()
    if which == "bot":
        # The bot's scheduler ticks in the worker: its database must be migrated, as
        # `techlead-coach serve` would have it (else a traceback every tick).
        engine = make_engine(settings.database_url)
        migrate.upgrade(engine)
        engine.dispose()
    load = load_bot_app if which == "bot" else load_bare_app
    options = gunicorn_options("127.0.0.1", port, loglevel="warning")
    WsgiServer(lambda: load(settings), options).run()


if __name__ == "__main__":
    main()
