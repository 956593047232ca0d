"""Buttons of teams and digests: Accept / Decline, more digest pages, reading a reflection
in full, forget-me's confirmation. Each checks the clicking person's rights itself."""

from __future__ import annotations

import json
import logging

from slack_bolt import BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.blocks.digest import build_full_reflection, build_page
from bot.blocks.notes import build_note
from bot.blocks.team import build_invitation_answered
from bot.coaching import people
from bot.coaching.calendar import parse_week_key
from bot.digests import digest_of_manager
from bot.services import Coach
from bot.slack_send import post_dm
from bot.slack_users import fetch_timezone
from storage import reflections as store
from storage import teams

logger = logging.getLogger(__name__)


def _value(body: dict) -> str:
    actions = body.get("actions") or [{}]
    value = actions[0].get("value")
    return value if isinstance(value, str) else ""


def handle_invitation(accepted: bool, body: dict, client: WebClient, respond: Respond,
                      context: BoltContext, coach: Coach) -> None:
    value, user_id, team_id = _value(body), context.user_id, context.team_id
    if not value.isdigit() or not user_id or not team_id:
        return
    now = coach.clock()
    with coach.sessions.begin() as session:
        team = teams.get_team(session, team_id, int(value))
        state = teams.ACTIVE if accepted else teams.DECLINED
        answered = team is not None and teams.respond(session, team.id, user_id, state, now)
        manager = team.manager_id if team else None
    if not answered:
        respond(replace_original=True,
                **build_note("This invitation is no longer open (answered already, or "
                             "withdrawn)."))
        return
    when = ""
    if accepted:
        tz = fetch_timezone(client, user_id)
        with coach.sessions.begin() as session:
            people.subscribe(session, team_id, user_id, now, coach.settings.default_timezone,
                             tz)
            view = people.week_view(session, coach.guide, team_id, user_id, now,
                                    coach.settings.default_timezone)
            when = f"{view.schedule.describe()} your time, {view.tz.key}"
    respond(replace_original=True, **build_invitation_answered(manager, accepted, when))
    verb = "accepted" if accepted else "declined"
    post_dm(client, manager, build_note(f"<@{user_id}> {verb} your team invitation."))


def handle_accept(body: dict, client: WebClient, respond: Respond, context: BoltContext,
                  coach: Coach) -> None:
    handle_invitation(True, body, client, respond, context, coach)


def handle_decline(body: dict, client: WebClient, respond: Respond, context: BoltContext,
                   coach: Coach) -> None:
    handle_invitation(False, body, client, respond, context, coach)


def handle_digest_page(body: dict, respond: Respond, context: BoltContext,
                       coach: Coach) -> None:
    try:
        data = json.loads(_value(body))
        monday, page = parse_week_key(str(data["w"])), int(data["p"])
    except (ValueError, KeyError, TypeError):
        return
    if monday is None or not context.team_id or not context.user_id:
        return
    # Only the team's manager: the digest is rebuilt for the clicking person's own team.
    digest = digest_of_manager(coach, context.team_id, context.user_id, monday)
    if digest is None:
        respond(replace_original=False, **build_note("Only the team's manager sees this."))
        return
    respond(replace_original=False, response_type="ephemeral", **build_page(digest, page))


def handle_read_reflection(body: dict, client: WebClient, context: BoltContext,
                           coach: Coach) -> None:
    value, team_id, user_id = _value(body), context.team_id, context.user_id
    if not value.isdigit() or not team_id or not user_id:
        return
    with coach.sessions.begin() as session:
        row = store.get(session, team_id, int(value))
        team = teams.team_of_manager(session, team_id, user_id)
        member = (row is not None and team is not None and not row.private
                  and (m := teams.membership(session, team.id, row.user_id)) is not None
                  and m.state == teams.ACTIVE)
        if not member:
            logger.warning("%s asked for a reflection they may not read", user_id)
            return
        view = build_full_reflection(row.user_id, coach.guide.topic(
            row.dimension).heading, row.week, row.rating, row.text)
    try:
        client.views_open(trigger_id=body.get("trigger_id"), view=view)
    except SlackApiError as err:
        logger.warning("views.open for a reflection failed: %s", err.response.get("error"))


def handle_forget(confirmed: bool, body: dict, respond: Respond, context: BoltContext,
                  coach: Coach) -> None:
    team_id, user_id = context.team_id, context.user_id
    if not team_id or not user_id:
        return
    if not confirmed:
        respond(replace_original=True, **build_note("Nothing was deleted."))
        return
    if _value(body) != user_id:
        respond(replace_original=True, **build_note("This confirmation was not yours."))
        return
    with coach.sessions.begin() as session:
        counts = teams.forget(session, team_id, user_id)
    respond(replace_original=True, **build_note(
        f"Done: deleted {counts['reflections']} reflection(s), {counts['memberships']} team "
        f"membership(s){', your team' if counts['team'] else ''} and your settings. "
        "Managers' digests no longer include you.",
        "`/techlead subscribe` starts afresh whenever you like."))


def handle_forget_confirm(body: dict, respond: Respond, context: BoltContext,
                          coach: Coach) -> None:
    handle_forget(True, body, respond, context, coach)


def handle_forget_cancel(body: dict, respond: Respond, context: BoltContext,
                         coach: Coach) -> None:
    handle_forget(False, body, respond, context, coach)
