"""growth: a focus dimension, follow-ups, time away, and the evidence journal

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

PEOPLE_COLUMNS = [
    ("focus_dimension", sa.String(length=32)),
    ("focus_since", sa.Date()),
    ("focus_until", sa.Date()),
    ("focus_suggested_rotation", sa.Integer()),
    ("away_since", sa.DateTime(timezone=True)),
    ("away_until", sa.DateTime(timezone=True)),
    ("back_at", sa.DateTime(timezone=True)),
]


def upgrade() -> None:
    with op.batch_alter_table("people", schema=None) as batch_op:
        for name, type_ in PEOPLE_COLUMNS:
            batch_op.add_column(sa.Column(name, type_, nullable=True))
        batch_op.add_column(sa.Column("followups", sa.Boolean(), nullable=False,
                                      server_default=sa.true()))
    with op.batch_alter_table("reflections", schema=None) as batch_op:
        batch_op.add_column(sa.Column("followup_asked_at", sa.DateTime(timezone=True),
                                      nullable=True))
    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("dimension", sa.String(length=32), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("message_text", sa.Text(), nullable=True),
        sa.Column("permalink", sa.String(length=500), nullable=True),
        sa.Column("channel_id", sa.String(length=32), nullable=True),
        sa.Column("message_ts", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["workspaces.team_id"],
                                name=op.f("fk_evidence_team_id_workspaces"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence")),
        sa.UniqueConstraint("team_id", "user_id", "channel_id", "message_ts",
                            name=op.f("uq_evidence_team_id_user_id_channel_id_message_ts")),
    )
    op.create_index("ix_evidence_owner", "evidence", ["team_id", "user_id", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_evidence_owner", table_name="evidence")
    op.drop_table("evidence")
    with op.batch_alter_table("reflections", schema=None) as batch_op:
        batch_op.drop_column("followup_asked_at")
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_column("followups")
        for name, _ in reversed(PEOPLE_COLUMNS):
            batch_op.drop_column(name)
