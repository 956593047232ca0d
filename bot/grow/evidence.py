"""Saving evidence to a person's journal: a Slack message through the "Save as TechLead
evidence" shortcut and its modal, or a note of their own with `/techlead evidence <topic>
<text>`. Evidence is its owner's alone: nothing here reads anyone else's."""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass, replace
from datetime import datetime
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from bot import ids
from bot.blocks import evidence_modal as blocks
from bot.blocks.mrkdwn import unescape
from bot.coaching import people
from bot.dependencies import Dependencies
from bot.invocation import Invocation, Reply
from bot.slack_send import Outcome, open_view
from bot.values import EvidenceMetadata
from content import Guide, Topic, normalize, resolve
from storage import evidence as store
from storage.text import storable

logger = logging.getLogger(__name__)

METADATA_MAX = 3000  # Slack's limit on a view's private_metadata
# chat.getPermalink stands between the shortcut and views.open, whose trigger lives three
# seconds: it gets one short try, and the entry is saved without a link if it fails.
PERMALINK_SECONDS = 0.8
TRIGGER_ERRORS = {"expired_trigger_id", "exchanged_trigger_id", "invalid_trigger_id"}


@dataclass(frozen=True)
class ShortcutMessage:
    """The message a person used the shortcut on, as Slack sent it."""

    channel_id: str
    ts: str
    text: str
    response_url: str | None = None


# -- suggesting a dimension --------------------------------------------------------------------
_WORD = re.compile(r"[a-z0-9]+")
# Words on most dimensions' rows say nothing about which one a message is about.
COMMON_IN = 3


def _key(word: str) -> str:
    """A crude stem: `estimates`, `estimation` and `estimate` share `estima`."""
    word = word[:-1] if len(word) > 3 and word.endswith("s") else word
    return word[:6]


def _keys(text: str) -> set[str]:
    return {_key(w) for w in _WORD.findall(text.casefold()) if len(w) > 2}


@dataclass(frozen=True)
class _Vocabulary:
    names: frozenset[str]  # the slug's and one-word aliases' stems: "risk", "pr", "deadli"
    phrases: tuple[str, ...]  # many-word aliases, normalized: "code-review"
    words: frozenset[str]  # stems from its title, summary and rows no other two share


@functools.lru_cache(maxsize=8)
def _vocabulary(guide: Guide) -> dict[str, _Vocabulary]:
    keys = {t.slug: (t.slug, *t.aliases) for t in guide.dimensions}
    words = {t.slug: _keys(" ".join([t.title, t.summary, *(r.engineer + " " + r.lead
                                                           for r in t.rows)]))
             for t in guide.dimensions}
    seen: dict[str, int] = {}
    for found in words.values():
        for key in found:
            seen[key] = seen.get(key, 0) + 1
    return {slug: _Vocabulary(frozenset(_key(k) for k in keys[slug] if "-" not in k),
                              tuple(k for k in keys[slug] if "-" in k),
                              frozenset(k for k in words[slug] if seen[k] < COMMON_IN))
            for slug in keys}


def suggest(guide: Guide, text: str) -> Topic | None:
    """The dimension a message's words point to: its name or an alias ("risks", "PR",
    "code review") counts three, a telling word from its rows one. None when nothing
    points anywhere or two dimensions tie: the person picks."""
    found = {_key(w) for w in _WORD.findall(text.casefold()) if len(w) > 1}
    joined = f"-{normalize(text)}-"
    scores = {slug: 3 * (len(found & v.names) + sum(f"-{p}-" in joined for p in v.phrases))
              + len(found & v.words)
              for slug, v in _vocabulary(guide).items()}
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return guide.topic(ranked[0][0])


# -- the shortcut's modal ------------------------------------------------------------------------
def permalink(client: WebClient, channel_id: str, ts: str, *, quick: bool = True) -> str | None:
    """chat.getPermalink: a link to the message, or None (logged) when Slack gives none."""
    caller = WebClient(token=client.token, base_url=client.base_url,
                       timeout=PERMALINK_SECONDS, retry_handlers=[]) if quick else client
    try:
        response = caller.chat_getPermalink(channel=channel_id, message_ts=ts)
    except (SlackApiError, URLError, OSError, TimeoutError) as err:
        code = err.response.get("error") if isinstance(err, SlackApiError) else None
        logger.warning("chat.getPermalink failed (%s)", code or type(err).__name__)
        return None
    return blocks.safe_link(response.get("permalink"))


