"""The evidence journal: `/techlead journal [topic]` and its pages, `/techlead journal
export` (a Markdown file in the person's DM) and its Open as canvas button. Only ever the
person's own reflections and evidence."""

from __future__ import annotations

import json
import logging
from datetime import UTC, date, datetime, timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.blocks import journal as blocks
from bot.coaching.calendar import parse_week_key
from bot.dependencies import Dependencies
from bot.invocation import Invocation
from bot.slack_send import post_dm
from bot.values import LARGEST, CanvasRequest, JournalPage
from content import Guide, Topic, resolve
from storage import evidence, reflections
from storage.idempotency import first_time, release, remember_result, result_of

logger = logging.getLogger(__name__)

# Slack's answers meaning this workspace gets no standalone canvas: a free plan (the name
# Slack documents, and the older one), canvases switched off, or an app installed before it
# asked for canvases:write.
CANVASES_UNAVAILABLE = frozenset({
    "free_teams_cannot_create_standalone_canvases", "free_teams_cannot_create_non_tabbed_canvases",
    "free_team_not_allowed", "canvas_disabled_user_team", "team_tier_cannot_create_canvases",
    "restricted_action", "missing_scope", "not_allowed_token_type",
})
CANVAS_MAX_BYTES = 1_000_000  # canvases.create takes markdown up to about a megabyte
KEEP = timedelta(days=1)  # a second click on one Open as canvas shows the first's canvas


def entries_of(deps: Dependencies, team_id: str, user_id: str,
               topic: Topic | None = None) -> list[blocks.Entry]:
    """The person's reflections and evidence, by dimension in guide order, newest first
    within each: two queries, however long the history."""
    with deps.sessions.begin() as session:
        rows, _ = reflections.history(session, team_id, user_id, offset=0, limit=LARGEST)
        notes = evidence.of_owner(session, team_id, user_id, topic.slug if topic else None)
    found = [blocks.Entry(r.dimension, parse_week_key(r.week) or r.created_at.date(),
                          reflection=r)
             for r in rows if topic is None or r.dimension == topic.slug]
    found += [blocks.Entry(e.dimension, _day(e), evidence=e) for e in notes]
    return sort_entries(deps.guide, found)


def sort_entries(guide: Guide, entries: list[blocks.Entry]) -> list[blocks.Entry]:
    order = {t.slug: t.number for t in guide.dimensions}
    newest = sorted(entries, key=lambda e: (e.day, _id(e)), reverse=True)
    return sorted(newest, key=lambda e: order.get(e.dimension, LARGEST))  # stable


def _id(entry: blocks.Entry) -> int:
    row = entry.reflection or entry.evidence
    return row.id or 0


def _day(row) -> date:
    """The day of the message a note was saved from (its ts is Unix seconds), else the day
    it was saved."""
    try:
        return datetime.fromtimestamp(float(row.message_ts), UTC).date()
    except (TypeError, ValueError, OverflowError, OSError):
        return row.created_at.date()


def _counts(entries: list[blocks.Entry]) -> tuple[int, int]:
    reflected = sum(e.reflection is not None for e in entries)
    return reflected, len(entries) - reflected


# -- /techlead journal [topic | export] ---------------------------------------------------------
def journal_command(inv: Invocation) -> dict:
    words = [w.lower() for w in inv.args]
    if words and words[0] == "export":
        return export(inv)
    if not inv.args:
        return journal_page(inv.deps, inv.team_id, inv.user_id, None, 1)
    topic = resolve(inv.deps.guide, inv.typed).topic
    if topic is None or not topic.is_dimension:
        return blocks.build_journal_not_a_dimension(inv.deps.guide, inv.typed)
    return journal_page(inv.deps, inv.team_id, inv.user_id, topic, 1)


