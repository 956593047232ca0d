"""The digest's buttons: more reflections, and one reflection in full. Each is answered only
for the clicking person's own team: the button names a week or a reflection, never a team."""

from __future__ import annotations

import logging

from slack_sdk import WebClient

from bot.blocks.digest import build_full_reflection, build_only_the_manager, build_page
from bot.blocks.reflection_modal import build_open_too_slow
from bot.coaching.calendar import parse_week_key
from bot.dependencies import Dependencies
from bot.review.lookup import digest_of_manager
from bot.slack_send import Outcome, open_view
from bot.values import DigestPage, Numbered
from storage import reflections as store
from storage import teams

logger = logging.getLogger(__name__)


def more_reflections(deps: Dependencies, team_id: str, user_id: str,
                     value: str | None) -> dict | None:
    """The page a "More reflections" button asks for; None for a malformed button."""
    button = DigestPage.decode(value)
    monday = parse_week_key(button.week) if button else None
    if button is None or monday is None:
        return None
    digest = digest_of_manager(deps, team_id, user_id, monday)
    if digest is None:
        return build_only_the_manager()
    return build_page(digest, button.page)


def read_in_full(deps: Dependencies, client: WebClient, team_id: str, user_id: str,
                 value: str | None, trigger_id: str | None) -> dict | None:
    """Open a shared reflection in a modal, if the clicking person manages its author; a
    note when it could not be opened."""
    button = Numbered.decode(value)
    if button is None:
        return
    with deps.sessions.begin() as session:
        team = teams.team_of_manager(session, team_id, user_id)
        row = store.shared_in_full(session, team_id, team.id, button.number) if team else None
        if row is None:
            logger.warning("%s asked for a reflection they may not read", user_id)
            return
        view = build_full_reflection(row.user_id, deps.guide.topic(row.dimension).heading,
                                     row.week, row.rating, row.text or "")
    result = open_view(client, trigger_id, view)
    if result.outcome is not Outcome.SENT:
        logger.warning("views.open for a reflection failed: %s", result.error)
        return build_open_too_slow()
    return None
