"""Inputs for the Block Kit builders: the real guide, extreme topics, week views, digests and
stored reflections, ordinary and extreme."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.coaching import figures, trend
from bot.coaching.calendar import Schedule, week_key
from bot.coaching.digest import Digest, Entry, RotationPoint, suggested_question
from bot.coaching.people import WeekView
from bot.coaching.rotation import dimension_for_week
from bot.coaching.trend import Rotation, TeamTrend, mondays, trend_of
from bot.grow.progress import Progress, Trend
from content import Guide, Row, Topic, default_guide
from content.validate import MAX_CELL, MAX_QUESTION, MAX_TITLE
from storage.models import SHARED, Reflection

# What a person might type: every mrkdwn control character, a group mention, a user
# mention and a disguised link.
TRICKY = "a & b < c > d *bold* _it_ ~strike~ `code` <!channel> <@U123> <https://x.example|ok>"
# The same as a slash command delivers it: Slack escapes &, < and > in command text.
TRICKY_AS_SENT = TRICKY.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
LONG = ("I & my team <shipped> it. " * 200)[:3000]  # a 3,000-character reflection
AMPERSANDS = "&" * 3000  # escapes to five times its length
WEEK = "2026-W49"
MONDAY = date(2026, 11, 30)
ANCHOR = date(2026, 1, 5)  # a workspace's first week, for trends: WEEK is its 48th


def user(n: int) -> str:
    """A realistic, full-length Slack user ID."""
    return f"U{n:010d}"


def users(count: int) -> list[str]:
    return [user(n) for n in range(count)]


@pytest.fixture(scope="session")
def guide() -> Guide:
    return default_guide()


@pytest.fixture(scope="session")
def topic(guide) -> Topic:
    """A dimension whose title has an `&` in it."""
    return guide.topic("planning")


def huge_topic(number: int | None = 9, rows: int = 2, labels: bool = False) -> Topic:
    """A topic at the limits the guide's validator sets on each text: a 150-character title
    full of characters to escape, cells of 1,900 characters of mrkdwn (cells are mrkdwn, so
    their `&` is written `&amp;`), three 500-character questions. Two rows: the validator
    sets no limit on a topic's total, and three such rows would not fit in one message."""
    cell = ("*Lead* &amp; _team_ ~x~ `y` " * 100)[:MAX_CELL].rsplit(" ", 1)[0]
    title = ("Risk & <Reward> " * 20)[:MAX_TITLE].strip()
    return Topic(
        slug="huge", title=title, summary=("Summary & <more> " * 10).strip(), aliases=(),
        rows=tuple(Row(cell, cell, f"Label {k}" if labels else None) for k in range(rows)),
        number=number, key_difference=(cell[:300], cell[:300]),
        questions=tuple(f"Q{k} " + "x" * (MAX_QUESTION - 3) for k in range(3)),
    )


def guide_with(*topics: Topic) -> Guide:
    return Guide(title="Guide & <Co>", topics=tuple(topics))


def week_view(topic: Topic, **changes) -> WeekView:
    view = WeekView(
        monday=MONDAY, week=WEEK, topic=topic, tz=ZoneInfo("Europe/Berlin"),
        schedule=Schedule(0, 600), subscribed=True, unreachable=False, paused_until=None,
        next_nudge=datetime(2026, 12, 7, 9, 0, tzinfo=UTC), due_now=False,
    )
    return replace(view, **changes)


@pytest.fixture
def make_view(topic):
    def make(**changes) -> WeekView:
        return week_view(changes.pop("topic", topic), **changes)
    return make


def rotation(guide: Guide, week: str = WEEK) -> tuple[RotationPoint, ...]:
    """The last nine weeks, the last one `week`; one week without answers, and one without
    a figure in the rotation before."""
    dims = guide.dimensions
    points = [RotationPoint(t, f"2026-W{41 + k}", None if k == 3 else 1 + k * 0.5,
                            None if k == 5 else 4.5 - k * 0.25)
              for k, t in enumerate(dims)]
    points[-1] = replace(points[-1], week=week)
    return tuple(points)


def make_digest(guide: Guide, *, members: int = 3, answered: int | None = None,
                private: int = 0, rating_only: int = 0, text: str = "Went well & <fast>.",
                topic: Topic | None = None, previous: float | None = 2.0,
                rotation_points: tuple[RotationPoint, ...] | None = None,
                floor: int = 1) -> Digest:
    """A digest of `members` people of whom `answered` answered (all by default), the first
    `private` of them privately and the next `rating_only` sharing their rating alone;
    everyone else's text is `text`. The privacy floor is `floor` (1: off)."""
    people = tuple(users(members))
    answered = members if answered is None else answered
    answering = people[:answered]
    ratings = {u: k % 5 + 1 for k, u in enumerate(answering)}
    topic = topic or guide.topic("planning")
    entries = tuple(Entry(u, ratings[u], None if k < private + rating_only else text, 1000 + k,
                          suggested_question(topic, k))
                    for k, u in enumerate(answering) if k >= private)
    shared = [ratings[e.user_id] for e in entries]
    return Digest(
        manager_id="UMANAGER01", week=WEEK, topic=topic,
        members=people, missing=people[answered:], figure=figures.figure(shared, floor),
        rated=len(shared), floor=floor, previous_week="2026-W40", previous_average=previous,
        entries=entries, kept_private=min(private, answered),
        rotation=rotation(guide) if rotation_points is None else rotation_points,
        spans=(Rotation("2026-W32", "2026-W40"), Rotation("2026-W41", WEEK)),
    )


def make_trend(guide: Guide, *, floor: int = 3, empty: bool = False) -> TeamTrend:
    """Three rotations to WEEK, from ratings a team shared: every point made by the figures
    module (so below `floor` there is none); dimension 4 has no figure in the middle
    rotation, dimension 9 none at all; `empty`: no figure anywhere."""
    ratings = {}
    for n, day in enumerate(mondays(guide, MONDAY, trend.ROTATIONS)):
        topic = dimension_for_week(guide, ANCHOR, day)
        if empty or topic.number == 9 or (topic.number == 4 and 9 <= n < 18):
            continue
        ratings[(week_key(day), topic.slug)] = [topic.number % 5 + 1, n % 5 + 1, 3]
    return trend_of(guide, ANCHOR, MONDAY, ratings, floor)


def reflection(dimension: str = "planning", *, week: str = WEEK, rating: int = 4,
               text: str = "Planned & <estimated>.", sharing: str = SHARED,
               id: int = 1) -> Reflection:
    """A stored reflection row, as storage.reflections.history returns them."""
    return Reflection(id=id, team_id="T111", user_id="U111", week=week, dimension=dimension,
                      rating=rating, text=text, sharing=sharing)


ROTATIONS = tuple(f"2026-W{n:02d}" for n in range(13, 50, 9))  # five


def make_progress(guide: Guide, **changes) -> Progress:
    """A person with three rotations of answers on most dimensions."""
    dims = guide.dimensions
    trends = tuple(Trend(t, () if t.number == 4 else ((0, 2), (2, 3), (4, t.number % 5 + 1)))
                   for t in dims)
    progress = Progress(
        user_id="U0123456789", week=WEEK, rotations=ROTATIONS, trends=trends,
        last_rotation=tuple((t, t.number % 5 + 1) for t in dims if t.number != 4),
        streak=4, reflected_this_week=True, answered=7, nudged=9, reflections=25, earlier=0)
    return replace(progress, **changes)
