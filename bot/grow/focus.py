"""A focus dimension of the person's own choosing: `/techlead focus <topic> [weeks]`, one
extra question on it in each weekly nudge (the workspace still reflects on its own
dimension), a suggestion once per rotation of the dimension they rated lowest, and, when a
focus ends, its ratings before and during it with the offer to keep it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from bot.blocks import focus as blocks
from bot.coaching import people
from bot.coaching.calendar import week_key
from bot.coaching.focus import active
from bot.coaching.rotation import dimension_for_week
from bot.dependencies import Dependencies
from bot.invocation import Invocation
from bot.values import ReflectTarget, whole_number
from content import Guide, Topic, resolve
from storage import people as store
from storage.models import Person, Workspace
from storage.reflections import ratings_of_people

DEFAULT_WEEKS, MAX_WEEKS = 4, 12


@dataclass(frozen=True)
class FocusNow:
    """What a person's focus means for the week of `monday`."""

    topic: Topic | None = None  # the focus, while it lasts
    weeks_left: int = 0  # this week included
    suggest: Topic | None = None  # a focus to suggest (lowest rated, once per rotation)
    ended: Topic | None = None  # the focus that ended before this week
    before: float | None = None  # its average rating before the focus began
    during: float | None = None  # and while it lasted


def focus_command(inv: Invocation) -> dict:
    """`/techlead focus` (what it is), `focus <topic> [weeks]`, `focus off`, and `focus
    share` / `focus unshare` (whether managers' 1:1 prep shows it)."""
    words = list(inv.args)
    guide = inv.deps.guide
    with inv.deps.sessions.begin() as session:
        view = inv.view(session)
        person = store.find_person(session, inv.team_id, inv.user_id)
        current, left = active(person, guide, view.monday)
        shared = bool(person and person.focus_shared)
        if not words:
            return blocks.build_focus_state(current, left, shared=shared)
        if words[0].lower() in ("share", "unshare"):
            shared = words[0].lower() == "share"
            store.set_focus_shared(session, inv.team_id, inv.user_id, shared)
            return blocks.build_focus_sharing(shared, current)
        if words[0].lower() in ("off", "stop", "end", "none"):
            store.set_focus(session, inv.team_id, inv.user_id, None)
            return blocks.build_focus_off(current)
        weeks = DEFAULT_WEEKS
        if len(words) > 1 and words[-1].isascii() and words[-1].isdigit():
            weeks = whole_number(words.pop(), largest=MAX_WEEKS) or 0
            if not 1 <= weeks <= MAX_WEEKS:
                return blocks.build_focus_help(guide, " ".join(inv.args), MAX_WEEKS)
        topic = resolve(guide, " ".join(words)).topic
        if topic is None or not topic.is_dimension:
            return blocks.build_focus_help(guide, " ".join(words), MAX_WEEKS, topic)
        store.set_focus(session, inv.team_id, inv.user_id, topic.slug, view.monday,
                        view.monday + timedelta(weeks=weeks))
    return blocks.build_focus_set(topic, weeks, shared=shared)


def make_it_my_focus(deps: Dependencies, team_id: str, user_id: str,
                     value: str | None) -> dict | None:
    """The nudge's Make it my focus / Keep my focus button: DEFAULT_WEEKS from this week;
    None for a malformed button."""
    button = ReflectTarget.decode(value)
    try:
        topic = deps.guide.topic(button.dimension) if button else None
    except KeyError:
        topic = None
    if topic is None or not topic.is_dimension:
        return None
    with deps.sessions.begin() as session:
        monday = people.week_view(session, deps.guide, team_id, user_id, deps.clock(),
                                  deps.default_tz).monday
        shared = store.set_focus(session, team_id, user_id, topic.slug, monday,
                                 monday + timedelta(weeks=DEFAULT_WEEKS)).focus_shared
    return blocks.build_focus_set(topic, DEFAULT_WEEKS, shared=shared)


def for_nudges(session: Session, guide: Guide, ws: Workspace, people: dict[str, Person],
               mondays: dict[str, date]) -> dict[str, FocusNow]:
    """What each person's nudge says of focus, for everyone about to be nudged: their
    focus, a suggestion, or a focus that has just ended. Two queries for any number of
    people; a suggestion and an ending are recorded, so each is shown once."""
    period = len(guide.dimensions)
    weeks = {week_key(m - timedelta(weeks=n)) for m in mondays.values()
             for n in range(1, 2 * period + MAX_WEEKS + 1)}
    ratings = ratings_of_people(session, ws.team_id, list(mondays), weeks)
    found: dict[str, FocusNow] = {}
    for user_id, monday in mondays.items():
        person = people[user_id]
        topic, left = active(person, guide, monday)
        if topic is not None:
            found[user_id] = FocusNow(topic=topic, weeks_left=left)
        elif person.focus_dimension and person.focus_until and person.focus_until <= monday:
            found[user_id] = _ended(session, guide, ws, person, monday)
        elif (suggestion := _lowest(guide, ws, ratings.get(user_id, {}), monday)) is not None:
            rotation = (monday - ws.rotation_anchor).days // 7 // period
            if store.focus_suggested(session, ws.team_id, user_id, rotation):
                found[user_id] = FocusNow(suggest=suggestion)
    return found


def _lowest(guide: Guide, ws: Workspace, ratings: dict[str, list[int]],
            monday: date) -> Topic | None:
    """The dimension rated lowest over the last rotation (ties: the earliest in the
    guide), when the person rated at least three of them."""
    period = len(guide.dimensions)
    last = {dimension_for_week(guide, ws.rotation_anchor, monday - timedelta(weeks=n)).slug
            for n in range(1, period + 1)}
    rated = {slug: sum(r) / len(r) for slug, r in ratings.items() if slug in last and r}
    if len(rated) < 3:
        return None
    return min((t for t in guide.dimensions if t.slug in rated), key=lambda t: rated[t.slug])


def _ended(session: Session, guide: Guide, ws: Workspace, person: Person,
           monday: date) -> FocusNow:
    """A focus whose weeks are over: its averages before and during, and the focus is
    cleared (so the ending is told once)."""
    slug, since, until = person.focus_dimension, person.focus_since, person.focus_until
    store.set_focus(session, ws.team_id, person.user_id, None)
    try:
        topic = guide.topic(slug)
    except KeyError:
        return FocusNow()
    span = max(1, (until - since).days // 7) if since else DEFAULT_WEEKS
    start = since or until - timedelta(weeks=span)
    before_weeks = {week_key(start - timedelta(weeks=n)) for n in range(1, 2 * span + 10)}
    during_weeks = {week_key(start + timedelta(weeks=n)) for n in range(span)}
    before = _average(session, ws.team_id, person.user_id, slug, before_weeks)
    during = _average(session, ws.team_id, person.user_id, slug, during_weeks)
    return FocusNow(ended=topic, before=before, during=during)


def _average(session: Session, team_id: str, user_id: str, slug: str,
             weeks: set[str]) -> float | None:
    ratings = ratings_of_people(session, team_id, [user_id], weeks).get(user_id, {}).get(slug)
    return sum(ratings) / len(ratings) if ratings else None
