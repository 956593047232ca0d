"""The playground: the real bot (same app, listeners, database and scheduler code) against
the built-in Slack stand-in, and a page at / that shows what each person would see.
A local tool for one person at a time: it binds to loopback unless told otherwise."""

from __future__ import annotations

import json
import logging
import mimetypes
import secrets
import tempfile
import threading
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from bot.app import create_app
from bot.clock import SettableClock
from bot.config import Settings
from bot.delivery.dispatcher import Dispatcher
from bot.dependencies import build_dependencies
from bot.playground import api, demo, jumps
from bot.playground.standin import SlackApiStandIn
from bot.playground.world import World
from bot.scheduler import JOB_SOURCES, start_scheduler
from bot.serving.wsgi import create_wsgi_app
from bot.slack_clients import create_web_client
from storage import migrate

STATIC = Path(__file__).resolve().parent / "static"
TICK_SECONDS = 5


class LockedDispatcher(Dispatcher):
    """The scheduler's tick under the playground's lock: the background scheduler and a
    clock jump (which holds the lock while it moves the clock and ticks) never interleave,
    so a jump sees, and reports, everything sent on its way."""

    def __init__(self, lock: threading.RLock, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lock = lock

    def tick(self, **kwargs):
        with self.lock:
            return super().tick(**kwargs)


class Playground:
    """Everything the playground runs, started and stopped together."""

    def __init__(self, settings: Settings, *, demo_history: bool,
                 start: datetime | None = None):
        now = (start or datetime.now(UTC)).replace(second=0, microsecond=0)
        self.clock = SettableClock(now)
        self.standin = SlackApiStandIn()
        self.world = World(demo.PEOPLE, self.clock, self.standin.state.uploads)
        self.standin.state.observer = self.world.observe
        self.secret = secrets.token_hex(16)
        self._tmp = tempfile.TemporaryDirectory(prefix="techlead-playground-")
        self.settings = replace(
            settings, slack_bot_token="xoxb-playground", slack_signing_secret=self.secret,
            slack_app_token=None, slack_client_id=None, slack_client_secret=None,
            slack_state_secret=None, database_url=f"sqlite:///{self._tmp.name}/playground.db",
            messages_per_minute=6000, slack_retry_backoff=0.0)
        self.demo_history = demo_history
        self.me = demo.PEOPLE[1].id
        self.lock = threading.RLock()

    def start(self) -> Playground:
        self.standin.__enter__()
        self.settings = replace(self.settings, slack_api_url=self.standin.url)
        self.deps = replace(build_dependencies(self.settings), clock=self.clock)
        migrate.upgrade(self.deps.engine)
        demo.seed(self.deps, self.clock(), history=self.demo_history)
        self.bot = create_wsgi_app(create_app(self.deps), self.deps)
        client = create_web_client("xoxb-playground", self.standin.url, 0.0)
        self.dispatcher = LockedDispatcher(self.lock, self.deps, lambda _team_id: client,
                                           JOB_SOURCES)
        jumps.settle(self.dispatcher)  # what is due now is there when the page first loads
        self.scheduler = start_scheduler(self.dispatcher, TICK_SECONDS)
        return self

    def close(self) -> None:
        self.scheduler.shutdown(wait=False)
        self.standin.__exit__(None, None, None)
        self.deps.engine.dispose()
        self._tmp.cleanup()

    # -- WSGI ------------------------------------------------------------------------------
    def __call__(self, environ: dict, start_response):
        path, method = environ.get("PATH_INFO", "/"), environ.get("REQUEST_METHOD", "GET")
        if path in ("/slack/events", "/healthz"):
            return self.bot(environ, start_response)
        if path == "/" or path.startswith("/static/"):
            return self._static(path, start_response)
        if path.startswith("/files/"):
            return self._file(path[len("/files/"):], start_response)
        if path.startswith("/api/"):
            return self._api(method, path[len("/api/"):], environ, start_response)
        return _send(start_response, 404, {"error": "not found"})

    def _static(self, path: str, start_response):
        name = "index.html" if path == "/" else path[len("/static/"):]
        file = (STATIC / name).resolve()
        if STATIC not in file.parents or not file.is_file():
            return _send(start_response, 404, {"error": "not found"})
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        data = file.read_bytes()
        start_response("200 OK", [("Content-Type", kind), ("Content-Length", str(len(data))),
                                  ("Cache-Control", "no-cache")])
        return [data]

    def _file(self, file_id: str, start_response):
        info = self.world.files.get(file_id)
        data = self.standin.state.uploads.get(file_id)
        if info is None or data is None:
            return _send(start_response, 404, {"error": "no such file"})
        headers = [("Content-Type", info.get("mimetype", "application/octet-stream")),
                   ("Content-Length", str(len(data)))]
        if not info.get("mimetype", "").startswith("image/"):
            headers.append(("Content-Disposition", f'attachment; filename="{info["name"]}"'))
        start_response("200 OK", headers)
        return [data]

    def _api(self, method: str, name: str, environ: dict, start_response):
        try:
            size = int(environ.get("CONTENT_LENGTH") or 0)
            body = json.loads(environ["wsgi.input"].read(size) or b"{}") if size else {}
            if environ.get("QUERY_STRING", "").startswith("view=dm"):
                body["dm_open"] = True
            with self.lock:
                status, payload = api.handle(self, method, name, body)
        except (ValueError, KeyError, TypeError) as err:
            status, payload = 400, {"error": f"bad request: {err}"}
        return _send(start_response, status, payload)


def _send(start_response, status: int, payload: dict):
    data = json.dumps(payload).encode()
    reason = {200: "OK", 400: "Bad Request", 404: "Not Found"}.get(status, "Error")
    start_response(f"{status} {reason}", [("Content-Type", "application/json"),
                                           ("Content-Length", str(len(data)))])
    return [data]


class AddressInUse(Exception):
    """The playground's port is taken (by another playground, often)."""


def serve(settings: Settings, host: str, port: int, *, demo_history: bool) -> None:
    """Run the playground until interrupted (a threaded loopback server: one person's tool).
    The port is bound before anything starts, so a busy one is reported at once."""
    from socketserver import ThreadingMixIn
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

    class Server(ThreadingMixIn, WSGIServer):
        daemon_threads = True

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args) -> None:
            pass

    # The playground ticks every few seconds; its schedulers' chatter would drown the address.
    for noisy in ("alembic", "apscheduler"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    try:
        httpd = make_server(host, port, None, Server, Quiet)
    except OSError as err:
        raise AddressInUse(f"cannot listen on {host}:{port}: {err.strerror}") from err
    playground = Playground(settings, demo_history=demo_history).start()
    httpd.set_app(playground)
    print(f"TechLead Coach playground: http://{host}:{httpd.server_port}/", flush=True)
    print("  (a local stand-in for Slack; nothing leaves this machine. To connect a real "
          "workspace, set SLACK_BOT_TOKEN and SLACK_APP_TOKEN, or SLACK_SIGNING_SECRET, "
          "as in README.md.)", flush=True)
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        httpd.server_close()
        playground.close()