def journal_page(deps: Dependencies, team_id: str, user_id: str, topic: Topic | None,
                 page: int) -> dict:
    """Page `page` of the person's journal (the last page when past the end)."""
    entries = entries_of(deps, team_id, user_id, topic)
    pages = max(1, -(-len(entries) // blocks.PER_PAGE))
    page = max(1, min(page, pages))
    shown = entries[(page - 1) * blocks.PER_PAGE: page * blocks.PER_PAGE]
    return blocks.build_journal_page(deps.guide, shown, total=len(entries), page=page,
                                     topic=topic, counts=_counts(entries))


def page_button(deps: Dependencies, team_id: str, user_id: str, value: str | None) -> dict | None:
    """Newer / Older: always the clicking person's own journal (the button names only a
    dimension and a page)."""
    button = JournalPage.decode(value)
    if button is None:
        return None
    topic = next((t for t in deps.guide.dimensions if t.slug == button.dimension), None)
    if button.dimension and topic is None:
        return None
    return journal_page(deps, team_id, user_id, topic, button.page)


def export(inv: Invocation) -> dict:
    """The Markdown document, uploaded into the person's DM."""
    entries = entries_of(inv.deps, inv.team_id, inv.user_id)
    if not entries:
        return blocks.build_journal_empty_export()
    today = inv.now.date()
    markdown = blocks.journal_markdown(inv.deps.guide, entries, today)
    filename = blocks.journal_filename(today)
    try:
        channel = inv.client.conversations_open(users=inv.user_id)["channel"]["id"]
        inv.client.files_upload_v2(channel=channel, content=markdown.encode(),
                                   filename=filename, title="My TechLead journal")
    except SlackApiError as err:
        logger.warning("journal export upload failed: %s", err.response.get("error"))
        return blocks.build_journal_export_failed()
    return blocks.build_journal_exported(_counts(entries), filename, CanvasRequest(inv.user_id))


# -- Open as canvas ------------------------------------------------------------------------
def open_canvas(deps: Dependencies, client: WebClient, team_id: str, user_id: str,
                value: str | None, message_key: str) -> dict | None:
    """Make the journal a canvas shared with the person alone, or say why not. A second
    click on the same button shows what the first made (None while it is still making)."""
    button = CanvasRequest.decode(value)
    if button is None or button.user_id != user_id:
        return blocks.build_canvas_not_yours()
    key = f"canvas:{team_id}:{user_id}:{message_key}"
    with deps.sessions.begin() as session:
        if not first_time(session, key, now=deps.clock(), keep=KEEP):
            return _answer(json.loads(result_of(session, key) or "null"))
    outcome = _make_canvas(deps, client, team_id, user_id)
    with deps.sessions.begin() as session:
        if outcome is None:  # worth another click later
            release(session, key)
            return blocks.build_canvas_failed()
        remember_result(session, key, json.dumps(outcome))
    return _answer(outcome)


def _answer(outcome: dict | None) -> dict | None:
    if outcome is None:
        return None
    if outcome.get("link"):
        return blocks.build_canvas_opened(outcome["link"])
    return blocks.build_canvas_too_long() if outcome.get("too_long") \
        else blocks.build_canvases_unavailable()


def _make_canvas(deps: Dependencies, client: WebClient, team_id: str,
                 user_id: str) -> dict | None:
    """canvases.create, then the link DM'd to the person, then canvases.access.set for them
    alone (Slack wants the canvas sent to a user before their access is set). What came of
    it, or None when Slack failed in a way a later click may not."""
    today = deps.clock().date()
    markdown = blocks.journal_markdown(deps.guide, entries_of(deps, team_id, user_id),
                                             today)
    if len(markdown.encode()) > CANVAS_MAX_BYTES:
        return {"too_long": True}
    try:
        canvas_id = client.canvases_create(
            title=f"My TechLead journal, {today:%d %b %Y}",
            document_content={"type": "markdown", "markdown": markdown})["canvas_id"]
    except SlackApiError as err:
        code = err.response.get("error")
        if code in CANVASES_UNAVAILABLE:
            logger.info("canvases are not available in %s (%s)", team_id, code)
            return {"unavailable": code}
        logger.warning("canvases.create failed: %s", code)
        return None
    link = _canvas_link(client, team_id, canvas_id)
    post_dm(client, user_id, blocks.build_canvas_link(link))
    try:
        client.canvases_access_set(canvas_id=canvas_id, access_level="write",
                                   user_ids=[user_id])
    except SlackApiError as err:
        logger.warning("canvases.access.set failed: %s", err.response.get("error"))
        try:  # a canvas its owner cannot open is of no use to anyone: not left behind
            client.canvases_delete(canvas_id=canvas_id)
        except SlackApiError as gone:
            logger.warning("canvases.delete failed too: %s", gone.response.get("error"))
        return None
    return {"link": link}


def _canvas_link(client: WebClient, team_id: str, canvas_id: str) -> str:
    """https://<workspace>.slack.com/docs/<team>/<canvas>, the workspace's address from
    auth.test; app.slack.com's when that is unknown."""
    try:
        base = str(client.auth_test().get("url") or "https://app.slack.com/")
    except SlackApiError:
        base = "https://app.slack.com/"
    return f"{base.rstrip('/')}/docs/{team_id}/{canvas_id}"
