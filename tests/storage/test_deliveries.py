"""Claims: exactly one winner, leases, retries; on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from storage import deliveries as d
from storage.engine import make_engine, make_sessionmaker
from storage.people import ensure_workspace

NOW = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
KEY = dict(team_id="T1", user_id="U1", kind="nudge", week="2026-W49")


@pytest.fixture
def sessions(migrated_database_url):
    """A migrated database with workspace T1."""
    engine = make_engine(migrated_database_url)
    factory = make_sessionmaker(engine)
    with factory.begin() as session:
        ensure_workspace(session, "T1", anchor=date(2026, 11, 30))
    yield factory
    engine.dispose()


def claim(sessions, owner: str, now: datetime = NOW) -> bool:
    """Whether `owner` won the claim (the delivery's id, or None, as a bool)."""
    with sessions.begin() as session:
        return d.claim(session, **KEY, dimension="risk", owner=owner, now=now) is not None


def status(sessions) -> str:
    with sessions.begin() as session:
        return d.find(session, **KEY).status


def test_only_the_first_claim_wins(sessions):
    assert claim(sessions, "a") is True
    assert claim(sessions, "b") is False
    assert status(sessions) == d.CLAIMED


def test_only_the_owner_may_start_sending(sessions):
    claim(sessions, "a")
    with sessions.begin() as session:
        assert d.start_sending(session, **KEY, owner="b", now=NOW) is False
        assert d.start_sending(session, **KEY, owner="a", now=NOW) is True
        assert d.start_sending(session, **KEY, owner="a", now=NOW) is False


def test_an_abandoned_claim_is_taken_over_after_its_lease(sessions):
    claim(sessions, "dead")
    assert claim(sessions, "b", NOW + d.CLAIM_LEASE - timedelta(seconds=1)) is False
    assert claim(sessions, "b", NOW + d.CLAIM_LEASE) is True
    with sessions.begin() as session:
        assert d.start_sending(session, **KEY, owner="dead", now=NOW) is False, "its lease is gone"
        assert d.find(session, **KEY).attempts == 2


def test_a_row_left_sending_is_never_claimed_again(sessions):
    """(Reconciliation, not a new claim, settles it: tests/bot/test_reconcile.py.)"""
    claim(sessions, "a")
    with sessions.begin() as session:
        d.start_sending(session, **KEY, owner="a", now=NOW)
    assert claim(sessions, "b", NOW + timedelta(days=3)) is False
    with sessions.begin() as session:
        later = NOW + timedelta(days=3)
        assert d.settled_users(session, "T1", "nudge", ["2026-W49"], later) == {
            ("U1", "2026-W49")}


def test_a_retry_is_claimable_once_it_is_due(sessions):
    claim(sessions, "a")
    with sessions.begin() as session:
        d.mark_retry(session, **KEY, retry_at=NOW + timedelta(minutes=5), error="http_500")
        assert d.settled_users(session, "T1", "nudge", ["2026-W49"], NOW) == set()
    assert claim(sessions, "b", NOW + timedelta(minutes=4)) is False
    assert claim(sessions, "b", NOW + timedelta(minutes=5)) is True
    assert claim(sessions, "c", NOW + timedelta(minutes=5)) is False
