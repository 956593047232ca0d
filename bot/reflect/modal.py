"""Opening the reflection modal, pre-filled when editing this week's answer."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from slack_sdk import WebClient

from bot.blocks.reflection_modal import (
    build_not_a_dimension,
    build_open_failed,
    build_open_too_slow,
    build_reflection_modal,
    build_week_ended,
)
from bot.coaching import people
from bot.coaching.calendar import parse_week_key
from bot.dependencies import Dependencies
from bot.invocation import Invocation, Reply
from bot.slack_send import Outcome, open_view
from bot.values import FormMetadata, ReflectTarget
from content import Topic, resolve
from storage.people import default_sharing
from storage.reflections import find_reflection

logger = logging.getLogger(__name__)

TRIGGER_ERRORS = {"expired_trigger_id", "exchanged_trigger_id", "invalid_trigger_id"}


def reflect_command(inv: Invocation) -> Reply:
    """`/techlead reflect [topic]`."""
    return open_reflection(inv.deps, inv.client, team_id=inv.team_id, user_id=inv.user_id,
                           trigger_id=inv.trigger_id, now=inv.now,
                           topic_text=inv.typed or None)


def open_reflection(deps: Dependencies, client: WebClient, *, team_id: str, user_id: str,
                    trigger_id: str | None, now: datetime, topic_text: str | None = None,
                    target: ReflectTarget | None = None, channel: str | None = None,
                    ts: str | None = None) -> Reply:
    """Open the modal on this week's dimension, the one named in `topic_text`, or the
    button's `target` (this week's or last week's); a note when that is not possible."""
    guide = deps.guide
    dimensions = {t.slug: t for t in guide.dimensions}
    with deps.sessions.begin() as session:
        view = people.week_view(session, guide, team_id, user_id, now, deps.default_tz)
        topic: Topic = view.topic
        week = view.week
        if topic_text:
            found = resolve(guide, topic_text).topic
            if found is None or found.slug not in dimensions:
                return build_not_a_dimension(guide, topic_text)
            topic = found
        monday = parse_week_key(target.week) if target else None
        recent = monday is not None and view.monday - timedelta(weeks=1) <= monday <= view.monday
        if recent and target.dimension in dimensions:
            topic, week = dimensions[target.dimension], target.week
        elif monday is not None and monday < view.monday:
            # A nudge (or its "Edit reflection") from a week that has ended.
            return build_week_ended(target.week, view.topic)
        earlier = find_reflection(session, team_id, user_id, week, topic.slug)
        # Editing keeps the answer's own level unless changed; a new one starts from the
        # person's default.
        prefill = ({"rating": earlier.rating, "text": earlier.text, "sharing": earlier.sharing}
                   if earlier else
                   {"sharing": default_sharing(session, team_id, user_id)})
        focus = view.focus if view.focus is not None and view.focus.slug != topic.slug \
            and week == view.week else None
        if focus is not None:
            on_focus = find_reflection(session, team_id, user_id, week, focus.slug)
            if on_focus is not None:
                prefill |= {"focus_rating": on_focus.rating, "focus_text": on_focus.text}
    meta = FormMetadata(team_id, user_id, week, topic.slug, channel, ts,
                        focus.slug if focus else None)
    modal = build_reflection_modal(topic, week, meta.encode(), focus=focus, **prefill)
    result = open_view(client, trigger_id, modal)
    if result.outcome is Outcome.SENT:
        return None
    if result.error in TRIGGER_ERRORS or result.outcome is Outcome.TRANSIENT:
        logger.warning("views.open did not open the reflection in time (%s)", result.error)
        return build_open_too_slow()
    logger.error("views.open failed: %s", result.error)
    return build_open_failed()
