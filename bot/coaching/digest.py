"""The figures of a team's weekly reflection digest: plain computation over storage, a
constant number of queries whatever the team's size."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from bot.coaching import figures
from bot.coaching.calendar import week_key
from bot.coaching.figures import Figure
from bot.coaching.rotation import dimension_for_week
from content import Guide, Topic
from storage import reflections as store
from storage.models import Team, Workspace
from storage.teams import ACTIVE, members


@dataclass(frozen=True)
class Entry:
    """One member's answer as the manager may see it: the rating, and the text when it
    was shared in full (None when only the rating was)."""

    user_id: str
    rating: int
    text: str | None
    reflection_id: int


@dataclass(frozen=True)
class RotationPoint:
    topic: Topic
    week: str
    average: float | None  # None: no figure (no answers, or too few: the privacy floor)


@dataclass(frozen=True)
class Digest:
    manager_id: str
    week: str
    topic: Topic
    members: tuple[str, ...]
    missing: tuple[str, ...]
    figure: Figure | None  # None below the privacy floor
    rated: int  # the ratings the figure may use (shared in full or as a rating)
    floor: int  # PRIVACY_MIN_ANSWERS
    previous_week: str
    previous_average: float | None
    entries: tuple[Entry, ...]  # shared in full or as a rating
    kept_private: int  # answered, nothing shared
    rotation: tuple[RotationPoint, ...]  # the last nine weeks, one per dimension

    @property
    def answered(self) -> int:
        return len(self.members) - len(self.missing)

    @property
    def average(self) -> float | None:
        return self.figure.average if self.figure else None

    @property
    def change(self) -> float | None:
        if self.average is None or self.previous_average is None:
            return None
        return self.average - self.previous_average


def build_digest(session: Session, guide: Guide, ws: Workspace, team: Team,
                 monday: date, floor: int) -> Digest:
    """Everything the digest shows for `team` in the week starting `monday`, every figure
    held to the privacy floor (`floor` answers at least)."""
    topic = dimension_for_week(guide, ws.rotation_anchor, monday)
    week = week_key(monday)
    people = tuple(m.user_id for m in members(session, team.id) if m.state == ACTIVE)
    period = len(guide.dimensions)
    mondays = [monday - timedelta(weeks=n) for n in range(period + 1)]
    ratings = store.ratings_of_team(session, ws.team_id, team.id,
                                    [week_key(m) for m in mondays])

    def mean_of(day: date) -> float | None:
        slug = dimension_for_week(guide, ws.rotation_anchor, day).slug
        return figures.average(ratings.get((week_key(day), slug), []), floor)

    answered = set(store.answered_in_team(session, ws.team_id, team.id, [week])
                   .get((week, topic.slug), []))
    entries = tuple(Entry(a.user_id, a.rating, a.text, a.reflection_id)
                    for a in store.shared_with_manager(session, ws.team_id, team.id, [week])
                    if a.dimension == topic.slug)
    this_week = ratings.get((week, topic.slug), [])
    rotation = tuple(RotationPoint(dimension_for_week(guide, ws.rotation_anchor, m),
                                   week_key(m), mean_of(m))
                     for m in reversed(mondays[:period]))
    return Digest(
        manager_id=team.manager_id, week=week, topic=topic, members=people,
        missing=tuple(p for p in people if p not in answered),
        figure=figures.figure(this_week, floor), rated=len(this_week), floor=floor,
        previous_week=week_key(mondays[period]), previous_average=mean_of(mondays[period]),
        entries=entries, kept_private=len(answered) - len(entries),
        rotation=rotation,
    )
