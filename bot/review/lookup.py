"""Finding a manager's digest: which week they asked for, and the digest of the team they
manage (only theirs: a digest is built for the asking person's own team or not at all)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.coaching.calendar import local_week, parse_week_key
from bot.coaching.digest import Digest, build_digest
from bot.dependencies import Dependencies
from bot.observability.metrics import timed_digest_build
from bot.review.weekly import manager_zone
from storage.models import Workspace
from storage.teams import team_of_manager

UNREADABLE, FUTURE = "unreadable", "future"


@dataclass(frozen=True)
class DigestRequest:
    """`/techlead digest`, `digest last`, `digest 2026-W48`: which week, or what is wrong
    with what was typed (UNREADABLE or FUTURE)."""

    monday: date | None
    problem: str | None = None
    typed: str = ""


def which_week(words: list[str], this_monday: date) -> DigestRequest:
    if not words or words[0] in ("this", "now"):
        return DigestRequest(this_monday)
    if words[0] in ("last", "previous"):
        return DigestRequest(this_monday - timedelta(weeks=1))
    monday = parse_week_key(words[0])
    if monday is None:
        return DigestRequest(None, UNREADABLE, words[0])
    if monday > this_monday:
        return DigestRequest(None, FUTURE, words[0])
    return DigestRequest(monday)


def managers_week(deps: Dependencies, team_id: str, manager_id: str,
                  now: datetime) -> date | None:
    """The Monday of the week it is now where the manager is; None when they manage no
    team (the digest is theirs only)."""
    with deps.sessions.begin() as session:
        ws = session.get(Workspace, team_id)
        team = team_of_manager(session, team_id, manager_id) if ws else None
        return local_week(now, manager_zone(session, ws, team)) if team else None


def digest_of_manager(deps: Dependencies, team_id: str, manager_id: str,
                      monday: date) -> Digest | None:
    """The digest of the team `manager_id` manages for the week of `monday`; None when
    they manage none."""
    with deps.sessions.begin() as session:
        ws = session.get(Workspace, team_id)
        team = team_of_manager(session, team_id, manager_id) if ws else None
        if team is None:
            return None
        with timed_digest_build():
            return build_digest(session, deps.guide, ws, team, monday, deps.privacy_floor)
