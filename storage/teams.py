"""Teams, memberships, and forgetting a person. Every query is scoped by workspace.
Functions take the caller's session and never commit."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from storage.models import (
    DIGEST_MINUTE,
    DIGEST_WEEKDAY,
    Delivery,
    Evidence,
    Membership,
    Person,
    Reflection,
    Team,
)
from storage.upsert import insert_ignoring_conflict

INVITED, ACTIVE, DECLINED = "invited", "active", "declined"


def team_of_manager(session: Session, team_id: str, manager_id: str) -> Team | None:
    return session.scalar(
        select(Team).where(Team.team_id == team_id, Team.manager_id == manager_id))


def ensure_team(session: Session, team_id: str, manager_id: str, now: datetime) -> Team:
    return start_team(session, team_id, manager_id, now)[0]


def start_team(session: Session, team_id: str, manager_id: str,
               now: datetime) -> tuple[Team, bool]:
    """The manager's team, and whether this call created it: of two racing calls (or
    processes) exactly one is told it did, as the database's unique key decides."""
    team = team_of_manager(session, team_id, manager_id)
    if team is not None:
        return team, False
    created = insert_ignoring_conflict(session, Team, team_id=team_id, manager_id=manager_id,
                                       digest_weekday=DIGEST_WEEKDAY,
                                       digest_minute=DIGEST_MINUTE, created_at=now)
    return team_of_manager(session, team_id, manager_id), created


def get_team(session: Session, team_id: str, group_id: int) -> Team | None:
    """A team by id, only if it belongs to workspace `team_id`."""
    return session.scalar(select(Team).where(Team.id == group_id, Team.team_id == team_id))


def teams_in(session: Session, team_id: str) -> list[Team]:
    return list(session.scalars(select(Team).where(Team.team_id == team_id).order_by(Team.id)))


def members(session: Session, group_id: int) -> list[Membership]:
    return list(session.scalars(
        select(Membership).where(Membership.group_id == group_id).order_by(Membership.id)))


def membership(session: Session, group_id: int, user_id: str) -> Membership | None:
    return session.scalar(select(Membership).where(
        Membership.group_id == group_id, Membership.user_id == user_id))


def teams_of_member(session: Session, team_id: str, user_id: str) -> list[tuple[Membership, Team]]:
    rows = session.execute(
        select(Membership, Team).join(Team, Team.id == Membership.group_id)
        .where(Membership.team_id == team_id, Membership.user_id == user_id)
        .order_by(Team.id))
    return [(m, t) for m, t in rows]


def invite(session: Session, team: Team, user_ids: Iterable[str], now: datetime) -> list[str]:
    """Invite people (again, if they had declined); the ones this call invited, so that
    concurrent invitations of the same person send one DM, not several."""
    invited = []
    for user_id in user_ids:
        created = insert_ignoring_conflict(session, Membership, group_id=team.id,
                                           team_id=team.team_id, user_id=user_id,
                                           state=INVITED, invited_at=now)
        if created or session.execute(
                update(Membership).execution_options(synchronize_session=False)
                .where(Membership.group_id == team.id, Membership.user_id == user_id,
                       Membership.state == DECLINED)
                .values(state=INVITED, invited_at=now, responded_at=None, invitation_sent_at=None,
                    invitation_error=None)).rowcount == 1:
            invited.append(user_id)
    return invited


def pending(session: Session, group_id: int, user_ids: Iterable[str]) -> list[str]:
    """Which of `user_ids` are invited to the team and have not answered yet."""
    ids = list(user_ids)
    return list(session.scalars(select(Membership.user_id).where(
        Membership.group_id == group_id, Membership.user_id.in_(ids),
        Membership.state == INVITED))) if ids else []


def invitation_sent(session: Session, group_id: int, user_id: str, now: datetime) -> None:
    session.execute(update(Membership).execution_options(synchronize_session=False)
                    .where(Membership.group_id == group_id, Membership.user_id == user_id)
                    .values(invitation_sent_at=now, invitation_error=None))


def invitation_failed(session: Session, group_id: int, user_id: str, error: str) -> None:
    session.execute(update(Membership).execution_options(synchronize_session=False)
                    .where(Membership.group_id == group_id, Membership.user_id == user_id)
                    .values(invitation_sent_at=None, invitation_error=error[:64]))


def respond(session: Session, group_id: int, user_id: str, state: str, now: datetime) -> bool:
    """Accept or decline an open invitation; False when there is none to answer."""
    result = session.execute(
        update(Membership)
        .where(Membership.group_id == group_id, Membership.user_id == user_id,
               Membership.state == INVITED)
        .values(state=state, responded_at=now))
    return result.rowcount == 1


def remove(session: Session, group_id: int, user_id: str) -> bool:
    result = session.execute(delete(Membership).where(
        Membership.group_id == group_id, Membership.user_id == user_id))
    return result.rowcount == 1


def forget(session: Session, team_id: str, user_id: str) -> dict[str, int]:
    """Delete everything the bot keeps about one person in one workspace: reflections,
    evidence, memberships, the team they manage, deliveries and settings. Returns what was
    deleted."""
    counts = {}
    managed = team_of_manager(session, team_id, user_id)
    if managed is not None:
        session.execute(delete(Membership).where(Membership.group_id == managed.id))
        session.execute(delete(Team).where(Team.id == managed.id))
    counts["team"] = int(managed is not None)
    for name, model in (("reflections", Reflection), ("evidence", Evidence),
                        ("memberships", Membership), ("deliveries", Delivery),
                        ("settings", Person)):
        result = session.execute(delete(model).where(model.team_id == team_id,
                                                     model.user_id == user_id))
        counts[name] = result.rowcount
    return counts
