"""Small helpers shared by the HTTP tests."""

from __future__ import annotations

import itertools
import json

from bot import ids
from storage.models import SHARED
from tests.fakes.slack_api import SlackApiStandIn
from tests.fakes.slack_client import SlackClient
from tests.fakes.times import utc

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


def click(slack: SlackClient, api: SlackApiStandIn, action_id: str, value: str, *,
          user_id: str, **kwargs) -> dict:
    """Click a button, in an ephemeral message unless `kwargs` say otherwise (see
    payloads.block_action); what the bot posted back to its response_url."""
    name = f"click{next(_names)}"
    reply = slack.click(action_id, value, user_id=user_id,
                        response_url=api.response_url(name), **kwargs)
    assert reply.status == 200, reply.body
    (call,) = api.wait_for(f"response:{name}")
    return call.body


def click_in_dm(slack: SlackClient, api: SlackApiStandIn, action_id: str, value: str, *,
                user_id: str, team_id: str = "T111") -> dict:
    """Click a button in a message the bot sent `user_id` as a DM (their D channel)."""
    return click(slack, api, action_id, value, user_id=user_id, team_id=team_id,
                 channel_id="D" + user_id[1:], message_ts="1700000000.000001",
                 ephemeral=False)


def dms_to(api: SlackApiStandIn, user_id: str) -> list[dict]:
    """The DMs Slack accepted for `user_id`, oldest first."""
    return [c.body for c in api.delivered("chat.postMessage")
            if c.body.get("channel") == user_id]


def tick_at(dispatcher, clock, *args: int):
    """Set the bot's clock to utc(*args) and run the scheduler's tick; its report."""
    clock.set(utc(*args))
    return dispatcher.tick()


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


def sharing_values(level: str | None = SHARED) -> dict:
    """The reflection modal's sharing choice as view.state.values holds it (the radio is
    preselected and required, so Slack always sends one; None: a forged empty choice)."""
    option = {"text": {"type": "plain_text", "text": "x"}, "value": level} if level else None
    return {ids.SHARING_BLOCK: {ids.SHARING_ACTION: {"type": "radio_buttons",
                                                     "selected_option": option}}}


def view_of(call_body: dict) -> dict:
    view = call_body["view"]
    return view if isinstance(view, dict) else json.loads(view)
