"""A team's trend: its average self-rating on each dimension in each of the last rotations
(nine weeks each, the last one ending this week), every point made by coaching.figures and
so held to the privacy floor. One query, whatever the team's size or history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from bot.coaching import figures
from bot.coaching.calendar import week_key
from bot.coaching.rotation import dimension_for_week
from content import Guide, Topic
from storage import reflections as store
from storage.models import Team, Workspace

ROTATIONS = 3  # what `/techlead digest trend` shows: two years would crowd the table


@dataclass(frozen=True)
class Rotation:
    """Nine weeks in a row, in which each dimension comes once."""

    first: str  # week keys: 2026-W13
    last: str

    @property
    def label(self) -> str:
        """`2026-W13…W21`, the year written twice only when the rotation spans two."""
        same_year = self.first[:4] == self.last[:4]
        return f"{self.first}…{self.last[5:] if same_year else self.last}"


@dataclass(frozen=True)
class Point:
    week: str  # the dimension's week in that rotation
    average: float | None  # None: no figure (no answers, or too few: the privacy floor)


@dataclass(frozen=True)
class DimensionTrend:
    topic: Topic
    points: tuple[Point, ...]  # one per rotation, oldest first


@dataclass(frozen=True)
class TeamTrend:
    week: str  # the week the last rotation ends with
    floor: int  # PRIVACY_MIN_ANSWERS
    rotations: tuple[Rotation, ...]  # oldest first
    dimensions: tuple[DimensionTrend, ...]  # in the guide's order

    @property
    def has_figures(self) -> bool:
        return any(p.average is not None for d in self.dimensions for p in d.points)

    def of(self, slug: str) -> DimensionTrend:
        return next(d for d in self.dimensions if d.topic.slug == slug)


def mondays(guide: Guide, monday: date, rotations: int) -> list[date]:
    """The Mondays of the last `rotations` rotations up to `monday`, oldest first."""
    weeks = len(guide.dimensions) * rotations
    return [monday - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]


def trend_of(guide: Guide, anchor: date, monday: date,
             ratings: dict[tuple[str, str], list[int]], floor: int,
             rotations: int = ROTATIONS) -> TeamTrend:
    """The trend from storage's (week, dimension) -> ratings the figures may use."""
    period = len(guide.dimensions)
    days = mondays(guide, monday, rotations)
    points: dict[str, list[Point]] = {t.slug: [] for t in guide.dimensions}
    for day in days:  # oldest first, so each dimension's points come in rotation order
        slug, week = dimension_for_week(guide, anchor, day).slug, week_key(day)
        points[slug].append(Point(week, figures.average(ratings.get((week, slug), []), floor)))
    spans = tuple(Rotation(week_key(days[k]), week_key(days[k + period - 1]))
                  for k in range(0, len(days), period))
    return TeamTrend(week=week_key(monday), floor=floor, rotations=spans,
                     dimensions=tuple(DimensionTrend(t, tuple(points[t.slug]))
                                      for t in guide.dimensions))


def build_trend(session: Session, guide: Guide, ws: Workspace, team: Team, monday: date,
                floor: int, rotations: int = ROTATIONS) -> TeamTrend:
    """The team's trend over the last `rotations` rotations up to `monday`: one query."""
    weeks = [week_key(day) for day in mondays(guide, monday, rotations)]
    ratings = store.ratings_of_team(session, ws.team_id, team.id, weeks)
    return trend_of(guide, ws.rotation_anchor, monday, ratings, floor, rotations)