def metadata_for(team_id: str, user_id: str, message: ShortcutMessage,
                 link: str | None) -> EvidenceMetadata:
    """The modal's private_metadata, with the message's text capped, and cut further
    should JSON's escaping push it past Slack's 3,000 characters."""
    text = storable(message.text).strip()
    kept = text[:blocks.MESSAGE_TEXT_MAX]
    meta = EvidenceMetadata(team_id, user_id, message.channel_id, message.ts, link, kept,
                            len(kept) < len(text), message.response_url)
    while len(meta.encode()) > METADATA_MAX and meta.message_text:
        meta = replace(meta, message_text=meta.message_text[: len(meta.message_text) * 3 // 4],
                       cut=True)
    if len(meta.encode()) > METADATA_MAX:  # the ids and links alone: never for real ones
        meta = replace(meta, response_url=None, permalink=None)
    return meta


def open_form(deps: Dependencies, client: WebClient, *, team_id: str, user_id: str,
              trigger_id: str | None, message: ShortcutMessage) -> Reply:
    """Open the modal on `message`, pre-filled when it was saved before; a note for the
    person when Slack would not open it."""
    with deps.sessions.begin() as session:
        earlier = store.find_for_message(session, team_id, user_id, message.channel_id,
                                         message.ts)
        before = (earlier.dimension, earlier.note, earlier.permalink) if earlier else None
    link = (before[2] if before else None) or permalink(client, message.channel_id, message.ts)
    meta = metadata_for(team_id, user_id, message, link)
    suggestion = None if before else suggest(deps.guide, blocks.readable(meta.message_text))
    modal = blocks.build_evidence_modal(
        deps.guide, meta.encode(), message_text=meta.message_text, cut=meta.cut,
        permalink=link, dimension=before[0] if before else getattr(suggestion, "slug", None),
        suggested=suggestion is not None, note=before[1] if before else None)
    result = open_view(client, trigger_id, modal)
    if result.outcome is Outcome.SENT:
        return None
    too_slow = result.error in TRIGGER_ERRORS or result.outcome is Outcome.TRANSIENT
    (logger.warning if too_slow else logger.error)(
        "views.open did not open the evidence form (%s)", result.error)
    return blocks.build_evidence_open_failed(too_slow)


# -- its submission ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Submission:
    meta: EvidenceMetadata
    dimension: str
    note: str


def _value(values: dict, block: str, action: str) -> dict:
    element = (values.get(block) or {}).get(action) if isinstance(values, dict) else None
    return element if isinstance(element, dict) else {}


def parse_submission(view: dict, *, team_id: str | None, user_id: str | None,
                     guide: Guide) -> Submission | dict[str, str]:
    """A valid submission, or errors keyed by the block_id they belong under."""
    meta = EvidenceMetadata.decode(view.get("private_metadata"))
    if meta is None or meta.channel_id is None or meta.message_ts is None:
        return {ids.EVIDENCE_NOTE_BLOCK: blocks.FORM_EXPIRED}
    if meta.team_id != team_id or meta.user_id != user_id:
        return {ids.EVIDENCE_NOTE_BLOCK: blocks.FORM_NOT_YOURS}
    values = (view.get("state") or {}).get("values") or {}
    option = _value(values, ids.EVIDENCE_DIMENSION_BLOCK,
                    ids.EVIDENCE_DIMENSION_ACTION).get("selected_option")
    dimension = option.get("value") if isinstance(option, dict) else None
    typed = _value(values, ids.EVIDENCE_NOTE_BLOCK, ids.EVIDENCE_NOTE_ACTION).get("value")
    note = storable(typed if isinstance(typed, str) else "").strip()
    errors = {}
    if dimension not in {t.slug for t in guide.dimensions}:
        errors[ids.EVIDENCE_DIMENSION_BLOCK] = blocks.PICK_A_DIMENSION
    if len(note) > blocks.NOTE_MAX:
        errors[ids.EVIDENCE_NOTE_BLOCK] = blocks.note_too_long(len(note))
    elif not note and not meta.message_text:
        errors[ids.EVIDENCE_NOTE_BLOCK] = blocks.NOTE_NEEDED
    return errors or Submission(meta, str(dimension), note)


def save(deps: Dependencies, sub: Submission, now: datetime) -> bool:
    """Store the entry (updating the one saved from this message before); True if new."""
    meta = sub.meta
    with deps.sessions.begin() as session:
        people.workspace(session, meta.team_id, now, deps.default_tz)
        _, created = store.save_from_message(
            session, team_id=meta.team_id, user_id=meta.user_id, channel_id=meta.channel_id,
            message_ts=meta.message_ts, dimension=sub.dimension, note=sub.note,
            message_text=meta.message_text or None, permalink=meta.permalink, now=now)
    return created


def confirm(deps: Dependencies, client: WebClient, sub: Submission, created: bool) -> None:
    """After the ack: fetch the link the modal went without, then say where it was saved
    (in the conversation the shortcut came from, to the person alone)."""
    meta = sub.meta
    if not meta.permalink:
        link = permalink(client, meta.channel_id, meta.message_ts, quick=False)
        if link:
            with deps.sessions.begin() as session:
                store.set_permalink(session, meta.team_id, meta.user_id, meta.channel_id,
                                    meta.message_ts, link)
    if not meta.response_url:
        return
    answer = blocks.build_evidence_saved(deps.guide.topic(sub.dimension), created)
    response = WebhookClient(meta.response_url).send(
        response_type="ephemeral", replace_original=False, **answer)
    if response.status_code != 200:
        logger.warning("confirming saved evidence: Slack refused (HTTP %s)",
                       response.status_code)


# -- /techlead evidence <topic> <text> ---------------------------------------------------------
def evidence_command(inv: Invocation) -> dict:
    guide = inv.deps.guide
    if not inv.args:
        return blocks.build_evidence_usage(guide)
    topic = resolve(guide, inv.args[0]).topic
    if topic is None or not topic.is_dimension:
        return blocks.build_evidence_not_a_dimension(guide, inv.args[0])
    # Slack sends &, < and > escaped in command text: kept as the person typed them.
    note = storable(unescape(" ".join(inv.args[1:]))).strip()
    if not note:
        return blocks.build_evidence_usage(guide)
    if len(note) > blocks.NOTE_MAX:
        return blocks.build_evidence_note_too_long(len(note))
    with inv.deps.sessions.begin() as session:
        people.workspace(session, inv.team_id, inv.now, inv.default_tz)
        store.add_note(session, team_id=inv.team_id, user_id=inv.user_id,
                       dimension=topic.slug, note=note, now=inv.now)
    return blocks.build_evidence_saved(topic, True)
