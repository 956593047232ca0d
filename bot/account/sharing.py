"""`/techlead sharing [manager | rating | private]`: the sharing level a person's answers
start with, shown or set; and the same choice made on App Home."""

from __future__ import annotations

import logging

from slack_sdk import WebClient

from bot.account.home import publish_home
from bot.blocks import sharing as blocks
from bot.coaching.people import workspace
from bot.dependencies import Dependencies
from bot.invocation import Invocation
from bot.values import SharingChoice
from content import normalize
from storage import people as store

logger = logging.getLogger(__name__)


def sharing_command(inv: Invocation) -> dict:
    if not inv.args:
        with inv.deps.sessions.begin() as session:
            current = store.default_sharing(session, inv.team_id, inv.user_id)
        return blocks.build_sharing_default(current)
    level = blocks.BY_WORD.get(normalize(inv.typed))
    if level is None:
        return blocks.build_sharing_unknown(inv.typed)
    set_default(inv.deps, inv.team_id, inv.user_id, level.value)
    return blocks.build_sharing_set(level.value)


def set_default(deps: Dependencies, team_id: str, user_id: str, level: str) -> None:
    """Make `level` (one of SHARING_LEVELS) the person's default from now on; the answers
    they already gave keep their own."""
    with deps.sessions.begin() as session:
        workspace(session, team_id, deps.clock(), deps.default_tz)
        store.set_sharing(session, team_id, user_id, level)


def set_from_home(deps: Dependencies, client: WebClient, team_id: str, user_id: str,
                  value: str | None) -> None:
    """App Home's choice of the default: save it, then show the tab as it now is."""
    choice = SharingChoice.decode(value)
    if choice is None:
        # Slack only sends the options the tab offered: anything else was not from it.
        logger.warning("a default sharing level that is none of the three: %.40r", value)
        return
    set_default(deps, team_id, user_id, choice.level)
    publish_home(deps, client, team_id, user_id)
