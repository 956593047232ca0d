"""Saving a submitted reflection (before the ack, so errors show in the modal), then
confirming it to the person (after the ack)."""

from __future__ import annotations

import logging
from datetime import datetime

from slack_sdk import WebClient

from bot.blocks.nudge import build_reflected
from bot.coaching import people
from bot.dependencies import Dependencies
from bot.grow.followups import followup
from bot.reflect.form import Submission
from bot.slack_send import Outcome, post_dm, update_message
from storage.reflections import find_reflection, save_reflection

logger = logging.getLogger(__name__)


def save(deps: Dependencies, sub: Submission, now: datetime) -> bool:
    """Store the reflection (editing this week's if there is one); True if it is new."""
    with deps.sessions.begin() as session:
        people.workspace(session, sub.meta.team_id, now, deps.default_tz)
        _, created = save_reflection(
            session, team_id=sub.meta.team_id, user_id=sub.meta.user_id, week=sub.meta.week,
            dimension=sub.meta.dimension, rating=sub.rating, text=sub.text,
            sharing=sub.sharing, now=now)
        if sub.focus_rating is not None and sub.meta.focus:
            # The answer on their focus is that week's reflection on the focus dimension.
            save_reflection(session, team_id=sub.meta.team_id, user_id=sub.meta.user_id,
                            week=sub.meta.week, dimension=sub.meta.focus,
                            rating=sub.focus_rating, text=sub.focus_text,
                            sharing=sub.sharing, now=now)
    return created


def confirm(deps: Dependencies, client: WebClient, sub: Submission) -> None:
    """Turn the nudge into "Reflected ✓", or DM a confirmation when there was no nudge."""
    meta = sub.meta
    with deps.sessions.begin() as session:
        stored = find_reflection(session, meta.team_id, meta.user_id, meta.week, meta.dimension)
    if stored is None or stored.rating != sub.rating:
        return  # the save failed (the modal said so) or a later edit superseded this one
    topic = deps.guide.topic(meta.dimension)
    question = followup(deps, meta.team_id, meta.user_id, stored.id, topic, meta.week,
                        stored.text, deps.clock())
    done = build_reflected(topic, meta.week, sub.rating, followup=question)
    if meta.channel and meta.ts:
        result = update_message(client, meta.channel, meta.ts, done)
        if result.outcome is Outcome.SENT:
            return
        logger.warning("could not update the nudge message (%s); confirming by DM",
                       result.error)
    result = post_dm(client, meta.user_id, done)
    if result.outcome is not Outcome.SENT:
        logger.warning("could not confirm a reflection to %s (%s)", meta.user_id,
                       result.error)
