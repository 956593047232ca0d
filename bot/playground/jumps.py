"""The playground's clock jumps: move the bot's clock to the next moment something happens
for the current person, so the scheduler sends exactly what it would send then.

A jump never skips anything: on its way the clock stops at every moment something is
scheduled for anyone (nudges, reminders, digests) and the scheduler runs there, until
nothing more is due, before the clock moves on. The caller holds the playground's lock, so
the background scheduler never runs in between."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta

from sqlalchemy import select

from bot.clock import SettableClock
from bot.coaching import people
from bot.coaching.calendar import digest_schedule_of, local_week, next_nudge, nudge_at, reminder_at
from bot.coaching.due import Recipient
from bot.delivery.dispatcher import Dispatcher
from bot.delivery.jobs import BatchReport
from bot.dependencies import Dependencies
from bot.review.weekly import manager_zone
from storage.deliveries import SENT
from storage.models import Delivery, Workspace
from storage.people import subscribed_people, workspace_ids
from storage.teams import teams_in

JUMPS = [
    {"id": "next_nudge", "label": "Jump to my next nudge"},
    {"id": "reminder", "label": "Jump to the reminder"},
    {"id": "digest", "label": "Jump to Friday's digest"},
    {"id": "next_week", "label": "Next week"},
]
# A tick can make more due at the same moment (a nudge sent makes its reminder due): tick
# again until one sends nothing, this many times at most.
MAX_TICKS_PER_MOMENT = 5


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


def moments(deps: Dependencies, start: datetime, end: datetime) -> list[datetime]:
    """Every instant in (start, end] at which something is scheduled in any workspace:
    each subscribed person's nudge and reminder, each team's digest, week by week."""
    found: set[datetime] = set()
    with deps.sessions.begin() as session:
        for team_id in workspace_ids(session):
            ws = session.get(Workspace, team_id)
            for person in subscribed_people(session, team_id):
                who = Recipient.of(person, ws.default_timezone)
                for monday in _mondays(start, end, who.tz):
                    found.add(nudge_at(monday, who.schedule, who.tz))
                    found.add(reminder_at(monday, who.schedule, who.tz))
            for team in teams_in(session, team_id):
                tz = manager_zone(session, ws, team)
                for monday in _mondays(start, end, tz):
                    found.add(nudge_at(monday, digest_schedule_of(team), tz))
    return sorted(at for at in found if at is not None and start < at <= end)


def _mondays(start: datetime, end: datetime, tz) -> list[date]:
    monday, last = local_week(start, tz), local_week(end, tz)
    weeks = []
    while monday <= last:
        weeks.append(monday)
        monday += timedelta(weeks=1)
    return weeks


def settle(dispatcher: Dispatcher) -> BatchReport:
    """Tick at the clock's moment until a tick sends nothing more."""
    report = BatchReport()
    for _ in range(MAX_TICKS_PER_MOMENT):
        tick = dispatcher.tick()
        report.add(tick)
        if not any(n for outcome, n in tick.counts.items() if outcome != "already"):
            break
    return report


def travel(deps: Dependencies, dispatcher: Dispatcher, clock: SettableClock,
           to: datetime) -> list[dict]:
    """Move the clock to `to` (never back), running the scheduler at every moment on the
    way and at `to`; what was sent, as {kind, user, week}, in the order it went out."""
    before = sent_deliveries(deps)
    for moment in [*moments(deps, clock(), to), to]:
        if moment >= clock():
            clock.set(moment)
            settle(dispatcher)
    after = sent_deliveries(deps)
    sent = sorted((at, user, kind, week) for (user, kind, week), at in after.items()
                  if (user, kind, week) not in before)
    return [{"kind": kind, "user": user, "week": week} for _, user, kind, week in sent]


def sent_deliveries(deps: Dependencies) -> dict[tuple[str, str, str], datetime]:
    """Every delivery that went out: (user, kind, week) -> when."""
    with deps.sessions.begin() as session:
        rows = session.execute(select(Delivery.user_id, Delivery.kind, Delivery.week,
                                      Delivery.sent_at).where(Delivery.status == SENT))
        return {(user, kind, week): at for user, kind, week, at in rows}


def describe(sent: list[dict]) -> str:
    """`1 nudge, 3 reminders and 1 digest`, or `nothing`."""
    counts = Counter(s["kind"] for s in sent)
    parts = [f"{n} {kind}{'s' if n != 1 else ''}" for kind, n in counts.items()]
    if not parts:
        return "nothing (nothing was due)"
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
