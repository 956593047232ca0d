"""The playground's clock jumps: move the bot's clock to the next moment something happens
for the current person, so the scheduler sends exactly what it would send then."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.coaching import people
from bot.coaching.calendar import digest_schedule_of, next_nudge, reminder_at
from bot.dependencies import Dependencies
from bot.review.weekly import manager_zone
from storage.models import Workspace
from storage.teams import teams_in

JUMPS = [
    {"id": "next_nudge", "label": "Jump to my next nudge"},
    {"id": "reminder", "label": "Jump to the reminder"},
    {"id": "digest", "label": "Jump to Friday's digest"},
    {"id": "next_week", "label": "Next week"},
]


def target(deps: Dependencies, team_id: str, user_id: str, jump: str) -> datetime | None:
    """When `jump` lands for `user_id`; None for an unknown jump."""
    now = deps.clock()
    if jump == "next_week":
        return now + timedelta(days=7)
    with deps.sessions.begin() as session:
        view = people.week_view(session, deps.guide, team_id, user_id, now,
                                deps.settings.default_timezone)
        if jump == "next_nudge":
            return now if view.due_now else view.next_nudge
        if jump == "reminder":
            at = reminder_at(view.monday, view.schedule, view.tz)
            if at is None or at <= now:
                at = reminder_at(view.monday + timedelta(weeks=1), view.schedule, view.tz)
            return at or now + timedelta(days=7)
        if jump == "digest":
            ws = session.get(Workspace, team_id)
            found = [next_nudge(now, digest_schedule_of(t),
                                manager_zone(session, ws, t)) for t in teams_in(session, team_id)]
            return min(found) if found else None
    return None
