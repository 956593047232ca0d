"""The figures of a team's weekly reflection digest: plain computation over storage, a
constant number of queries whatever the team's size."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from bot.coaching.calendar import week_key
from bot.coaching.rotation import dimension_for_week
from content import Guide, Topic
from storage import reflections as store
from storage.models import Team, Workspace
from storage.teams import ACTIVE, members


@dataclass(frozen=True)
class Entry:
    """One member's non-private answer, as the manager sees it."""

    user_id: str
    rating: int
    text: str
    reflection_id: int


@dataclass(frozen=True)
class RotationPoint:
    topic: Topic
    week: str
    average: float | None


@dataclass(frozen=True)
class Digest:
    manager_id: str
    week: str
    topic: Topic
    members: tuple[str, ...]
    missing: tuple[str, ...]
    distribution: dict[int, int]
    average: float | None
    previous_week: str
    previous_average: float | None
    entries: tuple[Entry, ...]  # non-private answers
    private_count: int
    rotation: tuple[RotationPoint, ...]  # the last nine weeks, one per dimension

    @property
    def answered(self) -> int:
        return len(self.members) - len(self.missing)

    @property
    def change(self) -> float | None:
        if self.average is None or self.previous_average is None:
            return None
        return self.average - self.previous_average


def build_digest(session: Session, guide: Guide, ws: Workspace, team: Team,
                 monday: date) -> Digest:
    """Everything the digest shows for `team` in the week starting `monday`."""
    topic = dimension_for_week(guide, ws.rotation_anchor, monday)
    week = week_key(monday)
    people = tuple(m.user_id for m in members(session, team.id) if m.state == ACTIVE)
    rows = [r for r in store.of_team(session, ws.team_id, team.id, [week])
            if r.dimension == topic.slug]
    period = len(guide.dimensions)
    mondays = [monday - timedelta(weeks=n) for n in range(period + 1)]
    means = store.averages_of_team(session, ws.team_id, team.id,
                                   [week_key(m) for m in mondays])

    def mean_of(day: date) -> float | None:
        found = means.get((week_key(day), dimension_for_week(guide, ws.rotation_anchor,
                                                              day).slug))
        return found[0] if found else None

    answered = {r.user_id for r in rows}
    distribution = {n: sum(r.rating == n for r in rows) for n in range(1, 6)}
    rotation = tuple(RotationPoint(dimension_for_week(guide, ws.rotation_anchor, m),
                                   week_key(m), mean_of(m))
                     for m in reversed(mondays[:period]))
    return Digest(
        manager_id=team.manager_id, week=week, topic=topic, members=people,
        missing=tuple(p for p in people if p not in answered),
        distribution=distribution,
        average=sum(r.rating for r in rows) / len(rows) if rows else None,
        previous_week=week_key(mondays[period]), previous_average=mean_of(mondays[period]),
        entries=tuple(Entry(r.user_id, r.rating, r.text, r.id) for r in rows if not r.private),
        private_count=sum(r.private for r in rows),
        rotation=rotation,
    )
