"""The manager's weekly digest: when it is due, how it is sent, and what `/techlead digest`
shows."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from bot.blocks.digest import build_chart_fallback, build_page, build_summary, pages
from bot.chart import render_rotation_chart
from bot.coaching.calendar import (
    Schedule,
    local_week,
    nudge_at,
    parse_week_key,
    week_key,
    zone,
)
from bot.coaching.digest import Digest, build_digest
from bot.coaching.due import Due
from bot.delivery import Job
from bot.mrkdwn import escape
from bot.observability.metrics import timed_digest_build
from bot.services import Coach
from bot.slack_send import Outcome, SendResult, classify, post_dm
from storage import deliveries
from storage.models import Team, Workspace
from storage.people import find_person
from storage.teams import team_of_manager, teams_in

logger = logging.getLogger(__name__)
DIGEST = "digest"


def manager_zone(session: Session, ws: Workspace, team: Team):
    person = find_person(session, ws.team_id, team.manager_id)
    return zone(person.timezone if person else None, ws.default_timezone)


def digest_jobs(coach: Coach, ws: Workspace, session: Session, now: datetime, *,
                force: bool) -> tuple[list[Job], int]:
    """Digests due at `now` (each manager's own time zone), and how many had gone out."""
    due: list[tuple[Team, date]] = []
    for team in teams_in(session, ws.team_id):
        tz = manager_zone(session, ws, team)
        monday = local_week(now, tz)
        at = nudge_at(monday, Schedule(team.digest_weekday, team.digest_minute), tz)
        # A team made after this week's digest time gets its first digest next week.
        if force or (at <= now and team.created_at <= at):
            due.append((team, monday))
    weeks = {week_key(m) for _, m in due}
    settled = deliveries.settled_users(session, ws.team_id, DIGEST, weeks, now)
    jobs = []
    for team, monday in due:
        if (team.manager_id, week_key(monday)) in settled:
            continue
        with timed_digest_build():
            digest = build_digest(session, coach.guide, ws, team, monday)
        jobs.append(Job(Due.at(team.manager_id, monday), DIGEST, digest.topic.slug,
                        partial(send_digest, digest)))
    return jobs, len(due) - len(jobs)


def send_digest(digest: Digest, client: WebClient) -> SendResult:
    """The summary DM (the delivery's outcome), then further pages in its thread and the
    chart; those extras are best effort and never cause a second digest."""
    summary = post_dm(client, digest.manager_id, build_summary(digest))
    if summary.outcome is not Outcome.SENT:
        return summary
    for page in range(2, pages(digest) + 1):
        extra = post_dm(client, digest.manager_id,
                        {**build_page(digest, page), "thread_ts": summary.ts})
        if extra.outcome is not Outcome.SENT:
            logger.warning("digest page %s for %s not sent (%s)", page, digest.manager_id,
                           extra.error)
    _send_chart(client, digest, summary.channel)
    return summary


def _send_chart(client: WebClient, digest: Digest, channel: str | None) -> None:
    try:
        client.files_upload_v2(
            channel=channel, content=render_rotation_chart(digest),
            filename=f"team-rotation-{digest.week}.png",
            title=f"Team average self-rating, last rotation to {digest.week}",
            alt_txt="Bar chart of the team's average self-rating per dimension")
        return
    except (SlackApiError, URLError, OSError, TimeoutError) as err:
        logger.warning("chart upload failed (%s); sending it as text", classify(err).error)
    post_dm(client, digest.manager_id, build_chart_fallback(digest))


@dataclass(frozen=True)
class DigestRequest:
    """`/techlead digest`, `digest last`, `digest 2026-W48`: which week, or a problem."""

    monday: date | None
    problem: str | None = None


def which_week(words: list[str], this_monday: date) -> DigestRequest:
    if not words or words[0] in ("this", "now"):
        return DigestRequest(this_monday)
    if words[0] in ("last", "previous"):
        return DigestRequest(this_monday - timedelta(weeks=1))
    monday = parse_week_key(words[0])
    if monday is None:
        shown = escape(words[0][:20])
        return DigestRequest(None, f"I couldn't read “{shown}” as a week. Try "
                                   "`/techlead digest`, `/techlead digest last` or "
                                   "`/techlead digest 2026-W48`.")
    if monday > this_monday:
        return DigestRequest(None, "That week has not happened yet.")
    return DigestRequest(monday)


def managers_week(coach: Coach, team_id: str, manager_id: str, now: datetime) -> date | None:
    """The Monday of the week it is now where the manager is; None when they manage no
    team (the digest is theirs only)."""
    with coach.sessions.begin() as session:
        ws = session.get(Workspace, team_id)
        team = team_of_manager(session, team_id, manager_id) if ws else None
        return local_week(now, manager_zone(session, ws, team)) if team else None


def digest_of_manager(coach: Coach, team_id: str, manager_id: str,
                      monday: date) -> Digest | None:
    """The digest of the team `manager_id` manages for the week of `monday`; None when
    they manage none."""
    with coach.sessions.begin() as session:
        ws = session.get(Workspace, team_id)
        team = team_of_manager(session, team_id, manager_id) if ws else None
        if team is None:
            return None
        with timed_digest_build():
            return build_digest(session, coach.guide, ws, team, monday)
