"""GET /healthz: 200 with the database reachable, 503 without."""

from __future__ import annotations

from bot.app import create_app
from bot.config import Settings
from bot.dependencies import build_dependencies
from bot.serving.wsgi import create_wsgi_app
from tests.conftest import BOT_TOKEN, SIGNING_SECRET
from tests.fakes.live_server import LiveServer
from tests.fakes.slack_client import http


def test_healthz_is_ok_when_the_database_answers(live_bot):
    reply = http("GET", live_bot.url + "/healthz")
    assert (reply.status, reply.json) == (200, {"status": "ok", "database": "ok"})


def test_healthz_is_503_when_the_database_is_unreachable(tmp_path, slack_api):
    settings = Settings(slack_bot_token=BOT_TOKEN, slack_signing_secret=SIGNING_SECRET,
                        database_url=f"sqlite:///{tmp_path}/missing/dir/coach.db",
                        slack_api_url=slack_api.url)
    deps = build_dependencies(settings)
    with LiveServer(create_wsgi_app(create_app(deps), deps)) as server:
        reply = http("GET", server.url + "/healthz")
    assert (reply.status, reply.json["database"]) == (503, "unreachable")


def test_unknown_paths_are_404(live_bot):
    assert http("GET", live_bot.url + "/nope").status == 404


def test_healthz_is_503_when_the_database_refuses_writes(tmp_path, slack_api):
    from storage import migrate

    path = tmp_path / "coach.db"
    writable = build_dependencies(Settings(database_url=f"sqlite:///{path}"))
    migrate.upgrade(writable.engine)
    writable.engine.dispose()
    settings = Settings(slack_bot_token=BOT_TOKEN, slack_signing_secret=SIGNING_SECRET,
                        database_url=f"sqlite:///file:{path}?mode=ro&uri=true",
                        slack_api_url=slack_api.url)
    deps = build_dependencies(settings)
    with LiveServer(create_wsgi_app(create_app(deps), deps)) as server:
        reply = http("GET", server.url + "/healthz")
    deps.engine.dispose()
    assert (reply.status, reply.json) == (503, {"status": "unavailable",
                                                "database": "read-only"})
