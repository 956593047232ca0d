"""deploy/slack-manifest.yml creates the app the code expects."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot import ids

ROOT = Path(__file__).resolve().parents[1]


def test_manifest_declares_the_command_scopes_events_and_socket_mode():
    manifest = yaml.safe_load((ROOT / "deploy" / "slack-manifest.yml").read_text())
    (command,) = manifest["features"]["slash_commands"]
    assert command["command"] == ids.COMMAND
    assert command["should_escape"] is True  # mentions arrive as <@U…|name>
    assert command["description"]
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == {
        "commands", "chat:write", "im:write", "users:read", "files:write"}
    assert manifest["settings"]["event_subscriptions"]["bot_events"] == [
        "app_home_opened", "user_change"]
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    assert manifest["settings"]["socket_mode_enabled"] is True
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    assert len(manifest["display_information"]["name"]) <= 35
