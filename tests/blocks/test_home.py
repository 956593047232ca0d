"""The App Home tab."""

from __future__ import annotations

from datetime import date

import pytest

from bot import ids
from bot.blocks.home import build_home, build_home_unavailable
from bot.blocks.mrkdwn import escape
from bot.values import ReflectTarget
from storage.models import KEEP_PRIVATE, SHARED
from tests.blocks.conftest import AMPERSANDS, LONG, TRICKY, WEEK, guide_with, huge_topic, week_view
from tests.blocks.conftest import reflection as row
from tests.fakes import blockkit


def test_a_subscriber_with_no_reflections(guide, make_view):
    view = build_home(guide, make_view(), [])
    blockkit.assert_valid_view(view)
    blockkit.assert_no_pings(view)
    assert view["type"] == "home" and not {"title", "submit", "close"} & view.keys()
    shown = blockkit.shown(view)
    assert "*Subscribed* · nudges come Monday 10:00 (Europe/Berlin) · next: " in shown
    assert "`/techlead &lt;topic&gt;`" in shown, "a placeholder, not a link to 'topic'"
    assert "Coaching from *Software Engineer vs Tech Lead*" in shown
    assert "Your recent reflections" not in shown
    unsubscribe = blockkit.button(view, ids.UNSUBSCRIBE)
    assert blockkit.block(view, ids.HOME_SUBSCRIPTION)["elements"] == [unsubscribe]
    reflect = blockkit.button(view, ids.OPEN_REFLECTION)
    assert blockkit.block(view, ids.HOME_REFLECT)["elements"] == [reflect]
    assert ReflectTarget.decode(reflect["value"]) == ReflectTarget(WEEK, "planning")
    assert f"*This week ({WEEK}): 3. Planning &amp; Estimation*" in shown


def test_someone_not_subscribed_gets_a_subscribe_button(guide, make_view):
    view = build_home(guide, make_view(subscribed=False), [])
    blockkit.assert_valid_view(view)
    subscribe = blockkit.button(view, ids.SUBSCRIBE)
    assert subscribe["style"] == "primary" and subscribe["value"] == "home"
    assert not [b for b in blockkit.buttons(view) if b["action_id"] == ids.UNSUBSCRIBE]
    assert "*Weekly reflections are off.*" in blockkit.shown(view)


def test_paused_and_unreachable(guide, make_view):
    paused = build_home(guide, make_view(paused_until=date(2027, 1, 4)), [])
    blockkit.assert_valid_view(paused)
    assert "paused until the week of 04 Jan" in blockkit.shown(paused)
    over = build_home(guide, make_view(paused_until=date(2026, 11, 23)), [])
    assert "paused" not in blockkit.shown(over) and "next: " in blockkit.shown(over)
    lost = build_home(guide, make_view(unreachable=True, paused_until=date(2027, 1, 4)), [])
    blockkit.assert_valid_view(lost)
    assert "I could not reach you by DM" in blockkit.shown(lost)
    assert "paused" not in blockkit.shown(lost)


@pytest.mark.parametrize("text", [TRICKY, LONG, AMPERSANDS])
def test_recent_reflections_are_escaped_and_clipped(guide, make_view, text):
    recent = [row(text=text, id=n, sharing=KEEP_PRIVATE if n == 1 else SHARED) for n in range(3)]
    view = build_home(guide, make_view(), recent)
    blockkit.assert_valid_view(view)
    blockkit.assert_no_pings(view)
    shown = blockkit.shown(view)
    assert "*Your recent reflections*" in shown and "`/techlead history` shows them all." in shown
    lines = [t for t in blockkit.mrkdwn_texts(view) if t.startswith("*3. Planning")]
    assert len(lines) == 3
    for line in lines:
        body = line.split("\n", 1)[1]
        assert body == escape(text) or (body.endswith("…")
                                        and escape(text).startswith(body[:-1]))


def test_one_recent_reflection(guide, make_view):
    view = build_home(guide, make_view(), [row()])
    blockkit.assert_valid_view(view)
    assert "Planned &amp; &lt;estimated&gt;." in blockkit.shown(view)


def test_a_guide_and_topic_at_their_limits(make_view):
    topic = huge_topic()
    guide = guide_with(topic)
    view = build_home(guide, week_view(topic), [row("huge", text=LONG)] * 3)
    blockkit.assert_valid_view(view)
    blockkit.assert_no_pings(view)
    assert "Coaching from *Guide &amp; &lt;Co&gt;*" in blockkit.shown(view)


def test_the_home_tab_when_it_cannot_be_built():
    view = build_home_unavailable()
    blockkit.assert_valid_view(view)
    assert view["type"] == "home"
    assert "couldn't load this tab just now" in blockkit.shown(view)
    assert "`/techlead help`" in blockkit.shown(view)


@pytest.mark.parametrize(("reflected", "label"), [(False, "Reflect"), (True, "Edit reflection")])
def test_the_reflect_button_says_edit_once_this_weeks_is_written(guide, make_view, reflected,
                                                                  label):
    view = build_home(guide, make_view(), [], reflected=reflected)
    blockkit.assert_valid_view(view)
    button = blockkit.button(view, ids.OPEN_REFLECTION)
    assert button["text"]["text"] == label
    assert ReflectTarget.decode(button["value"]) == ReflectTarget(WEEK, "planning")
