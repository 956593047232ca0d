"""Alembic builds the schema; the models and the migrated schema agree; downgrade works."""

from __future__ import annotations

from datetime import date

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from storage import (
    migrate,
    slack_tables,  # noqa: F401 - the Slack stores' tables are part of the schema
)
from storage.engine import make_engine
from storage.models import KEEP_PRIVATE, Base


def test_upgrade_to_head_matches_the_models_and_downgrade_empties(database_url):
    engine = make_engine(database_url)
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    migrate.downgrade(engine)
    tables = set(inspect(engine).get_table_names()) - {"alembic_version"}
    assert tables == set()
    engine.dispose()


def test_each_test_gets_a_migrated_database_of_its_own_with_no_rows(migrated_database_url):
    """The tests' migrated databases are copies of one migrated per test process (see
    tests/fakes/databases.py): at head, every table empty, ids starting at 1 again."""
    from storage.engine import make_sessionmaker
    from storage.models import Team
    from storage.people import ensure_workspace

    engine = make_engine(migrated_database_url)
    assert migrate.current_revision(engine) == migrate.head_revision(engine)
    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names()) - {"alembic_version"}
        assert tables == set(Base.metadata.tables)
        counts = {t: conn.scalar(text(f'SELECT count(*) FROM "{t}"')) for t in tables}
    assert set(counts.values()) == {0}, counts
    with make_sessionmaker(engine).begin() as session:
        ensure_workspace(session, "T1", anchor=date(2026, 11, 30))
        team = Team(team_id="T1", manager_id="U1")
        session.add(team)
        session.flush()
        assert team.id == 1
    engine.dispose()


def test_database_errors_never_carry_what_people_wrote(migrated_sqlite_url):
    import pytest
    from sqlalchemy.exc import IntegrityError

    from storage.engine import make_sessionmaker
    from storage.models import Reflection

    engine = make_engine(migrated_sqlite_url)
    with pytest.raises(IntegrityError) as raised, make_sessionmaker(engine).begin() as session:
        session.add(Reflection(team_id="T_NOPE", user_id="U1", week="2026-W49",
                               dimension="risk", rating=9, text="my secret reflection",
                               sharing=KEEP_PRIVATE))
    assert "my secret reflection" not in str(raised.value)
    engine.dispose()


def test_private_answers_stay_private_and_the_rest_shared_across_the_sharing_migration(
        database_url):
    engine = make_engine(database_url)
    migrate.upgrade(engine, "0006")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO workspaces (team_id, default_timezone, rotation_anchor,"
                          " created_at) VALUES ('T1', 'UTC', '2026-11-30', '2026-11-30')"))
        for user, private in (("U1", True), ("U2", False)):
            conn.execute(text(
                "INSERT INTO reflections (team_id, user_id, week, dimension, rating, text,"
                " private, created_at, updated_at) VALUES ('T1', :user, '2026-W49', 'risk',"
                " 3, 'words', :private, '2026-12-01', '2026-12-01')"),
                {"user": user, "private": private})
    migrate.upgrade(engine)
    with engine.connect() as conn:
        assert dict(conn.execute(text("SELECT user_id, sharing FROM reflections")).all()) == {
            "U1": "private", "U2": "shared"}
        conn.execute(text("UPDATE reflections SET sharing = 'rating' WHERE user_id = 'U2'"))
        conn.commit()
    migrate.downgrade(engine, "0006")
    with engine.connect() as conn:
        rows = dict(conn.execute(text("SELECT user_id, private FROM reflections")).all())
    # Going back, a rating-only answer becomes private: never more shared than chosen.
    assert {user: bool(private) for user, private in rows.items()} == {"U1": True, "U2": True}
    engine.dispose()
