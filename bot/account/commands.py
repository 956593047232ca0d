"""`/techlead subscribe | unsubscribe | schedule | pause | resume | week`."""

from __future__ import annotations

from bot.blocks import account as blocks
from bot.coaching import people
from bot.coaching.calendar import parse_schedule
from bot.invocation import Invocation
from bot.slack_profile import fetch_timezone, remember_timezone
from bot.values import whole_number


def subscribe(inv: Invocation) -> dict:
    tz = fetch_timezone(inv.client, inv.user_id)
    with inv.deps.sessions.begin() as session:
        newly = people.subscribe(session, inv.team_id, inv.user_id, inv.now, inv.default_tz, tz)
        return blocks.build_subscribed(inv.view(session), newly)


def unsubscribe(inv: Invocation) -> dict:
    with inv.deps.sessions.begin() as session:
        return blocks.build_unsubscribed(people.unsubscribe(session, inv.team_id, inv.user_id))


def schedule(inv: Invocation) -> dict:
    parsed = parse_schedule(inv.typed) if inv.typed else None
    remember_timezone(inv.deps, inv.client, inv.team_id, inv.user_id, inv.now)
    with inv.deps.sessions.begin() as session:
        if parsed is None:
            return blocks.build_schedule_help(inv.typed or None, inv.view(session))
        people.set_schedule(session, inv.team_id, inv.user_id, parsed, inv.now,
                            inv.default_tz)
        return blocks.build_schedule_set(inv.view(session))


def pause(inv: Invocation) -> dict:
    typed = inv.typed
    weeks = whole_number(typed, largest=people.MAX_PAUSE_WEEKS)
    if not weeks:
        return blocks.build_pause_help(typed or None)
    with inv.deps.sessions.begin() as session:
        resume_on = people.pause(session, inv.team_id, inv.user_id, weeks, inv.now,
                                 inv.default_tz)
        return blocks.build_paused(resume_on, inv.view(session))


def resume(inv: Invocation) -> dict:
    with inv.deps.sessions.begin() as session:
        was = people.resume(session, inv.team_id, inv.user_id)
        return blocks.build_resumed(was, inv.view(session))


def week(inv: Invocation) -> dict:
    remember_timezone(inv.deps, inv.client, inv.team_id, inv.user_id, inv.now)
    with inv.deps.sessions.begin() as session:
        return blocks.build_week(inv.view(session))
