"""scale: each person's and team's next instant to look at, and per-workspace send budgets

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# Rows that existed before are looked at on the first tick, which sets their real instants.
RECHECK = datetime(1970, 1, 1, tzinfo=UTC)


def upgrade() -> None:
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(sa.Column("next_nudge_at", sa.DateTime(timezone=True)))
        batch_op.add_column(sa.Column("next_reminder_at", sa.DateTime(timezone=True)))
        batch_op.create_index("ix_people_next_nudge_at", ["next_nudge_at"])
        batch_op.create_index("ix_people_next_reminder_at", ["next_reminder_at"])
    with op.batch_alter_table("teams", schema=None) as batch_op:
        batch_op.add_column(sa.Column("next_digest_at", sa.DateTime(timezone=True)))
        batch_op.create_index(batch_op.f("ix_teams_next_digest_at"), ["next_digest_at"])
    instant = sa.DateTime(timezone=True)
    people = sa.table("people", sa.column("next_nudge_at", instant),
                      sa.column("next_reminder_at", instant), sa.column("subscribed"),
                      sa.column("unreachable_reason"))
    op.execute(people.update()
               .where(people.c.subscribed.is_(sa.true()), people.c.unreachable_reason.is_(None))
               .values(next_nudge_at=RECHECK, next_reminder_at=RECHECK))
    teams = sa.table("teams", sa.column("next_digest_at", instant))
    op.execute(teams.update().values(next_digest_at=RECHECK))
    op.create_index("ix_deliveries_status_claimed_at", "deliveries", ["status", "claimed_at"])
    op.create_table(
        "send_budgets",
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("next_slot", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["workspaces.team_id"],
                                name=op.f("fk_send_budgets_team_id_workspaces"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("team_id", name=op.f("pk_send_budgets")),
    )


def downgrade() -> None:
    op.drop_table("send_budgets")
    op.drop_index("ix_deliveries_status_claimed_at", table_name="deliveries")
    with op.batch_alter_table("teams", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_teams_next_digest_at"))
        batch_op.drop_column("next_digest_at")
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_index("ix_people_next_reminder_at")
        batch_op.drop_index("ix_people_next_nudge_at")
        batch_op.drop_column("next_reminder_at")
        batch_op.drop_column("next_nudge_at")
