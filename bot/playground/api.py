"""The page's JSON API: each call acts as the current person, the way Slack would for
them, and answers with the new state of what they see."""

from __future__ import annotations

import re

from bot.playground import demo, jumps
from bot.playground.bot_calls import as_json, call_bot
from bot.playground.payloads import block_action, event, slash_command, view_submission
from bot.playground.view_state import build_state, shown
from bot.playground.world import BOT, GENERAL, Message, ResponseTarget, dm_of

SETTLE_SECONDS = 1.5  # how long to wait for what the bot sends after its ack


def handle(pg, method: str, name: str, body: dict) -> tuple[int, dict]:
    routes = {("GET", "state"): state_of, ("POST", "as"): switch, ("POST", "command"): command,
              ("POST", "action"): action, ("POST", "submit"): submit,
              ("POST", "modal/close"): close_modal, ("POST", "home"): open_home,
              ("POST", "clock"): jump}
    route = routes.get((method, name))
    if route is None:
        return 404, {"error": f"no API {method} /api/{name}"}
    result = route(pg, body)
    if isinstance(result, tuple):
        return result
    return 200, result


def _settle(pg, since: int) -> None:
    pg.world.wait_for_change(since, SETTLE_SECONDS)


def escape(text: str) -> str:
    """Slack's escaping of what people type: &, < and > (and nothing else)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_mentions(text: str, people) -> str:
    """What Slack does with "escape users" on: `@Alice` becomes `<@U02ALICE|alice>`, and the
    text's own &, < and > arrive escaped."""
    text = escape(text)
    for person in people:
        pattern = re.compile(rf"@{re.escape(person.name)}\b", re.IGNORECASE)
        text = pattern.sub(f"<@{person.id}|{person.name.lower()}>", text)
    return text


def switch(pg, body: dict):
    if body.get("user") not in pg.world.people:
        return 400, {"error": "no such person"}
    pg.me = body["user"]
    return state_of(pg)


def command(pg, body: dict):
    text = str(body.get("text", "")).strip()
    if not text.startswith("/techlead"):
        return 400, {"error": "Only /techlead commands reach the bot here."}
    words = text[len("/techlead"):]
    world = pg.world
    # The person's own words, stored as Slack stores typed text (&, < and > escaped): the
    # page shows them as typed, and "<!channel>" there is text, not a mention.
    world.post(GENERAL, pg.me, escape(text), ephemeral_to=pg.me)
    since = world.version
    key = world.new_response_target(ResponseTarget(pg.me, GENERAL))
    payload = slash_command(escape_mentions(words.strip(), pg.world.people.values()),
                            user_id=pg.me, team_id=demo.TEAM_ID,
                            channel_id=GENERAL, response_url=pg.standin.response_url(key),
                            trigger_id=world.new_trigger(pg.me))
    status, data, kind = call_bot(pg.bot, pg.secret, payload)
    reply = as_json(data, kind)
    if status != 200:
        return 502, {"error": f"the bot answered HTTP {status}"}
    if reply:
        public = reply.get("response_type") == "in_channel"
        world.post(GENERAL, BOT, reply.get("text", ""), reply.get("blocks"),
                   ephemeral_to=None if public else pg.me)
    else:
        _settle(pg, since)
    return state_of(pg)


def action(pg, body: dict):
    world, act = pg.world, dict(body.get("action") or {})
    act.setdefault("action_ts", "1700000000.000001")
    surface, since = body.get("surface"), world.version
    common = dict(user_id=pg.me, team_id=demo.TEAM_ID, action=act,
                  trigger_id=world.new_trigger(pg.me))
    if surface == "message":
        message: Message = world.by_id.get(str(body.get("message_id")))
        if message is None:
            return 404, {"error": "that message is gone"}
        key = world.new_response_target(ResponseTarget(pg.me, message.channel, message.id))
        payload = block_action("", "", channel_id=message.channel, message_ts=message.ts,
                               ephemeral=message.ephemeral_to is not None,
                               response_url=pg.standin.response_url(key), **common)
    else:
        view = (world.homes.get(pg.me) if surface == "home" else world.modal_of(pg.me))
        if view is None:
            return 404, {"error": "that view is gone"}
        if body.get("values"):
            view = {**view, "state": {"values": body["values"]}}
        payload = block_action("", "", view=view, **common)
    status, _, _ = call_bot(pg.bot, pg.secret, payload)
    if status != 200:
        return 502, {"error": f"the bot answered HTTP {status}"}
    _settle(pg, since)
    return state_of(pg)


def submit(pg, body: dict):
    world = pg.world
    view = world.modal_of(pg.me)
    if view is None or view.get("id") != body.get("view_id"):
        return 404, {"error": "that form is no longer open"}
    payload = view_submission(callback_id=view.get("callback_id", ""),
                              private_metadata=view.get("private_metadata", ""),
                              values=body.get("values") or {}, user_id=pg.me,
                              team_id=demo.TEAM_ID, view_id=view["id"])
    status, data, kind = call_bot(pg.bot, pg.secret, payload)
    reply = as_json(data, kind) or {}
    if status != 200:
        return 502, {"error": f"the bot answered HTTP {status}"}
    errors = reply.get("errors") if reply.get("response_action") == "errors" else None
    if errors:
        return {**state_of(pg), "modal": {"id": view["id"], "view": shown(view),
                                          "errors": errors}}
    if reply.get("response_action") == "update" and reply.get("view"):
        world.modals[pg.me][-1] = {**reply["view"], "id": view["id"]}
    else:
        world.close_modal(pg.me)
    _settle(pg, world.version)  # the DM turning into "Reflected ✓" comes just after
    return state_of(pg)


def close_modal(pg, body: dict):
    pg.world.close_modal(pg.me)
    return state_of(pg)


def open_home(pg, body: dict):
    since = pg.world.version
    payload = event({"type": "app_home_opened", "user": pg.me, "channel": dm_of(pg.me),
                     "tab": "home", "event_ts": "1700000000.000001"}, team_id=demo.TEAM_ID)
    call_bot(pg.bot, pg.secret, payload, "application/json")
    _settle(pg, since)
    return state_of(pg)


def jump(pg, body: dict):
    """Move the clock, running the scheduler at every moment passed over (under the
    playground's lock, so the background scheduler cannot run in between); answers when
    it is done, with what it sent."""
    with pg.lock:
        at = jumps.target(pg.deps, demo.TEAM_ID, pg.me, str(body.get("jump")))
        if at is None:
            return 400, {"error": "nothing to jump to"}
        sent = jumps.travel(pg.deps, pg.dispatcher, pg.clock, max(at, pg.clock()))
        notice = (f"Clock moved to {pg.clock():%a %d %b %H:%M} UTC; "
                  f"the bot sent {jumps.describe(sent)}.")
        return {**state_of(pg), "notice": notice, "sent": sent}


def state_of(pg, body: dict | None = None) -> dict:
    return build_state(pg, dm_open=bool((body or {}).get("dm_open")))
