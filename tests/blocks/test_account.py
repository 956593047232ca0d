"""Answers about a person's own coaching: subscription, schedule, pause, week, forget-me."""

from __future__ import annotations

from datetime import date

import pytest

from bot import ids
from bot.blocks import account
from bot.blocks.mrkdwn import escape
from bot.coaching.people import MAX_PAUSE_WEEKS
from bot.values import ForgetConfirmation, ReflectTarget
from tests.blocks.conftest import AMPERSANDS, TRICKY, TRICKY_AS_SENT, WEEK, huge_topic
from tests.blocks.conftest import week_view as view_of
from tests.fakes import blockkit


def valid(message: dict) -> dict:
    blockkit.assert_valid_message(message)
    blockkit.assert_no_pings(message)
    return message


def test_when_and_next_line(make_view):
    view = make_view()
    assert account.when(view) == "Monday 10:00 (Europe/Berlin)"
    assert account.next_line(view).startswith("Next nudge: ")
    assert account.next_line(make_view(due_now=True)) == (
        "This week's nudge is on its way (within a minute).")


@pytest.mark.parametrize("newly", [True, False])
def test_subscribed(make_view, newly):
    note = valid(account.build_subscribed(make_view(), newly))
    first = "You're subscribed ✓" if newly else "You're already subscribed."
    assert note["text"].startswith(f"{first} Every Monday 10:00 (Europe/Berlin)")
    assert "`/techlead pause 2`" in blockkit.shown(note)


@pytest.mark.parametrize("was", [True, False])
def test_unsubscribed(was):
    note = valid(account.build_unsubscribed(was))
    assert note["text"].startswith("Unsubscribed." if was else "You're not subscribed")


def test_schedule_help_without_and_with_text(make_view):
    plain = valid(account.build_schedule_help(None, make_view()))
    assert plain["text"].startswith("Your nudges come Monday 10:00 (Europe/Berlin).")
    assert account.SCHEDULE_FORMS in blockkit.shown(plain)
    assert plain["text"].endswith("Accepted forms: /techlead schedule tue 09:30 · "
                                  "/techlead schedule friday 2pm · /techlead schedule mon 10:00")
    typed = valid(account.build_schedule_help("tue 25:00", make_view()))
    assert typed["text"].startswith("I couldn't read “tue 25:00” as a day and a time.")


def test_schedule_help_quotes_typed_text_escaped_once_and_clipped(make_view):
    note = valid(account.build_schedule_help(TRICKY_AS_SENT, make_view()))
    assert f"“{escape(TRICKY[:59])}…” as a day" in blockkit.shown(note)
    long = valid(account.build_schedule_help(escape(AMPERSANDS), make_view()))
    assert "“" + "&amp;" * 59 + "…” as a day" in long["text"]
    assert account.SCHEDULE_FORMS in blockkit.shown(long), "the help itself is never cut off"


@pytest.mark.parametrize("subscribed", [True, False])
def test_schedule_set(make_view, subscribed):
    note = valid(account.build_schedule_set(make_view(subscribed=subscribed)))
    assert note["text"].startswith("Done: your nudges now come Monday 10:00 (Europe/Berlin).")
    hints = [b for b in note["blocks"] if b["type"] == "context"]
    assert bool(hints) is not subscribed


def test_paused_and_resumed(make_view):
    note = valid(account.build_paused(date(2026, 12, 14), make_view()))
    assert "until the week of Mon 14 Dec 2026" in note["text"]
    assert valid(account.build_resumed(True, make_view()))["text"].startswith("Welcome back")
    assert valid(account.build_resumed(False, make_view()))["text"] == "You're not paused."


def test_pause_help(make_view):
    plain = valid(account.build_pause_help(None))
    assert plain["text"].startswith(f"Say how many weeks, a number of weeks from 1 to "
                                    f"{MAX_PAUSE_WEEKS}")
    typed = valid(account.build_pause_help(TRICKY_AS_SENT))
    assert f"“{escape(TRICKY[:39])}…” is not a number of weeks" in blockkit.shown(typed)
    assert typed["text"].endswith("e.g. /techlead pause 2."), "the help's own marks paired"
    long = valid(account.build_pause_help(escape(AMPERSANDS)))
    assert "“" + "&amp;" * 39 + "…” is not" in long["text"]


@pytest.mark.parametrize("subscribed", [True, False])
def test_week_offers_reflect_now(topic, subscribed):
    note = valid(account.build_week(view_of(topic, subscribed=subscribed)))
    assert note["blocks"][0]["text"]["text"].startswith(
        f"This week ({WEEK}) the workspace reflects on *3. Planning &amp; Estimation*.")
    assert note["text"].startswith(
        f"This week ({WEEK}) the workspace reflects on 3. Planning &amp; Estimation.")
    assert ("You're not subscribed" in note["text"]) is not subscribed
    button = blockkit.button(note, ids.OPEN_REFLECTION)
    assert blockkit.block(note, ids.WEEK_ACTIONS)["elements"] == [button]
    assert ReflectTarget.decode(button["value"]) == ReflectTarget(WEEK, "planning")
    assert [b["type"] for b in note["blocks"]] == ["section", "actions", "context"]


def test_week_on_a_topic_at_the_guides_limits():
    valid(account.build_week(view_of(huge_topic())))


def test_forget_me_asks_first_with_a_button_only_its_owner_may_use():
    message = valid(account.build_forget_confirmation(ForgetConfirmation("U0123456789")))
    confirm = blockkit.button(message, ids.FORGET_CONFIRM)
    assert ForgetConfirmation.decode(confirm["value"]) == ForgetConfirmation("U0123456789")
    assert (confirm["text"]["text"], confirm["style"]) == ("Delete everything", "danger")
    cancel = blockkit.button(message, ids.FORGET_CANCEL)
    assert blockkit.block(message, ids.FORGET_ACTIONS)["elements"] == [confirm, cancel]
    assert "for good" in message["text"]


def test_forget_me_answers():
    assert valid(account.build_forget_cancelled())["text"] == "Nothing was deleted."
    assert valid(account.build_forget_not_yours())["text"] == "This confirmation was not yours."
    counts = {"reflections": 120, "memberships": 3, "team": 1}
    done = valid(account.build_forgotten(counts))
    assert done["text"].startswith("Done: deleted 120 reflections, 3 team memberships, "
                                   "your team and your settings.")
    one = valid(account.build_forgotten({"reflections": 1, "memberships": 1, "team": 0}))
    assert one["text"].startswith("Done: deleted 1 reflection, 1 team membership and your "
                                  "settings.")
    none = valid(account.build_forgotten({"reflections": 0, "memberships": 0, "team": 0}))
    assert none["text"].startswith("Done: deleted 0 reflections, 0 team memberships and")
    alone = valid(account.build_forgotten({**counts, "team": 0}))
    assert "your team" not in alone["text"]
