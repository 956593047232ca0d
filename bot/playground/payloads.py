"""Request bodies shaped like Slack's (fields as in Bolt's own scenario tests)."""

from __future__ import annotations

import itertools
import json
from urllib.parse import quote, urlencode

# Slack gives every interaction its own trigger_id and action_ts: two clicks on one button
# are two different requests, and so are they here unless a caller says otherwise.
_interactions = itertools.count(1)


def new_trigger_id() -> str:
    return f"111.222.{next(_interactions):06d}"


def _action_ts() -> str:
    return f"1596530385.{next(_interactions):06d}"

TEAM = {"id": "T111", "domain": "test-domain"}


def slash_command(text: str, *, user_id: str = "U111", team_id: str = "T111",
                  channel_id: str = "C111", response_url: str = "",
                  command: str = "/techlead", trigger_id: str | None = None,
                  enterprise_id: str | None = None) -> bytes:
    grid = {"enterprise_id": enterprise_id, "is_enterprise_install": "true"} if enterprise_id \
        else {}
    return urlencode({
        "token": "verification_token", "team_id": team_id, "team_domain": "test-domain",
        "channel_id": channel_id, "channel_name": "random", "user_id": user_id,
        "user_name": "someone", "command": command, "text": text, "api_app_id": "A111",
        "is_enterprise_install": "false", "response_url": response_url,
        "trigger_id": trigger_id or new_trigger_id(), **grid,
    }).encode()


def block_action(action_id: str, value: str, *, user_id: str = "U111", team_id: str = "T111",
                 channel_id: str = "C111", response_url: str = "", block_id: str = "b",
                 message_ts: str = "111.222", ephemeral: bool = True,
                 trigger_id: str | None = None, action: dict | None = None,
                 view: dict | None = None) -> bytes:
    """A button click in a message (ephemeral by default, as after a slash command), or,
    given `view`, in a Home tab or modal; `action` replaces the default button action."""
    body = {
        "type": "block_actions",
        "user": {"id": user_id, "username": "someone", "name": "someone", "team_id": team_id},
        "api_app_id": "A111", "token": "verification_token",
        "container": {"type": "message", "message_ts": message_ts, "channel_id": channel_id,
                      "is_ephemeral": ephemeral},
        "trigger_id": trigger_id or new_trigger_id(),
        "team": {"id": team_id, "domain": "test-domain"},
        "channel": {"id": channel_id, "name": "random"},
        "response_url": response_url,
        "actions": [action or {"action_id": action_id, "block_id": block_id, "value": value,
                               "type": "button",
                               "text": {"type": "plain_text", "text": "Button"},
                               "action_ts": _action_ts()}],
    }
    if view is not None:  # a Home tab or modal: no channel, no response_url
        body["container"] = {"type": "view", "view_id": view.get("id")}
        body["view"] = view
        for key in ("channel", "response_url"):
            body.pop(key)
    return form_payload(body)


def form_payload(body: dict) -> bytes:
    return f"payload={quote(json.dumps(body))}".encode()


def event(event: dict, *, team_id: str = "T111", event_id: str | None = None) -> bytes:
    """An Events API envelope (JSON), as in Bolt's test_events_org_apps; each with an
    event_id of its own unless given one (Slack's retries repeat it)."""
    return json.dumps({
        "token": "verification_token", "team_id": team_id, "api_app_id": "A111",
        "event": event, "type": "event_callback",
        "event_id": event_id or f"Ev{next(_interactions):08d}",
        "event_time": 1606810927,
        "authorizations": [{"team_id": team_id, "user_id": "UBOT", "is_bot": True,
                            "is_enterprise_install": False}],
    }).encode()


def view_submission(*, callback_id: str, private_metadata: str, values: dict,
                    user_id: str = "U111", team_id: str = "T111",
                    view_id: str = "V111") -> bytes:
    """A modal submission with `values` as view.state.values (block_id -> action_id -> ...)."""
    return form_payload({
        "type": "view_submission",
        "team": {"id": team_id, "domain": "test-domain"},
        "user": {"id": user_id, "username": "someone", "name": "someone", "team_id": team_id},
        "api_app_id": "A111", "token": "verification_token", "trigger_id": new_trigger_id(),
        "view": {"id": view_id, "team_id": team_id, "type": "modal", "blocks": [],
                 "private_metadata": private_metadata, "callback_id": callback_id,
                 "state": {"values": values}, "hash": "1596530361.3wRYuk3R",
                 "title": {"type": "plain_text", "text": "Weekly reflection"},
                 "previous_view_id": None, "root_view_id": "V111", "app_id": "A111",
                 "external_id": "", "app_installed_team_id": team_id, "bot_id": "B111"},
        "response_urls": [],
    })

