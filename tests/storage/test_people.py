"""storage.people: each person's default sharing level."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from storage.models import DEFAULT_SHARING, KEEP_PRIVATE, RATING_ONLY, Person
from storage.people import default_sharing, ensure_workspace, set_sharing


@pytest.fixture
def session(deps):
    """A transaction on a migrated database, with workspace T1."""
    with deps.sessions.begin() as session:
        ensure_workspace(session, "T1", anchor=date(2026, 11, 30))
        yield session


def people(session) -> int:
    return session.scalar(select(func.count()).select_from(Person))


def test_someone_unknown_has_the_default_and_asking_stores_nothing(session):
    assert default_sharing(session, "T1", "U1") == DEFAULT_SHARING
    assert people(session) == 0


def test_setting_creates_the_row_once_and_is_idempotent(session):
    for level in (RATING_ONLY, RATING_ONLY, KEEP_PRIVATE):
        set_sharing(session, "T1", "U1", level)
        assert default_sharing(session, "T1", "U1") == level
    assert people(session) == 1
    assert default_sharing(session, "T1", "U2") == DEFAULT_SHARING, "per person"


def test_a_level_that_is_none_of_the_three_is_not_stored(session):
    with pytest.raises(ValueError, match="not a sharing level"):
        set_sharing(session, "T1", "U1", "public")
    assert people(session) == 0


def test_a_stored_value_that_is_none_of_the_three_reads_as_the_default(session):
    # The column has no CHECK: a row written by hand, or by a later version, still opens.
    session.add(Person(team_id="T1", user_id="U1", sharing="public"))
    session.flush()
    assert default_sharing(session, "T1", "U1") == DEFAULT_SHARING
