"""The manager's weekly digest DM: when it is due (the team's digest time, in the manager's
own time zone) and how it is sent: the summary, further pages in its thread, the chart."""

from __future__ import annotations

import logging
from datetime import date, datetime
from functools import partial
from urllib.error import URLError
from zoneinfo import ZoneInfo

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from bot.blocks.digest import build_page, build_summary, pages
from bot.blocks.trend import build_chart_fallback, chart_file
from bot.coaching.calendar import (
    digest_schedule_of,
    local_week,
    nudge_at,
    week_key,
    zone,
)
from bot.coaching.digest import Digest, build_digest
from bot.coaching.due import Due
from bot.coaching.wakeups import next_digest_wakeup
from bot.delivery.jobs import Job
from bot.dependencies import Dependencies
from bot.observability.metrics import timed_digest_build
from bot.review.chart import render_rotation_chart
from bot.slack_send import Outcome, SendResult, classify, post_dm
from storage import deliveries
from storage.deliveries import DIGEST
from storage.models import Team, Workspace
from storage.people import find_person, timezones_of
from storage.teams import teams_in

logger = logging.getLogger(__name__)


WAKEUPS = (DIGEST,)  # the storage.wakeups instant this source reads


def manager_zone(session: Session, ws: Workspace, team: Team):
    person = find_person(session, ws.team_id, team.manager_id)
    return zone(person.timezone if person else None, ws.default_timezone)


def _zones(session: Session, ws: Workspace, teams: list[Team]) -> dict[int, ZoneInfo]:
    """Each team's manager's time zone: one query for any number of teams."""
    found = timezones_of(session, ws.team_id, [t.manager_id for t in teams])
    return {t.id: zone(found.get(t.manager_id), ws.default_timezone) for t in teams}


def everyone(session: Session, team_id: str) -> dict[str, list[Team]]:
    """`digest --now`: every team's digest is looked at."""
    return {DIGEST: teams_in(session, team_id)}


def digest_jobs(deps: Dependencies, ws: Workspace, session: Session, now: datetime,
                rows: dict[str, list[Team]], *, force: bool) -> tuple[list[Job], int]:
    """The digests of the teams in `rows` due at `now` (each manager's own time zone), and
    how many had gone out."""
    teams = rows.get(DIGEST, [])
    zones = _zones(session, ws, teams)
    due: list[tuple[Team, date]] = []
    for team in teams:
        tz = zones[team.id]
        monday = local_week(now, tz)
        at = nudge_at(monday, digest_schedule_of(team), tz)
        # A team made after this week's digest time gets its first digest next week.
        if force or (at <= now and team.created_at <= at):
            due.append((team, monday))
    weeks = {week_key(m) for _, m in due}
    settled = deliveries.settled_users(session, ws.team_id, DIGEST, weeks, now,
                                       {team.manager_id for team, _ in due})
    jobs = []
    for team, monday in due:
        if (team.manager_id, week_key(monday)) in settled:
            continue
        with timed_digest_build():
            digest = build_digest(session, deps.guide, ws, team, monday, deps.privacy_floor)
        jobs.append(Job(Due.at(team.manager_id, monday), DIGEST, digest.topic.slug,
                        partial(send_digest, digest)))
    return jobs, len(due) - len(jobs)


def digest_wakeups(deps: Dependencies, ws: Workspace, session: Session, now: datetime,
                   rows: dict[str, list[Team]]) -> dict[str, dict[int, datetime | None]]:
    """When to look at each team's digest again, this week's done or under way."""
    teams = rows.get(DIGEST, [])
    zones = _zones(session, ws, teams)
    weeks = {week_key(local_week(now, tz)) for tz in zones.values()}
    states = deliveries.states(session, ws.team_id, DIGEST, weeks,
                               {t.manager_id for t in teams})
    found: dict[int, datetime | None] = {}
    for team in teams:
        row = states.get((team.manager_id, week_key(local_week(now, zones[team.id]))))
        found[team.id] = next_digest_wakeup(
            digest_schedule_of(team), zones[team.id], team.created_at, now,
            settled=row is not None and deliveries.is_settled(row, now),
            again=deliveries.next_try(row, now))
    return {DIGEST: found}


def send_digest(digest: Digest, client: WebClient, metadata: dict | None = None) -> SendResult:
    """The summary DM (the delivery's outcome), then further pages in its thread and the
    chart; those extras are best effort and never cause a second digest."""
    summary = post_dm(client, digest.manager_id, build_summary(digest), metadata)
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
        client.files_upload_v2(channel=channel, content=render_rotation_chart(digest),
                               **chart_file(digest))
        return
    except (SlackApiError, URLError, OSError, TimeoutError) as err:
        logger.warning("chart upload failed (%s); sending it as text", classify(err).error)
    post_dm(client, digest.manager_id, build_chart_fallback(digest))
