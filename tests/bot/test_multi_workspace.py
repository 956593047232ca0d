"""A distributable app: two workspaces install through Bolt's OAuth flow, each sees only
its own data and is sent to with its own token; uninstalling stops its nudges."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlparse

import pytest

from bot.app import create_app
from bot.config import Settings
from bot.scheduler import build_dispatcher
from bot.serving.wsgi import create_wsgi_app
from bot.slack_clients import clients_for
from storage.people import find_person
from tests.conftest import SIGNING_SECRET
from tests.fakes import payloads
from tests.fakes.helpers import ask, shown
from tests.fakes.live_server import LiveServer
from tests.fakes.slack_client import SlackClient, http

TOKENS = {"T1": "xoxb-workspace-one", "T2": "xoxb-workspace-two"}


@pytest.fixture
def oauth_settings(settings):
    """The bot as a distributable app: client id, secret and state secret, no bot token."""
    return replace(settings, slack_bot_token=None, slack_client_id="111.222",
                   slack_client_secret="client-secret", slack_state_secret="state-secret")


@pytest.fixture
def oauth_bot(oauth_settings, deps, slack_api):
    """The live bot in OAuth mode, and a Slack client for it."""
    deps = replace(deps, settings=oauth_settings)
    with LiveServer(create_wsgi_app(create_app(deps), deps)) as server:
        yield server, deps, SlackClient(server.url, SIGNING_SECRET,
                                         response_url=slack_api.response_url())


def install(server, slack_api, team_id: str, enterprise_id: str | None = None) -> str:
    """Run the OAuth flow for `team_id` the way a browser and Slack would; the final page."""
    page = http("GET", server.url + "/slack/install")
    assert page.status == 200
    cookie = page.header("Set-Cookie").split(";")[0]
    link = re.search(r'href="(https://slack.com/oauth[^"]+)"', page.body.decode())[1]
    link = link.replace("&amp;", "&")
    query = parse_qs(urlparse(link).query)
    assert query["client_id"] == ["111.222"] and "commands" in query["scope"][0]
    grid = enterprise_id is not None
    slack_api.respond_with("oauth.v2.access", {
        "ok": True, "app_id": "A111", "authed_user": {"id": f"U_{team_id}_ADMIN"},
        "scope": "commands,chat:write,im:write,users:read,files:write", "token_type": "bot",
        "access_token": TOKENS[team_id], "bot_user_id": f"UBOT{team_id}",
        "team": None if grid else {"id": team_id, "name": f"Team {team_id}"},
        "enterprise": {"id": enterprise_id, "name": "Org"} if grid else None,
        "is_enterprise_install": grid})
    done = http("GET", f"{server.url}/slack/oauth_redirect?code=c-{team_id}"
                       f"&state={query['state'][0]}", headers={"Cookie": cookie})
    return done.body.decode()


def test_two_workspaces_install_and_are_each_sent_to_with_their_own_token(
        oauth_bot, slack_api, oauth_settings, clock):
    server, deps, slack = oauth_bot
    for team in ("T1", "T2"):
        assert "Thank you!" in install(server, slack_api, team)
    clock.set(datetime(2026, 11, 29, 12, 0, tzinfo=UTC))
    assert "subscribed" in shown(ask(slack, slack_api, "subscribe", team_id="T1",
                                     user_id="U_A"))
    ask(slack, slack_api, "subscribe", team_id="T2", user_id="U_B")
    with deps.sessions.begin() as session:
        assert find_person(session, "T1", "U_B") is None
        assert find_person(session, "T2", "U_A") is None
    # The answers themselves went out with each workspace's own token.
    infos = slack_api.calls("users.info")
    assert {c.headers["Authorization"] for c in infos} == {f"Bearer {t}" for t in
                                                           TOKENS.values()}
    clock.set(datetime(2026, 11, 30, 10, 0, tzinfo=UTC))
    dispatcher = build_dispatcher(deps, clients_for(oauth_settings, deps.engine))
    assert dispatcher.tick().counts["sent"] == 2
    sent = {c.body["channel"]: c.headers["Authorization"] for c in slack_api.delivered()}
    assert sent == {"U_A": f"Bearer {TOKENS['T1']}", "U_B": f"Bearer {TOKENS['T2']}"}


def test_uninstalling_deletes_the_tokens_and_stops_that_workspaces_nudges(
        oauth_bot, slack_api, oauth_settings, clock):
    server, deps, slack = oauth_bot
    install(server, slack_api, "T1")
    install(server, slack_api, "T2")
    clock.set(datetime(2026, 11, 29, 12, 0, tzinfo=UTC))
    ask(slack, slack_api, "subscribe", team_id="T1", user_id="U_A")
    ask(slack, slack_api, "subscribe", team_id="T2", user_id="U_B")
    event = payloads.event({"type": "app_uninstalled"}, team_id="T2", event_id="Ev9")
    assert slack.post(event, content_type="application/json").status == 200
    clients = clients_for(oauth_settings, deps.engine)
    assert clients("T2") is None and clients("T1") is not None
    clock.set(datetime(2026, 11, 30, 10, 0, tzinfo=UTC))
    build_dispatcher(deps, clients).tick()
    assert [c.body["channel"] for c in slack_api.delivered()] == ["U_A"]


def test_a_forged_oauth_state_installs_nothing(oauth_bot, slack_api, oauth_settings):
    server, deps, _ = oauth_bot
    page = http("GET", server.url + "/slack/install")
    cookie = page.header("Set-Cookie").split(";")[0]
    state = cookie.split("=", 1)[1]
    forged = state.rsplit(".", 1)[0] + ".0000"
    done = http("GET", f"{server.url}/slack/oauth_redirect?code=c&state={forged}",
                headers={"Cookie": cookie.replace(state, forged)})
    assert done.status >= 400
    assert slack_api.calls("oauth.v2.access") == []
    assert clients_for(oauth_settings, deps.engine)("T1") is None


def test_a_workspace_that_never_installed_is_refused(oauth_bot, slack_api):
    _, _, slack = oauth_bot
    reply = slack.command("risk", team_id="T_NOBODY")
    assert (reply.status, reply.body) == (200, b"")
    (said,) = slack_api.wait_for("response:r1")
    assert "Identifies risks" not in str(said.body) and said.body["text"]


def test_oauth_needs_all_three_settings():
    from bot.config import ConfigError, Mode

    with pytest.raises(ConfigError) as raised:
        Settings(slack_signing_secret="s", slack_client_id="1").require(Mode.HTTP)
    assert "missing: SLACK_CLIENT_SECRET, SLACK_STATE_SECRET" in str(raised.value)
    ok = Settings(slack_signing_secret="s", slack_client_id="1", slack_client_secret="2",
                  slack_state_secret="3")
    assert ok.require(Mode.HTTP) is ok, "no SLACK_BOT_TOKEN needed with OAuth"


def test_an_organisation_wide_grid_install_nudges_its_workspaces(
        oauth_bot, slack_api, oauth_settings, clock, monkeypatch):
    server, deps, slack = oauth_bot
    monkeypatch.setitem(TOKENS, "T_ORG", "xoxb-org-wide")
    assert "Thank you!" in install(server, slack_api, "T_ORG", enterprise_id="E1")
    clock.set(datetime(2026, 11, 29, 12, 0, tzinfo=UTC))
    reply = ask(slack, slack_api, "subscribe", team_id="T9", user_id="U_G",
                enterprise_id="E1")
    assert "subscribed" in shown(reply)
    clock.set(datetime(2026, 11, 30, 10, 0, tzinfo=UTC))
    build_dispatcher(deps, clients_for(oauth_settings, deps.engine)).tick()
    (dm,) = slack_api.delivered()
    assert (dm.body["channel"], dm.headers["Authorization"]) == ("U_G", "Bearer xoxb-org-wide")


def test_requests_do_not_each_wait_on_auth_test(oauth_bot, slack_api):
    server, _deps, slack = oauth_bot
    install(server, slack_api, "T1")
    before = len(slack_api.calls("auth.test"))
    for _ in range(3):
        assert slack.command("risk", team_id="T1").status == 200
    assert len(slack_api.calls("auth.test")) - before <= 1
