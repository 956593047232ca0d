"""The /techlead sub-commands that read or change a person's coaching state.

Each runs after the ack (in a Bolt lazy listener), so Slack and database calls never hold
up the 3-second acknowledgement; the answer goes back through the response_url.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from slack_sdk import WebClient

from bot import digest_commands, forget_me, team_commands
from bot.blocks import account
from bot.blocks.history import PER_PAGE, build_history
from bot.catalogue import STATEFUL_VERBS
from bot.coaching import people
from bot.coaching.calendar import parse_schedule
from bot.reflect import open_reflection
from bot.services import Coach
from bot.slack_users import fetch_timezone
from bot.timezones import remember_timezone
from content import normalize
from storage import reflections


@dataclass(frozen=True)
class Invocation:
    """One sub-command call: who, where, with what words."""

    coach: Coach
    client: WebClient
    team_id: str
    user_id: str
    args: tuple[str, ...]
    trigger_id: str | None
    now: datetime
    bot_user_id: str | None = None

    @property
    def default_tz(self) -> str:
        return self.coach.settings.default_timezone

    def view(self, session) -> people.WeekView:
        return people.week_view(session, self.coach.guide, self.team_id, self.user_id,
                                self.now, self.default_tz)


def verb_of(text: str | None) -> str | None:
    words = (text or "").split()
    verb = normalize(words[0]) if words else ""
    return verb if verb in STATEFUL_VERBS else None


def _refresh_timezone(inv: Invocation) -> str | None:
    return remember_timezone(inv.coach, inv.client, inv.team_id, inv.user_id, inv.now)


def do_subscribe(inv: Invocation) -> dict:
    tz = fetch_timezone(inv.client, inv.user_id)
    with inv.coach.sessions.begin() as session:
        newly = people.subscribe(session, inv.team_id, inv.user_id, inv.now, inv.default_tz, tz)
        return account.build_subscribed(inv.view(session), newly)


def do_unsubscribe(inv: Invocation) -> dict:
    with inv.coach.sessions.begin() as session:
        return account.build_unsubscribed(people.unsubscribe(session, inv.team_id, inv.user_id))


def do_schedule(inv: Invocation) -> dict:
    typed = " ".join(inv.args)
    schedule = parse_schedule(typed) if typed else None
    _refresh_timezone(inv)
    with inv.coach.sessions.begin() as session:
        if schedule is None:
            return account.build_schedule_help(typed or None, inv.view(session))
        people.set_schedule(session, inv.team_id, inv.user_id, schedule, inv.now,
                            inv.default_tz)
        return account.build_schedule_set(inv.view(session))


def do_pause(inv: Invocation) -> dict:
    typed = " ".join(inv.args)
    if not typed.isdigit() or not 1 <= int(typed) <= people.MAX_PAUSE_WEEKS:
        return account.build_pause_help(typed or None)
    with inv.coach.sessions.begin() as session:
        resume_on = people.pause(session, inv.team_id, inv.user_id, int(typed), inv.now,
                                 inv.default_tz)
        return account.build_paused(resume_on, inv.view(session))


def do_resume(inv: Invocation) -> dict:
    with inv.coach.sessions.begin() as session:
        was = people.resume(session, inv.team_id, inv.user_id)
        return account.build_resumed(was, inv.view(session))


def do_week(inv: Invocation) -> dict:
    _refresh_timezone(inv)
    with inv.coach.sessions.begin() as session:
        return account.build_week(inv.view(session))


def do_history(inv: Invocation) -> dict:
    page = int(inv.args[0]) if inv.args and inv.args[0].isdigit() else 1
    return history_page(inv.coach, inv.team_id, inv.user_id, page)


def history_page(coach: Coach, team_id: str, user_id: str, page: int) -> dict:
    page = max(1, page)
    with coach.sessions.begin() as session:
        rows, total = reflections.history(session, team_id, user_id,
                                          offset=(page - 1) * PER_PAGE, limit=PER_PAGE)
        if not rows and total:
            page = (total + PER_PAGE - 1) // PER_PAGE
            rows, total = reflections.history(session, team_id, user_id,
                                              offset=(page - 1) * PER_PAGE, limit=PER_PAGE)
    return build_history(coach.guide, rows, total, page)


def do_reflect(inv: Invocation) -> dict | None:
    return open_reflection(inv.coach, inv.client, team_id=inv.team_id, user_id=inv.user_id,
                           trigger_id=inv.trigger_id, now=inv.now,
                           topic_text=" ".join(inv.args) or None)


HANDLERS: dict[str, Callable[[Invocation], dict | None]] = {
    "subscribe": do_subscribe, "unsubscribe": do_unsubscribe, "schedule": do_schedule,
    "pause": do_pause, "resume": do_resume, "week": do_week, "history": do_history,
    "reflect": do_reflect, "team": team_commands.run, "digest": digest_commands.digest,
    "forget-me": forget_me.forget_me,
}
