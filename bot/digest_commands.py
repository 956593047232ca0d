"""`/techlead digest ...`: a team's digest, its schedule and its CSV export, for managers."""

from __future__ import annotations

import csv
import io
import logging

from slack_sdk.errors import SlackApiError

from bot.blocks.digest import build_summary
from bot.blocks.notes import build_note
from bot.coaching.calendar import parse_schedule
from bot.digests import digest_of_manager, managers_week, which_week
from bot.timezones import remember_timezone
from storage import reflections as store
from storage.teams import ACTIVE, members, team_of_manager

logger = logging.getLogger(__name__)

NO_TEAM = ("The digest is for a team's manager, and you don't manage a team yet. Build one "
           "with `/techlead team add @alice @bob`: each person accepts in a DM, and you then "
           "get their ratings and shared reflections every Friday.")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def digest(inv) -> dict:
    words = [w.lower() for w in inv.args]  # the words after "digest"
    if words and words[0] == "export":
        return export(inv)
    if words and words[0] == "schedule":
        return schedule(inv, " ".join(inv.args[1:]))
    this_monday = managers_week(inv.coach, inv.team_id, inv.user_id, inv.now)
    if this_monday is None:
        return build_note(NO_TEAM)
    request = which_week(words, this_monday)
    if request.problem:
        return build_note(request.problem)
    result = digest_of_manager(inv.coach, inv.team_id, inv.user_id, request.monday)
    return build_summary(result) if result else build_note(NO_TEAM)


def schedule(inv, typed: str) -> dict:
    parsed = parse_schedule(typed) if typed else None
    remember_timezone(inv.coach, inv.client, inv.team_id, inv.user_id, inv.now)
    with inv.coach.sessions.begin() as session:
        team = team_of_manager(session, inv.team_id, inv.user_id)
        if team is None:
            return build_note(NO_TEAM)
        if parsed is None:
            return build_note("Say when, in your time zone: `/techlead digest schedule fri "
                              "16:00` or `/techlead digest schedule mon 9am`.")
        team.digest_weekday, team.digest_minute = parsed.weekday, parsed.minute
    return build_note(f"Your team digest now comes {parsed.describe()} (your time zone).")


def export(inv) -> dict:
    """A CSV of the team's shared reflections, uploaded to the manager's DM."""
    with inv.coach.sessions.begin() as session:
        team = team_of_manager(session, inv.team_id, inv.user_id)
        if team is None:
            return build_note(NO_TEAM)
        people = [m.user_id for m in members(session, team.id) if m.state == ACTIVE]
        rows = [r for r in store.of_people_all_weeks(session, inv.team_id, people)
                if not r.private]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["member", "week", "dimension", "rating", "text"])
    for row in rows:
        text = "'" + row.text if row.text.startswith(FORMULA_START) else row.text
        writer.writerow([row.user_id, row.week, row.dimension, row.rating, text])
    try:
        channel = inv.client.conversations_open(users=inv.user_id)["channel"]["id"]
        inv.client.files_upload_v2(
            channel=channel, content=out.getvalue().encode(),
            filename=f"team-reflections-{inv.now:%Y-%m-%d}.csv",
            title="Team reflections (shared ones only)")
    except SlackApiError as err:
        logger.warning("CSV export upload failed: %s", err.response.get("error"))
        return build_note("Sorry, I couldn't upload the file just now; please try again.")
    return build_note(f"Sent you a CSV of {len(rows)} shared reflections by DM.",
                      "Private reflections are never exported.")
