"""Opening the reflection modal and saving what comes back."""

from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.blocks.notes import build_note
from bot.blocks.nudge import build_reflected
from bot.blocks.reflection_modal import build_reflection_modal
from bot.coaching import people
from bot.coaching.calendar import parse_week_key
from bot.mrkdwn import escape
from bot.reflection_form import FormMetadata, Submission
from bot.services import Coach
from bot.slack_send import Outcome, post_dm, update_message
from content import Topic, resolve
from storage.reflections import find_reflection, save_reflection

logger = logging.getLogger(__name__)

TRIGGER_ERRORS = {"expired_trigger_id", "exchanged_trigger_id", "invalid_trigger_id"}


def button_target(value: str | None) -> tuple[str | None, str | None]:
    """(week, dimension) from a Reflect button's value, unchecked."""
    try:
        data = json.loads(value or "")
        return (data.get("w") if isinstance(data.get("w"), str) else None,
                data.get("d") if isinstance(data.get("d"), str) else None)
    except (ValueError, AttributeError):
        return None, None


def open_reflection(coach: Coach, client: WebClient, *, team_id: str, user_id: str,
                    trigger_id: str | None, now: datetime, topic_text: str | None = None,
                    week: str | None = None, dimension: str | None = None,
                    channel: str | None = None, ts: str | None = None) -> dict | None:
    """Open the modal (pre-filled when editing); a note to show when that is not possible."""
    guide = coach.guide
    dimensions = {t.slug: t for t in guide.dimensions}
    with coach.sessions.begin() as session:
        view = people.week_view(session, guide, team_id, user_id, now,
                                coach.settings.default_timezone)
        topic: Topic = view.topic
        if topic_text:
            found = resolve(guide, topic_text).topic
            if found is None or found.slug not in dimensions:
                names = ", ".join(f"`{slug}`" for slug in dimensions)
                return build_note(f"I can open a reflection on one of the nine dimensions: "
                                  f"{names}. “{escape(topic_text[:60])}” is not one of them.")
            topic = found
        monday = parse_week_key(week or "")
        recent = monday is not None and view.monday - timedelta(weeks=1) <= monday <= view.monday
        if recent and dimension in dimensions:
            topic = dimensions[dimension]
        else:
            week = view.week
        earlier = find_reflection(session, team_id, user_id, week, topic.slug)
        prefill = ({"rating": earlier.rating, "text": earlier.text, "private": earlier.private}
                   if earlier else {})
    meta = FormMetadata(team_id, user_id, week, topic.slug, channel, ts)
    modal = build_reflection_modal(topic, week, meta.encode(), **prefill)
    try:
        client.views_open(trigger_id=trigger_id, view=modal)
    except SlackApiError as err:
        code = err.response.get("error")
        if code in TRIGGER_ERRORS:
            return build_note("That took Slack too long to open; please try once more.")
        logger.error("views.open failed: %s", code)
        return build_note("Sorry, I couldn't open the reflection form just now. "
                          "Please try again in a minute.")
    return None


def save(coach: Coach, sub: Submission, now: datetime) -> bool:
    """Store the reflection (editing this week's if there is one); True if it is new."""
    with coach.sessions.begin() as session:
        people.workspace(session, sub.meta.team_id, now, coach.settings.default_timezone)
        _, created = save_reflection(
            session, team_id=sub.meta.team_id, user_id=sub.meta.user_id, week=sub.meta.week,
            dimension=sub.meta.dimension, rating=sub.rating, text=sub.text,
            private=sub.private, now=now)
    return created


def confirm(coach: Coach, client: WebClient, sub: Submission) -> None:
    """Turn the nudge into "Reflected ✓", or DM a confirmation when there was no nudge."""
    meta = sub.meta
    with coach.sessions.begin() as session:
        stored = find_reflection(session, meta.team_id, meta.user_id, meta.week, meta.dimension)
    if stored is None or stored.rating != sub.rating:
        return  # the save failed (the modal said so) or a later edit superseded this one
    topic = coach.guide.topic(sub.meta.dimension)
    done = build_reflected(topic, sub.meta.week, sub.rating)
    if sub.meta.channel and sub.meta.ts:
        result = update_message(client, sub.meta.channel, sub.meta.ts, done)
        if result.outcome is Outcome.SENT:
            return
        logger.warning("could not update the nudge message (%s); confirming by DM",
                       result.error)
    result = post_dm(client, sub.meta.user_id, done)
    if result.outcome is not Outcome.SENT:
        logger.warning("could not confirm a reflection to %s (%s)", sub.meta.user_id,
                       result.error)
