"""The /techlead sub-commands, as one table: it routes each verb to its handler and gives
the help list its lines and the metrics their labels. Adding a sub-command is one entry
here plus its handler (in its feature package) and its builder (in blocks/)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.account import commands as account
from bot.account import forget_me, sharing
from bot.coaching.calendar import DEFAULT_SCHEDULE
from bot.grow import evidence, focus, followups, journal, progress
from bot.invocation import Invocation, Reply
from bot.reflect import history, modal
from bot.review import commands as review
from bot.review.prep import prep_command
from bot.team import commands as team
from content import normalize


@dataclass(frozen=True)
class Subcommand:
    verb: str
    run: Callable[[Invocation], Reply]
    usage: str | None = None  # None: mentioned in another line of help, not listed alone
    description: str = ""


SUBCOMMANDS: tuple[Subcommand, ...] = (
    Subcommand("subscribe", account.subscribe, "/techlead subscribe",
               "a weekly reflection prompt by DM (`unsubscribe` stops it)"),
    Subcommand("unsubscribe", account.unsubscribe),
    Subcommand("schedule", account.schedule, "/techlead schedule <day> <HH:MM>",
               f"when it comes, your time (default {DEFAULT_SCHEDULE.describe()})"),
    Subcommand("pause", account.pause, "/techlead pause <weeks>",
               "skip weeks, e.g. holidays (`resume` ends a pause)"),
    Subcommand("resume", account.resume),
    Subcommand("week", account.week, "/techlead week",
               "this week's dimension and your next nudge"),
    Subcommand("reflect", modal.reflect_command, "/techlead reflect [topic]",
               "reflect now, on this week's dimension or another"),
    Subcommand("history", history.history_command, "/techlead history",
               "your own past reflections"),
    Subcommand("progress", progress.progress_command, "/techlead progress",
               "your ratings over time, strongest and weakest, streak, with a chart"),
    Subcommand("focus", focus.focus_command, "/techlead focus <topic> [weeks]",
               "one extra weekly question on a dimension you want to grow in "
               "(`focus off` ends it; `focus share` shows it in your manager's 1:1 prep)"),
    Subcommand("followups", followups.followups_command, "/techlead followups on|off",
               "one coaching question after a short reflection (on by default)"),
    Subcommand("sharing", sharing.sharing_command, "/techlead sharing manager|rating|private",
               "what your answers show your manager by default (`sharing` alone explains "
               "the three)"),
    Subcommand("journal", journal.journal_command, "/techlead journal [topic]",
               "your reflections and evidence by dimension (`journal export` sends a "
               "Markdown file, which can open as a canvas)"),
    Subcommand("evidence", evidence.evidence_command, "/techlead evidence <topic> <text>",
               "a note for your journal; on a message: ⋯ → Save as evidence"),
    Subcommand("team", team.run, "/techlead team add @someone",
               "invite people to your team (`team` lists it, `team remove @someone`, "
               "`team leave`)"),
    Subcommand("digest", review.digest, "/techlead digest [last | 2026-W48 | trend]",
               "your team's reflection digest (`digest trend`: each dimension over three "
               "rotations, with a chart; `digest schedule fri 16:00`, `digest export` for a "
               "CSV)"),
    Subcommand("prep", prep_command, "/techlead prep @member",
               "for a 1:1 with someone in your team: what they shared with you, their "
               "trend per dimension, three questions to ask"),
    Subcommand("forget-me", forget_me.ask, "/techlead forget-me",
               "delete everything the bot keeps about you"),
)
BY_VERB = {s.verb: s for s in SUBCOMMANDS}

# Every line of `/techlead help`, in order: asking about a topic comes first.
HELP_LINES: tuple[tuple[str, str], ...] = (
    ("/techlead <topic>", "the Software Engineer vs Tech Lead comparison for a topic"),
    ("/techlead help", "this list"),
    *((s.usage, s.description) for s in SUBCOMMANDS if s.usage),
)


def find(text: str | None) -> Subcommand | None:
    """The sub-command `text` starts with, or None (then it asks about a topic)."""
    words = (text or "").split()
    return BY_VERB.get(normalize(words[0])) if words else None
