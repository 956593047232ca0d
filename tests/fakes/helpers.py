"""Small helpers shared by the HTTP tests."""

from __future__ import annotations

import itertools
import json

from tests.fakes.slack_api import SlackApiStandIn
from tests.fakes.slack_client import SlackClient

_names = itertools.count(1)


def ask(slack: SlackClient, api: SlackApiStandIn, text: str, **kwargs) -> dict:
    """Run `/techlead text` and return what the bot posted back to its response_url."""
    name = f"cmd{next(_names)}"
    reply = slack.command(text, response_url=api.response_url(name), **kwargs)
    assert reply.status == 200, reply.body
    if reply.body:  # answered in the ack itself
        return reply.json
    (call,) = api.wait_for(f"response:{name}")
    return call.body


def shown(message: dict) -> str:
    """Every text a person would read in a message or view, joined."""
    parts: list[str] = []
    for block in message.get("blocks", []):
        if isinstance(block.get("text"), dict):
            parts.append(block["text"]["text"])
        parts += [f["text"] for f in block.get("fields", [])]
        for element in block.get("elements", []):
            text = element.get("text")
            parts.append(text["text"] if isinstance(text, dict) else str(text or ""))
    return "\n".join(parts)


def view_of(call_body: dict) -> dict:
    view = call_body["view"]
    return view if isinstance(view, dict) else json.loads(view)
