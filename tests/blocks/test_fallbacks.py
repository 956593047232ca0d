"""Every message's `text` fallback (what a notification shows and a screen reader reads)
is plain words: no mrkdwn marks, no quote marks, but its entities and mentions as they are."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from datetime import date

import pytest

import bot.blocks
from bot.blocks import (
    account,
    comparison,
    digest,
    evidence_modal,
    focus,
    help,
    history,
    journal,
    notes,
    nudge,
    prep,
    progress,
    sharing,
    team,
    trend,
)
from bot.blocks import reflection_modal as modal
from bot.blocks.team import Problem
from bot.coaching.calendar import Schedule
from bot.subcommands import HELP_LINES
from bot.values import CanvasRequest, ForgetConfirmation
from storage.models import KEEP_PRIVATE, RATING_ONLY
from tests.blocks.conftest import WEEK, make_digest, make_trend, reflection, week_view
from tests.blocks.conftest import make_progress as sample_progress
from tests.blocks.test_prep import sample_prep
from tests.fakes import blockkit

MANAGER = "UMANAGER01"
# Builders of views (a modal, App Home): they have no fallback text.
VIEWS = {"digest.build_full_reflection", "home.build_home", "home.build_home_unavailable",
         "reflection_modal.build_reflection_modal", "evidence_modal.build_evidence_modal"}

# Each builder with ordinary inputs, by "module.function" and a variant after "#".
CASES = {
    "account.build_subscribed": lambda g: account.build_subscribed(view(g), True),
    "account.build_subscribed#already": lambda g: account.build_subscribed(view(g), False),
    "account.build_unsubscribed": lambda g: account.build_unsubscribed(True),
    "account.build_unsubscribed#was_not": lambda g: account.build_unsubscribed(False),
    "account.build_schedule_help": lambda g: account.build_schedule_help(None, view(g)),
    "account.build_schedule_help#typed": lambda g: account.build_schedule_help("tue 25:00",
                                                                               view(g)),
    "account.build_schedule_set": lambda g: account.build_schedule_set(view(g)),
    "account.build_schedule_set#unsubscribed": lambda g: account.build_schedule_set(
        view(g, subscribed=False)),
    "account.build_paused": lambda g: account.build_paused(date(2026, 12, 14), view(g)),
    "account.build_resumed": lambda g: account.build_resumed(True, view(g)),
    "account.build_resumed#was_not": lambda g: account.build_resumed(False, view(g)),
    "account.build_week": lambda g: account.build_week(view(g)),
    "account.build_week#unsubscribed": lambda g: account.build_week(view(g, subscribed=False)),
    "account.build_pause_help": lambda g: account.build_pause_help(None),
    "account.build_pause_help#typed": lambda g: account.build_pause_help("forever"),
    "account.build_forget_confirmation": lambda g: account.build_forget_confirmation(
        ForgetConfirmation("U0123456789")),
    "account.build_forget_cancelled": lambda g: account.build_forget_cancelled(),
    "account.build_forget_not_yours": lambda g: account.build_forget_not_yours(),
    "account.build_forgotten": lambda g: account.build_forgotten(
        {"reflections": 2, "memberships": 1, "team": 1}),
    "comparison.build_comparison": lambda g: comparison.build_comparison(
        g, g.topic("planning")),
    "comparison.build_comparison#overview": lambda g: comparison.build_comparison(
        g, g.topic("overview")),
    "comparison.build_comparison#shared": lambda g: comparison.build_comparison(
        g, g.topic("risk"), shared_by="U0123456789"),
    "comparison.build_topic_gone": lambda g: comparison.build_topic_gone(),
    "comparison.build_share_failed": lambda g: comparison.build_share_failed(),
    "digest.build_summary": lambda g: digest.build_summary(make_digest(
        g, members=5, answered=3, private=1, rating_only=1)),
    "digest.build_summary#alone": lambda g: digest.build_summary(make_digest(g),
                                                                 with_page=False),
    "digest.build_page": lambda g: digest.build_page(make_digest(g, members=40), 2),
    "trend.build_chart_fallback": lambda g: trend.build_chart_fallback(make_digest(g)),
    "trend.build_team_trend": lambda g: trend.build_team_trend(make_trend(g),
                                                               chart_attached=True),
    "trend.build_team_trend#no_chart": lambda g: trend.build_team_trend(
        make_trend(g, empty=True), chart_attached=None),
    "digest.build_no_team": lambda g: digest.build_no_team(),
    "digest.build_week_problem": lambda g: digest.build_week_problem("unreadable", "banana"),
    "digest.build_week_problem#future": lambda g: digest.build_week_problem("future",
                                                                            "2030-W01"),
    "digest.build_digest_schedule_help": lambda g: digest.build_digest_schedule_help(),
    "digest.build_digest_schedule_set": lambda g: digest.build_digest_schedule_set(
        Schedule(4, 16 * 60)),
    "digest.build_export_failed": lambda g: digest.build_export_failed(),
    "digest.build_exported": lambda g: digest.build_exported(12),
    "digest.build_only_the_manager": lambda g: digest.build_only_the_manager(),
    "help.build_help": lambda g: help.build_help(g, HELP_LINES),
    "help.build_unknown_topic": lambda g: help.build_unknown_topic(g, "planing",
                                                                   (g.topic("planning"),)),
    "help.build_unknown_topic#several": lambda g: help.build_unknown_topic(g, "x", g.topics),
    "help.build_unknown_topic#none": lambda g: help.build_unknown_topic(g, "banana", ()),
    "help.build_not_a_topic": lambda g: help.build_not_a_topic(g, "@"),
    "help.build_text_too_long": lambda g: help.build_text_too_long(g, 5000),
    "history.build_history": lambda g: history.build_history(
        g, [reflection(), reflection("risk", sharing=KEEP_PRIVATE, id=2)], 7, 1),
    "history.build_history#none": lambda g: history.build_history(g, [], 0, 1),
    "notes.build_note": lambda g: notes.build_note("Done: *saved* `/techlead x` &amp; more.",
                                                   "A `hint`."),
    "notes.build_sorry": lambda g: notes.build_sorry(),
    "nudge.build_nudge": lambda g: nudge.build_nudge(g.topic("planning"), WEEK),
    "nudge.build_reminder": lambda g: nudge.build_reminder(g.topic("planning"), WEEK),
    "nudge.build_reflected": lambda g: nudge.build_reflected(g.topic("planning"), WEEK, 4),
    "reflection_modal.build_not_a_dimension": lambda g: modal.build_not_a_dimension(g, "x"),
    "reflection_modal.build_open_too_slow": lambda g: modal.build_open_too_slow(),
    "reflection_modal.build_open_failed": lambda g: modal.build_open_failed(),
    "reflection_modal.build_week_ended": lambda g: modal.build_week_ended(
        "2026-W40", g.topic("planning")),
    "team.build_invitation": lambda g: team.build_invitation(MANAGER, 42, 3),
    "team.build_first_team": lambda g: team.build_first_team(
        team.build_invited(["U1"], {"U1": None}), 3),
    "team.build_invitation_answered": lambda g: team.build_invitation_answered(
        MANAGER, True, view(g)),
    "team.build_invitation_answered#declined": lambda g: team.build_invitation_answered(
        MANAGER, False),
    "team.build_team_list": lambda g: team.build_team_list(
        MANAGER, [("U1", "active"), ("U2", "invited")], ["U5"], ["U6"]),
    "team.build_team_list#none": lambda g: team.build_team_list(None, [], []),
    "team.build_add_needs_mentions": lambda g: team.build_add_needs_mentions(),
    "team.build_nobody_invited": lambda g: team.build_nobody_invited(
        [Problem(team.IS_BOT, "U1"), Problem(team.NOT_A_MENTION, "bob")]),
    "team.build_invited": lambda g: team.build_invited(
        ["U1", "U2"], {"U1": None, "U2": "messages_tab_disabled"}),
    "team.build_invitation_buttons": lambda g: team.build_invitation_buttons(
        team.build_team_list(None, [], [], ["U1"]), [("U1", 7)], 3),
    "team.build_remove_needs_mentions": lambda g: team.build_remove_needs_mentions(),
    "team.build_no_team_to_remove_from": lambda g: team.build_no_team_to_remove_from(),
    "team.build_removed": lambda g: team.build_removed(["U1"], ["U2"]),
    "team.build_not_in_a_team": lambda g: team.build_not_in_a_team(True),
    "team.build_which_team": lambda g: team.build_which_team(["U1", "U2"]),
    "team.build_member_left": lambda g: team.build_member_left("U1", False),
    "team.build_left": lambda g: team.build_left(MANAGER),
    "team.build_team_help": lambda g: team.build_team_help(),
    "team.build_invitation_closed": lambda g: team.build_invitation_closed(),
    "team.build_invitation_answer_for_manager": lambda g: (
        team.build_invitation_answer_for_manager("U1", True)),
    "focus.build_focus_set": lambda g: focus.build_focus_set(g.topic("risk"), 4,
                                                             shared=False),
    "focus.build_focus_set#shared": lambda g: focus.build_focus_set(g.topic("risk"), 4,
                                                                    shared=True),
    "focus.build_focus_sharing": lambda g: focus.build_focus_sharing(True, g.topic("risk")),
    "focus.build_focus_sharing#no_focus": lambda g: focus.build_focus_sharing(True, None),
    "focus.build_focus_sharing#unshared": lambda g: focus.build_focus_sharing(False, None),
    "focus.build_focus_off": lambda g: focus.build_focus_off(g.topic("risk")),
    "focus.build_focus_off#none": lambda g: focus.build_focus_off(None),
    "focus.build_focus_state": lambda g: focus.build_focus_state(g.topic("risk"), 2,
                                                                 shared=True),
    "focus.build_focus_state#none": lambda g: focus.build_focus_state(None, 0, shared=False),
    "focus.build_focus_help": lambda g: focus.build_focus_help(g, "risk 13", 12),
    "focus.build_focus_help#overview": lambda g: focus.build_focus_help(
        g, "overview", 12, g.topic("overview")),
    "nudge.build_followups_set": lambda g: nudge.build_followups_set(False, changed=True),
    "nudge.build_reflected#followup": lambda g: nudge.build_reflected(
        g.topic("risk"), WEEK, 2, followup="What would a tech lead have done first?"),
    "journal.build_journal_page": lambda g: journal.build_journal_page(
        g, [], total=0, page=1, topic=None, counts=(0, 0)),
    "journal.build_journal_not_a_dimension": lambda g: journal.build_journal_not_a_dimension(
        g, "overview"),
    "journal.build_journal_exported": lambda g: journal.build_journal_exported(
        (3, 1), "techlead-journal-2026-12-01.md", CanvasRequest("U0123456789")),
    "journal.build_journal_empty_export": lambda g: journal.build_journal_empty_export(),
    "journal.build_journal_export_failed": lambda g: journal.build_journal_export_failed(),
    "journal.build_canvas_opened": lambda g: journal.build_canvas_opened(
        "https://example.slack.com/docs/T1/F1"),
    "journal.build_canvas_link": lambda g: journal.build_canvas_link(
        "https://example.slack.com/docs/T1/F1"),
    "journal.build_canvases_unavailable": lambda g: journal.build_canvases_unavailable(),
    "journal.build_canvas_too_long": lambda g: journal.build_canvas_too_long(),
    "journal.build_canvas_failed": lambda g: journal.build_canvas_failed(),
    "journal.build_canvas_not_yours": lambda g: journal.build_canvas_not_yours(),
    "evidence_modal.build_evidence_saved": lambda g: evidence_modal.build_evidence_saved(
        g.topic("risk"), True),
    "evidence_modal.build_evidence_saved#updated": lambda g: (
        evidence_modal.build_evidence_saved(g.topic("risk"), False)),
    "evidence_modal.build_evidence_usage": lambda g: evidence_modal.build_evidence_usage(g),
    "evidence_modal.build_evidence_not_a_dimension": lambda g: (
        evidence_modal.build_evidence_not_a_dimension(g, "summary")),
    "evidence_modal.build_evidence_note_too_long": lambda g: (
        evidence_modal.build_evidence_note_too_long(3500)),
    "evidence_modal.build_evidence_open_failed": lambda g: (
        evidence_modal.build_evidence_open_failed(True)),
    "progress.build_progress": lambda g: progress.build_progress(
        sample_progress(g), chart_attached=True),
    "progress.build_progress#no_chart": lambda g: progress.build_progress(
        sample_progress(g), chart_attached=False),
    "progress.build_no_progress": lambda g: progress.build_no_progress(view(g)),
    "sharing.build_sharing_default": lambda g: sharing.build_sharing_default(RATING_ONLY),
    "sharing.build_sharing_set": lambda g: sharing.build_sharing_set(KEEP_PRIVATE),
    "sharing.build_sharing_unknown": lambda g: sharing.build_sharing_unknown("*public*"),
    "prep.build_prep": lambda g: prep.build_prep(sample_prep(g)),
    "prep.build_prep#nothing_shared": lambda g: prep.build_prep(sample_prep(g, shared=False)),
    "prep.build_prep_refused": lambda g: prep.build_prep_refused(team.NOT_A_MENTION, "@bob"),
    "prep.build_prep_refused#invited": lambda g: prep.build_prep_refused(prep.INVITED, "U1"),
    "prep.build_prep_refused#several": lambda g: prep.build_prep_refused(prep.SEVERAL),
    "prep.build_prep_needs_a_member": lambda g: prep.build_prep_needs_a_member(),
}

# A run of text between two of the same mark, as mrkdwn formats it: *bold*, _it_, ~x~.
EMPHASIS = [re.compile(rf"(?<![\w{m}]){m}[^\s{m}](?:[^{m}\n]*[^\s{m}])?{m}(?![\w{m}])")
            for m in ("\\*", "_", "~")]


def view(guide, **changes):
    return week_view(guide.topic("planning"), **changes)


def marks(text: str) -> list[str]:
    """The mrkdwn marks left in a fallback."""
    found = [m.group(0) for pattern in EMPHASIS for m in pattern.finditer(text)]
    found += ["`"] * ("`" in text)
    found += [line for line in text.splitlines() if line.startswith(">")]
    return found


def test_the_marks_reader_finds_each_kind_of_mark():
    assert marks("plain words, snake_case, 2 * 3 * 4, a_b_c & <@U1> &gt; x") == []
    assert marks("a *bold* word") == ["*bold*"]
    assert marks("an _it_ and ~gone~") == ["_it_", "~gone~"]
    assert marks("run `/techlead`") == ["`"]
    assert marks("said:\n>quoted\n> also") == [">quoted", "> also"]


def test_every_message_builder_is_checked():
    built = set()
    for info in pkgutil.iter_modules(bot.blocks.__path__):
        module = importlib.import_module(f"bot.blocks.{info.name}")
        built |= {f"{info.name}.{name}" for name, fn in inspect.getmembers(module,
                                                                           inspect.isfunction)
                  if name.startswith("build_") and fn.__module__ == module.__name__}
    covered = {case.split("#")[0] for case in CASES}
    assert covered | VIEWS == built, "a builder without a fallback case here"
    assert not covered & VIEWS


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_fallback_is_plain_words(guide, case):
    message = CASES[case](guide)
    blockkit.assert_valid_message(message)  # the fallback's entities and mentions well-formed
    text = message["text"]
    assert text.strip()
    assert marks(text) == [], text
    assert "```" not in text


def test_a_notes_fallback_is_its_text_without_the_marks():
    note = CASES["notes.build_note"](None)
    assert note["blocks"][0]["text"]["text"] == "Done: *saved* `/techlead x` &amp; more."
    assert note["text"] == "Done: saved /techlead x &amp; more."
    listed = team.build_team_list(MANAGER, [("U1", "active")], ["U5"])
    assert listed["text"] == ("Your team (1 member)\n• <@U1> · member\n\n"
                              "You're in the team of <@U5>")
