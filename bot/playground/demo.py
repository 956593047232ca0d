"""The playground's small workspace: a manager and members in several time zones (one of
them half an hour off the hour), and, with --demo, weeks of past reflections."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from bot.coaching.calendar import week_key, week_start
from bot.coaching.rotation import dimension_for_week
from bot.playground.world import Person
from bot.services import Coach
from storage.models import Membership, Team
from storage.models import Person as PersonRow
from storage.people import ensure_workspace
from storage.reflections import save_reflection

TEAM_ID = "T_PLAYGROUND"
PEOPLE = [
    Person("U01MAYA", "Maya", "America/New_York", "manager"),
    Person("U02ALICE", "Alice", "Europe/Berlin", "member"),
    Person("U03RAVI", "Ravi", "Asia/Kolkata", "member"),
    Person("U04SAM", "Sam", "Australia/Adelaide", "member"),
]
HISTORY_WEEKS = 10  # more than one rotation, so the digest has a trend to show
SAMPLES = [
    "I wrote down the risks before we started and we agreed who owns each one.",
    "I mostly focused on my own ticket; next week I want to look at the whole delivery.",
    "We hit a surprise in the legacy code. I flagged it late; next time I'll spike first.",
    "I shaped the plan so Ravi and Sam could work in parallel, and it worked.",
    "Reviewed three PRs for failure modes, not just style. Found a missing rollback.",
]


def seed(coach: Coach, now: datetime, *, history: bool) -> None:
    """People subscribed since before the first week, Maya's team, and maybe history."""
    anchor = week_start(now.date()) - timedelta(weeks=HISTORY_WEEKS if history else 0)
    since = datetime.combine(anchor, datetime.min.time(), tzinfo=now.tzinfo) - timedelta(
        days=7)
    with coach.sessions.begin() as session:
        ensure_workspace(session, TEAM_ID, anchor=anchor)
        for person in PEOPLE:
            session.add(PersonRow(team_id=TEAM_ID, user_id=person.id, timezone=person.tz,
                                  subscribed=person.role == "member", subscribed_at=since,
                                  nudge_weekday=0, nudge_minute=600))
        team = Team(team_id=TEAM_ID, manager_id="U01MAYA", created_at=since)
        session.add(team)
        session.flush()
        for person in PEOPLE[1:]:
            session.add(Membership(group_id=team.id, team_id=TEAM_ID, user_id=person.id,
                                   state="active", invited_at=since))
        if history:
            _history(session, coach, anchor, now)


def _history(session, coach: Coach, anchor, now: datetime) -> None:
    rng = random.Random(42)
    for week in range(HISTORY_WEEKS):
        monday = anchor + timedelta(weeks=week)
        topic = dimension_for_week(coach.guide, anchor, monday)
        for i, person in enumerate(PEOPLE[1:]):
            if rng.random() < 0.15:
                continue  # not everyone answers every week
            rating = min(5, max(1, 2 + week // 4 + rng.randint(-1, 1)))
            save_reflection(session, team_id=TEAM_ID, user_id=person.id,
                            week=week_key(monday), dimension=topic.slug, rating=rating,
                            text=SAMPLES[(week + i) % len(SAMPLES)], private=i == 2,
                            now=now)
