"""`/techlead progress`: a person's own self-ratings given back to them: each dimension's
rating in every rotation they answered, their strongest and weakest dimension over the last
rotation, weeks reflected in a row, and answered of nudged. Only their own data; private
answers count (they are the person's own). The figures take four queries, however long
the history."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from bot.blocks.progress import build_no_progress, build_progress, progress_chart_file
from bot.coaching.calendar import local_week, parse_week_key, week_key, zone
from bot.grow.chart import render_progress_chart
from bot.invocation import Invocation
from bot.slack_send import classify
from content import Guide, Topic
from storage import reflections
from storage.models import Workspace
from storage.people import find_person

logger = logging.getLogger(__name__)

# Rotations shown, in the text and the chart: two years and a quarter of weekly answers.
# Earlier ones stay in `/techlead history`.
MAX_ROTATIONS = 12


@dataclass(frozen=True)
class Trend:
    """One dimension's self-rating per rotation: (position in Progress.rotations, rating)
    for each rotation answered, oldest first; the latest answer in a rotation stands."""

    topic: Topic
    ratings: tuple[tuple[int, int], ...]

    @property
    def values(self) -> tuple[int, ...]:
        return tuple(rating for _, rating in self.ratings)


@dataclass(frozen=True)
class Extreme:
    """The dimensions rated highest (or lowest) over the last rotation, and that rating."""

    topics: tuple[Topic, ...]
    rating: int


@dataclass(frozen=True)
class Progress:
    user_id: str
    week: str  # this week, where the person is
    rotations: tuple[str, ...]  # the first week of each rotation shown, oldest first
    trends: tuple[Trend, ...]  # one per dimension, in the guide's order
    last_rotation: tuple[tuple[Topic, int], ...]  # each dimension rated in the last 9 weeks
    streak: int  # weeks reflected in a row, up to this week (or last, this one still open)
    reflected_this_week: bool
    answered: int
    nudged: int
    reflections: int
    earlier: int  # rotations answered before the first one shown

    def extremes(self) -> tuple[Extreme, Extreme] | None:
        """The strongest and the weakest over the last rotation (None: nothing rated in
        it); ties are listed together."""
        if not self.last_rotation:
            return None
        top = max(r for _, r in self.last_rotation)
        low = min(r for _, r in self.last_rotation)
        return (Extreme(tuple(t for t, r in self.last_rotation if r == top), top),
                Extreme(tuple(t for t, r in self.last_rotation if r == low), low))


def progress_of(session: Session, guide: Guide, team_id: str, user_id: str,
                now: datetime) -> Progress | None:
    """The person's figures, or None when they have no reflections yet."""
    ws = session.get(Workspace, team_id)
    if ws is None:
        return None
    person = find_person(session, team_id, user_id)
    monday = local_week(now, zone(person.timezone if person else None, ws.default_timezone))
    rows = reflections.ratings_of(session, team_id, user_id)
    if not rows:
        return None
    answered, nudged = reflections.answered_of_nudged(session, team_id, user_id)
    progress = figures(guide, ws.rotation_anchor, monday, rows, user_id=user_id,
                       answered=answered, nudged=nudged)
    return progress if progress.reflections else None


def figures(guide: Guide, anchor: date, monday: date, rows: Iterable[tuple[str, str, int]],
            *, user_id: str, answered: int, nudged: int) -> Progress:
    """The figures from (week, dimension, rating) rows, oldest first; `monday` is this
    week's, `anchor` the workspace's first (rotations count from it)."""
    period = len(guide.dimensions)
    slugs = {t.slug for t in guide.dimensions}
    dated = [(day, dim, rating) for week, dim, rating in rows
             if (day := parse_week_key(week)) is not None and dim in slugs]
    dated.sort(key=lambda row: row[0])

    def rotation(day: date) -> int:
        return (day - anchor).days // 7 // period

    latest = max([monday, *(day for day, _, _ in dated)])
    last, answered_rotations = rotation(latest), {rotation(d) for d, _, _ in dated}
    first = max(min(answered_rotations, default=last), last - MAX_ROTATIONS + 1)
    per_rotation: dict[str, dict[int, int]] = {slug: {} for slug in slugs}
    window: dict[str, int] = {}
    for day, dim, rating in dated:  # oldest first: a later answer replaces an earlier one
        if rotation(day) >= first:
            per_rotation[dim][rotation(day) - first] = rating
        if monday - timedelta(weeks=period) < day <= monday:
            window[dim] = rating
    return Progress(
        user_id=user_id, week=week_key(monday),
        rotations=tuple(week_key(anchor + timedelta(weeks=n * period))
                        for n in range(first, last + 1)),
        trends=tuple(Trend(t, tuple(sorted(per_rotation[t.slug].items())))
                     for t in guide.dimensions),
        last_rotation=tuple((t, window[t.slug]) for t in guide.dimensions if t.slug in window),
        streak=streak({day for day, _, _ in dated}, monday),
        reflected_this_week=any(day == monday for day, _, _ in dated), answered=answered,
        nudged=nudged, reflections=len(dated),
        earlier=sum(n < first for n in answered_rotations))


def streak(mondays: set[date], monday: date) -> int:
    """Weeks reflected in a row, ending this week, or last week while this one is open."""
    day = monday if monday in mondays else monday - timedelta(weeks=1)
    count = 0
    while day in mondays:
        count, day = count + 1, day - timedelta(weeks=1)
    return count


def progress_command(inv: Invocation) -> dict:
    """The figures as text (the reply), and the chart uploaded to the person's DM."""
    with inv.deps.sessions.begin() as session:
        progress = progress_of(session, inv.deps.guide, inv.team_id, inv.user_id, inv.now)
        if progress is None:
            return build_no_progress(inv.view(session))
    return build_progress(progress, chart_attached=send_chart(inv.client, progress))


def send_chart(client: WebClient, progress: Progress) -> bool:
    """Upload the chart to the person's DM; False when Slack would not take it."""
    png = render_progress_chart(progress)
    try:
        channel = client.conversations_open(users=progress.user_id)["channel"]["id"]
        client.files_upload_v2(channel=channel, content=png, **progress_chart_file(progress))
    except (SlackApiError, URLError, OSError, TimeoutError) as err:
        logger.warning("progress chart upload failed (%s)", classify(err).error)
        return False
    return True
