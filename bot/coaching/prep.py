"""A manager's 1:1 prep for one team member, as plain rules over what storage hands out as
shared with that manager (private answers never arrive here): the last rotation's shared
answers, each dimension's trend of shared ratings, the member's focus when they share it,
and three questions to ask. One member's own ratings, never a team figure: no average of
anyone's answers is made here (those belong to coaching.figures, behind the floor)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from bot.coaching.calendar import parse_week_key, week_key
from bot.coaching.rotation import dimension_for_week
from content import Guide, Topic

QUESTIONS = 3
TREND_POINTS = 6  # a dimension's latest shared ratings shown in its trend
# Why a question was picked: the dimension rated lowest lately, the one answered last, or
# this week's dimension (the member shared nothing yet, or the other two left a gap).
LOWEST, RECENT, THIS_WEEK = "lowest", "recent", "this_week"


@dataclass(frozen=True)
class Answer:
    """One answer the member shared with the manager; `text` None: the rating only."""

    reflection_id: int
    week: str
    topic: Topic
    rating: int
    text: str | None


@dataclass(frozen=True)
class Trend:
    """A dimension's last TREND_POINTS shared ratings, oldest first, of `total` shared."""

    topic: Topic
    ratings: tuple[int, ...]
    total: int


@dataclass(frozen=True)
class Question:
    """A 1:1 question from the guide, why it was picked, and the answer behind the pick."""

    topic: Topic
    ask: str
    listen_for: str
    why: str  # LOWEST, RECENT or THIS_WEEK
    because: Answer | None = None


@dataclass(frozen=True)
class Prep:
    manager_id: str
    member_id: str
    week: str  # this week, where the manager is
    since: str  # the first week of the last rotation
    this_week: Topic
    answers: tuple[Answer, ...]  # shared in the last rotation, newest first
    trends: tuple[Trend, ...]  # one per dimension, in the guide's order
    questions: tuple[Question, ...]
    shared: int  # answers shared with the manager in all (0: nothing yet)
    focus: Topic | None = None  # only when the member shares it
    focus_weeks_left: int = 0


def prep(guide: Guide, anchor: date, monday: date, shared: Iterable, *, manager_id: str,
         member_id: str, focus: Topic | None = None, focus_weeks_left: int = 0) -> Prep:
    """The prep from the member's shared answers (storage SharedAnswer rows, duck-typed:
    reflection_id, week, dimension, rating, text); `monday` is this week's, `anchor` the
    workspace's first (the rotation counts from it)."""
    topics = {t.slug: t for t in guide.dimensions}
    answers = sorted((Answer(a.reflection_id, a.week, topics[a.dimension], a.rating, a.text)
                      for a in shared if a.dimension in topics and parse_week_key(a.week)),
                     key=lambda a: (a.week, a.reflection_id))  # ISO keys sort by date
    first = monday - timedelta(weeks=len(guide.dimensions) - 1)
    latest: dict[str, Answer] = {}
    ratings: dict[str, list[int]] = {slug: [] for slug in topics}
    for answer in answers:  # oldest first: a later answer replaces an earlier one
        latest[answer.topic.slug] = answer
        ratings[answer.topic.slug].append(answer.rating)
    this_week = dimension_for_week(guide, anchor, monday)
    lowest = min(latest.values(), key=lambda a: (a.rating, a.week, a.reflection_id),
                 default=None)
    return Prep(
        manager_id=manager_id, member_id=member_id, week=week_key(monday),
        since=week_key(first), this_week=this_week,
        answers=tuple(reversed([a for a in answers if parse_week_key(a.week) >= first])),
        trends=tuple(Trend(t, tuple(ratings[t.slug][-TREND_POINTS:]), len(ratings[t.slug]))
                     for t in guide.dimensions),
        questions=choose_questions(lowest, answers[-1] if answers else None, this_week),
        shared=len(answers), focus=focus, focus_weeks_left=focus_weeks_left)


def choose_questions(lowest: Answer | None, recent: Answer | None,
                     this_week: Topic) -> tuple[Question, ...]:
    """Three questions, none twice: two on the dimension rated lowest lately (the lowest
    latest rating; ties: the one rated longest ago) and one on the dimension answered last;
    three on it when those are one dimension, filled from this week's dimension when it has
    fewer. Nothing shared: this week's dimension's questions only."""
    if lowest is None or recent is None:
        wanted = [(this_week, QUESTIONS, THIS_WEEK, None)]
    elif lowest.topic.slug == recent.topic.slug:
        wanted = [(lowest.topic, QUESTIONS, LOWEST, lowest),
                  (this_week, QUESTIONS, THIS_WEEK, None)]
    else:
        wanted = [(lowest.topic, QUESTIONS - 1, LOWEST, lowest),
                  (recent.topic, 1, RECENT, recent)]
    chosen: list[Question] = []
    for topic, count, why, because in wanted:
        fresh = [q for q in topic.manager_questions
                 if all((c.topic.slug, c.ask) != (topic.slug, q.ask) for c in chosen)]
        room = min(count, QUESTIONS - len(chosen))
        chosen += [Question(topic, q.ask, q.listen_for, why, because) for q in fresh[:room]]
    return tuple(chosen)
