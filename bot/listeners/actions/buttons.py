"""Buttons: Reflect, Subscribe / Unsubscribe on the Home tab, history pages."""

from __future__ import annotations

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.coaching import people
from bot.home import publish_home
from bot.reflect import button_target, open_reflection
from bot.services import Coach
from bot.slack_users import fetch_timezone
from bot.subcommands import history_page


def ack_button(ack: Ack) -> None:
    ack()


def _value(body: dict) -> str | None:
    actions = body.get("actions") or [{}]
    value = actions[0].get("value")
    return value if isinstance(value, str) else None


def handle_open_reflection(body: dict, client: WebClient, respond: Respond,
                           context: BoltContext, coach: Coach) -> None:
    if not context.team_id or not context.user_id:
        return
    week, dimension = button_target(_value(body))
    container = body.get("container") or {}
    in_message = container.get("type") == "message"
    note = open_reflection(
        coach, client, team_id=context.team_id, user_id=context.user_id,
        trigger_id=body.get("trigger_id"), now=coach.clock(), week=week, dimension=dimension,
        channel=container.get("channel_id") if in_message else None,
        ts=container.get("message_ts") if in_message else None,
    )
    if note is not None and body.get("response_url"):
        respond(replace_original=False, response_type="ephemeral", **note)


def handle_subscribe_button(client: WebClient, context: BoltContext, coach: Coach) -> None:
    if not context.team_id or not context.user_id:
        return
    tz = fetch_timezone(client, context.user_id)
    with coach.sessions.begin() as session:
        people.subscribe(session, context.team_id, context.user_id, coach.clock(),
                         coach.settings.default_timezone, tz)
    publish_home(coach, client, context.team_id, context.user_id)


def handle_unsubscribe_button(client: WebClient, context: BoltContext, coach: Coach) -> None:
    if not context.team_id or not context.user_id:
        return
    with coach.sessions.begin() as session:
        people.unsubscribe(session, context.team_id, context.user_id)
    publish_home(coach, client, context.team_id, context.user_id)


def handle_history_page(body: dict, respond: Respond, context: BoltContext,
                        coach: Coach) -> None:
    value = _value(body) or "1"
    if not context.team_id or not context.user_id or not value.isdigit():
        return
    # Always the clicking person's own history: the button carries only a page number.
    page = history_page(coach, context.team_id, context.user_id, int(value))
    respond(replace_original=True, response_type="ephemeral", **page)
