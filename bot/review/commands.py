"""`/techlead digest [last | 2026-W48 | trend | schedule ... | export]`, for a team's
manager."""

from __future__ import annotations

from bot.blocks.digest import (
    build_digest_schedule_help,
    build_digest_schedule_set,
    build_no_team,
    build_summary,
    build_week_problem,
)
from bot.coaching.calendar import parse_schedule
from bot.invocation import Invocation
from bot.review.export import export
from bot.review.lookup import digest_of_manager, managers_week, which_week
from bot.review.trend import trend
from bot.slack_profile import remember_timezone
from storage.teams import team_of_manager


def digest(inv: Invocation) -> dict:
    words = [w.lower() for w in inv.args]  # the words after "digest"
    if words and words[0] == "export":
        return export(inv)
    if words and words[0] in ("trend", "trends"):
        return trend(inv)
    if words and words[0] == "schedule":
        return schedule(inv, " ".join(inv.args[1:]))
    this_monday = managers_week(inv.deps, inv.team_id, inv.user_id, inv.now)
    if this_monday is None:
        return build_no_team()
    request = which_week(words, this_monday)
    if request.problem:
        return build_week_problem(request.problem, request.typed)
    result = digest_of_manager(inv.deps, inv.team_id, inv.user_id, request.monday)
    return build_summary(result) if result else build_no_team()


def schedule(inv: Invocation, typed: str) -> dict:
    parsed = parse_schedule(typed) if typed else None
    remember_timezone(inv.deps, inv.client, inv.team_id, inv.user_id, inv.now)
    with inv.deps.sessions.begin() as session:
        team = team_of_manager(session, inv.team_id, inv.user_id)
        if team is None:
            return build_no_team()
        if parsed is None:
            return build_digest_schedule_help()
        team.digest_weekday, team.digest_minute = parsed.weekday, parsed.minute
    return build_digest_schedule_set(parsed)
