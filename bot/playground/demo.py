"""The playground's small workspace: a manager and members in several time zones (one of
them half an hour off the hour), and, with --demo, weeks of past reflections."""

from __future__ import annotations

import random
import tomllib
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

from bot.coaching import people
from bot.coaching.calendar import week_key, week_start
from bot.coaching.rotation import dimension_for_week
from bot.dependencies import Dependencies
from bot.playground.world import Person
from storage import teams
from storage.models import KEEP_PRIVATE, RATING_ONLY, SHARED
from storage.people import ensure_person, ensure_workspace, set_timezone
from storage.reflections import save_reflection

TEAM_ID = "T_PLAYGROUND"
PEOPLE = [
    Person("U01MAYA", "Maya", "America/New_York", "manager"),
    Person("U02ALICE", "Alice", "Europe/Berlin", "member"),
    Person("U03RAVI", "Ravi", "Asia/Kolkata", "member"),
    Person("U04SAM", "Sam", "Australia/Adelaide", "member"),
]
HISTORY_WEEKS = 10  # more than one rotation, so the digest has a trend to show
# Sample reflections, keyed by the slug of the dimension each one answers.
SAMPLES_FILE = Path(__file__).resolve().parent / "demo_reflections.toml"


@cache
def samples_by_dimension() -> dict[str, list[str]]:
    with SAMPLES_FILE.open("rb") as f:
        return {slug: list(texts) for slug, texts in tomllib.load(f).items()}


def seed(deps: Dependencies, now: datetime, *, history: bool) -> None:
    """People subscribed since before the first week, Maya's team, and maybe history;
    written through the same functions the bot's own commands and buttons use."""
    anchor = week_start(now.date()) - timedelta(weeks=HISTORY_WEEKS if history else 0)
    since = datetime.combine(anchor, datetime.min.time(), tzinfo=now.tzinfo) - timedelta(
        days=7)
    manager, members = PEOPLE[0], PEOPLE[1:]
    with deps.sessions.begin() as session:
        ensure_workspace(session, TEAM_ID, anchor=anchor)
        ensure_person(session, TEAM_ID, manager.id)
        set_timezone(session, TEAM_ID, manager.id, manager.tz)
        for person in members:
            people.subscribe(session, TEAM_ID, person.id, since, deps.default_tz, person.tz)
        team = teams.ensure_team(session, TEAM_ID, manager.id, since)
        teams.invite(session, team, [p.id for p in members], since)
        for person in members:
            teams.respond(session, team.id, person.id, teams.ACTIVE, since)
        if history:
            _history(session, deps, anchor, now)


# Of the demo team, one keeps their answers private and one shares ratings only.
DEMO_SHARING = {1: RATING_ONLY, 2: KEEP_PRIVATE}


def _history(session, deps: Dependencies, anchor, now: datetime) -> None:
    rng = random.Random(42)
    samples = samples_by_dimension()
    missing = {t.slug for t in deps.guide.dimensions} - set(samples)
    if missing:
        raise ValueError(f"{SAMPLES_FILE.name} has no samples for {sorted(missing)}")
    for week in range(HISTORY_WEEKS):
        monday = anchor + timedelta(weeks=week)
        topic = dimension_for_week(deps.guide, anchor, monday)
        texts = samples[topic.slug]
        for i, person in enumerate(PEOPLE[1:]):
            if rng.random() < 0.15:
                continue  # not everyone answers every week
            rating = min(5, max(1, 2 + week // 4 + rng.randint(-1, 1)))
            save_reflection(session, team_id=TEAM_ID, user_id=person.id,
                            week=week_key(monday), dimension=topic.slug, rating=rating,
                            text=texts[(week + i) % len(texts)],
                            sharing=DEMO_SHARING.get(i, SHARED), now=now)
