"""Time away from a Slack status: which statuses mean away, and when a stretch ends."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.coaching.away import Away, AwaySigns, status_expiry
from bot.config import DEFAULT_AWAY_EMOJI, DEFAULT_AWAY_WORDS

SIGNS = AwaySigns.of(DEFAULT_AWAY_EMOJI, DEFAULT_AWAY_WORDS)


def at(day: int, hour: int = 12) -> datetime:
    return datetime(2026, 12, day, hour, tzinfo=UTC)


@pytest.mark.parametrize("emoji, text, away", [
    (":palm_tree:", "", True), (":PALM_TREE:", None, True), ("", "On VACATION till Fri", True),
    ("", "OOO", True), (":coffee:", "in a meeting", False), ("", "", False), (None, None, False),
])
def test_which_statuses_mean_away(emoji, text, away):
    assert SIGNS.away(emoji, text) is away


@pytest.mark.parametrize("expiration, expected", [
    (0, None), (None, None), (True, None), ("1700000000", None),
    (1_790_000_000, datetime.fromtimestamp(1_790_000_000, UTC)),
])
def test_status_expiry(expiration, expected):
    assert status_expiry(expiration) == expected


def test_a_stretch_away_ends_when_cleared_or_when_it_expires():
    open_ended = Away(since=at(1))
    assert open_ended.at(at(20)) and not open_ended.at(at(1, 11))
    assert open_ended.returned() is None
    cleared = Away(since=at(1), back=at(3))
    assert cleared.at(at(2)) and not cleared.at(at(3)) and cleared.returned() == at(3)
    expired = Away(since=at(1), until=at(2))
    assert not expired.at(at(2)) and expired.returned() == at(2)


def test_welcome_back_only_this_week_and_after_two_weeks():
    long = Away(since=at(1), back=at(15))
    assert long.welcome_back(at(14, 0), at(16))
    assert not long.welcome_back(at(21, 0), at(22))  # came back last week
    assert not Away(since=at(1), back=at(10)).welcome_back(at(7, 0), at(11))  # nine days
    assert not Away().welcome_back(at(14, 0), at(16))
