"""The figures of a team's weekly reflection digest: plain computation over storage, a
constant number of queries whatever the team's size or history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from bot.coaching import figures
from bot.coaching.calendar import week_key
from bot.coaching.figures import Figure
from bot.coaching.rotation import dimension_for_week
from bot.coaching.trend import DimensionTrend, Rotation, mondays, trend_of
from content import Guide, ManagerQuestion, Topic
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
    question: ManagerQuestion | None = None  # one to ask in the member's next 1:1


@dataclass(frozen=True)
class RotationPoint:
    topic: Topic
    week: str
    average: float | None  # None: no figure (no answers, or too few: the privacy floor)
    previous: float | None = None  # the same dimension one rotation earlier, likewise


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
    spans: tuple[Rotation, Rotation]  # the rotation before and the last one (the chart's)

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
    weeks = [week_key(d) for d in mondays(guide, monday, 2)]  # the last rotation, the one before
    ratings = store.ratings_of_team(session, ws.team_id, team.id, weeks)
    trend = trend_of(guide, ws.rotation_anchor, monday, ratings, floor, rotations=2)
    rotation = tuple(sorted((_rotation_point(d) for d in trend.dimensions),
                            key=lambda point: point.week))
    answered = set(store.answered_in_team(session, ws.team_id, team.id, [week])
                   .get((week, topic.slug), []))
    shared = [a for a in store.shared_with_manager(session, ws.team_id, team.id, [week])
              if a.dimension == topic.slug]
    turn = (monday - ws.rotation_anchor).days // 7 // len(guide.dimensions)
    entries = tuple(Entry(a.user_id, a.rating, a.text, a.reflection_id,
                          suggested_question(topic, turn + k))
                    for k, a in enumerate(shared))
    this_week = ratings.get((week, topic.slug), [])
    return Digest(
        manager_id=team.manager_id, week=week, topic=topic, members=people,
        missing=tuple(p for p in people if p not in answered),
        figure=figures.figure(this_week, floor), rated=len(this_week), floor=floor,
        previous_week=trend.of(topic.slug).points[0].week,
        previous_average=rotation[-1].previous, entries=entries,
        kept_private=len(answered) - len(entries), rotation=rotation, spans=trend.rotations,
    )


def _rotation_point(trend: DimensionTrend) -> RotationPoint:
    before, last = trend.points
    return RotationPoint(trend.topic, last.week, last.average, before.average)


def suggested_question(topic: Topic, position: int) -> ManagerQuestion | None:
    """The 1:1 question for the entry at `position`, counted on from the rotation: the
    topic's two or three take turns, so neighbouring members get different ones and a
    member's moves on from one rotation to the next."""
    questions = topic.manager_questions
    return questions[position % len(questions)] if questions else None
