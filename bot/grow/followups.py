"""One follow-up that coaches: after a thin reflection (a few words, or no concrete
moment), the confirmation asks one question written for that dimension, once per
reflection, unless the person turned follow-ups off (`/techlead followups off`)."""

from __future__ import annotations

import re
from datetime import datetime

from bot.blocks.nudge import build_followups_set
from bot.coaching.people import workspace
from bot.dependencies import Dependencies
from bot.invocation import Invocation
from content import Topic
from storage import people as store
from storage.reflections import ask_followup_once

# Fewer words than this is a thin answer, whatever it says.
THIN_WORDS = 25
# Words that anchor a reflection in a real moment: a day, a meeting, a piece of work.
CONCRETE = re.compile(
    r"\b(yesterday|today|this week|last week|monday|tuesday|wednesday|thursday|friday|"
    r"morning|afternoon|standup|stand-up|meeting|retro|1:1|one-on-one|call|incident|outage|"
    r"release|deploy\w*|launch\w*|pr|pull request|review\w*|ticket|bug|sprint|demo|"
    r"when|after|before|during)\b|\d", re.IGNORECASE)


def is_thin(text: str) -> bool:
    """Too short to learn from, or names no concrete moment."""
    return len(text.split()) < THIN_WORDS or CONCRETE.search(text) is None


def question_for(topic: Topic, week: str) -> str | None:
    """The dimension's follow-up for this week (its two alternate by week)."""
    if not topic.followups:
        return None
    return topic.followups[sum(map(ord, week)) % len(topic.followups)]


def followup(deps: Dependencies, team_id: str, user_id: str, reflection_id: int,
             topic: Topic, week: str, text: str, now: datetime) -> str | None:
    """The follow-up to ask after this reflection, if any: thin, follow-ups on, and never
    asked on it before (claimed in the database, so a double submission asks once)."""
    if not is_thin(text):
        return None
    with deps.sessions.begin() as session:
        person = store.find_person(session, team_id, user_id)
        if person is not None and not person.followups:
            return None
        if not ask_followup_once(session, reflection_id, now):
            return None
    return question_for(topic, week)


def followups_command(inv: Invocation) -> dict:
    """`/techlead followups on|off`."""
    word = (inv.args[0].lower() if inv.args else "")
    if word not in ("on", "off"):
        with inv.deps.sessions.begin() as session:
            person = store.find_person(session, inv.team_id, inv.user_id)
        return build_followups_set(person is None or person.followups, changed=False)
    with inv.deps.sessions.begin() as session:
        workspace(session, inv.team_id, inv.now, inv.default_tz)
        store.set_followups(session, inv.team_id, inv.user_id, word == "on")
    return build_followups_set(word == "on", changed=True)
