"""Socket Mode: the app connects out with its app-level token and answers envelopes."""

from __future__ import annotations

from dataclasses import replace

from slack_bolt.adapter.socket_mode import SocketModeHandler

from bot.app import create_app
from tests.fakes.socket_mode_server import SocketModeServer

APP_TOKEN = "xapp-1-test"


def test_a_slash_command_over_socket_mode_is_answered_in_the_ack(deps, slack_api):
    with SocketModeServer() as server:
        slack_api.respond_with("apps.connections.open", {"ok": True, "url": server.url})
        app = create_app(replace(deps, settings=replace(deps.settings,
                                                         slack_app_token=APP_TOKEN)),
                         socket_mode=True)
        handler = SocketModeHandler(app, APP_TOKEN)
        handler.connect()
        try:
            (opened,) = slack_api.calls("apps.connections.open")
            assert opened.headers["Authorization"] == f"Bearer {APP_TOKEN}"
            server.send({"envelope_id": "e1", "type": "slash_commands",
                         "accepts_response_payload": True,
                         "payload": {"token": "t", "team_id": "T111", "user_id": "U111",
                                     "channel_id": "C111", "command": "/techlead",
                                     "text": "boss", "response_url": slack_api.response_url(),
                                     "trigger_id": "1.2.3", "api_app_id": "A111"}})
            ack = server.ack_for("e1")
        finally:
            handler.close()
    answer = ack["payload"]
    assert answer["response_type"] == "ephemeral"
    assert answer["blocks"][0]["text"]["text"] == "9. Relationship with Manager"
