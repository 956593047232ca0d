"""`/techlead digest export`: a CSV of what the team shared with its manager, uploaded to
the manager's DM: each answer's rating, and its text when shared in full. Private answers
are never in it, and it holds no team figures (each row is one person's shared answer)."""

from __future__ import annotations

import csv
import io
import logging
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.blocks.digest import build_export_failed, build_exported, build_no_team, export_file
from bot.invocation import Invocation
from storage import reflections as store
from storage.models import RATING_ONLY, SHARED
from storage.teams import team_of_manager

logger = logging.getLogger(__name__)

# A cell starting with one of these is a formula to a spreadsheet: quoted, it stays text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
COLUMNS = ["member", "name", "week", "dimension", "rating", "shared", "text"]
# The "shared" column: what the author chose to share (private answers are not exported).
SHARING_WORDS = {SHARED: "text and rating", RATING_ONLY: "rating only"}


def export(inv: Invocation) -> dict:
    with inv.deps.sessions.begin() as session:
        team = team_of_manager(session, inv.team_id, inv.user_id)
        if team is None:
            return build_no_team()
        rows = store.shared_with_manager(session, inv.team_id, team.id)
    names = display_names(inv.client, sorted({r.user_id for r in rows}))
    content = to_csv([[r.user_id, names.get(r.user_id, ""), r.week, r.dimension, r.rating,
                       SHARING_WORDS[r.sharing], r.text or ""] for r in rows])
    try:
        channel = inv.client.conversations_open(users=inv.user_id)["channel"]["id"]
        inv.client.files_upload_v2(channel=channel, content=content, **export_file(inv.now))
    except SlackApiError as err:
        logger.warning("CSV export upload failed: %s", err.response.get("error"))
        return build_export_failed()
    return build_exported(len(rows))


def display_names(client: WebClient, user_ids: list[str]) -> dict[str, str]:
    """Each person's name as Slack shows it (display name, else real name); left out for
    anyone Slack will not describe, whose id alone then stands in the file."""
    names = {}
    for user_id in user_ids:
        try:
            user = client.users_info(user=user_id).get("user") or {}
        except (SlackApiError, URLError, OSError, TimeoutError) as err:
            logger.warning("users.info for the export failed: %s", type(err).__name__)
            continue
        profile = user.get("profile") or {}
        name = profile.get("display_name") or profile.get("real_name") or user.get("real_name")
        if isinstance(name, str) and name:
            names[user_id] = name
    return names


def to_csv(rows: list[list]) -> bytes:
    """The CSV bytes, header first, with every cell a spreadsheet could run made text."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([_inert(cell) for cell in row])
    return out.getvalue().encode()


def _inert(cell):
    return "'" + cell if isinstance(cell, str) and cell.startswith(FORMULA_START) else cell
