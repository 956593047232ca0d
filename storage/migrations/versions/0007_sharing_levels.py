"""sharing levels: per answer (shared, rating only, private) and each person's default

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# Spelled out rather than imported: a migration describes the schema as it was then.
LEVELS = ("shared", "rating", "private")


def upgrade() -> None:
    with op.batch_alter_table("reflections", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sharing", sa.String(length=16), nullable=False,
                                      server_default="shared"))
    # Today's answers: private ones stay private, every other one stays shared.
    op.execute("UPDATE reflections SET sharing = 'private' WHERE private")
    with op.batch_alter_table("reflections", schema=None) as batch_op:
        batch_op.drop_column("private")
        batch_op.create_check_constraint(op.f("ck_reflections_sharing"), f"sharing IN {LEVELS!r}")
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sharing", sa.String(length=16), nullable=False,
                                      server_default="shared"))
        batch_op.add_column(sa.Column("focus_shared", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_column("focus_shared")
        batch_op.drop_column("sharing")
    with op.batch_alter_table("reflections", schema=None) as batch_op:
        batch_op.add_column(sa.Column("private", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    # Going back loses the rating-only level: those answers become private, not shared.
    op.execute("UPDATE reflections SET private = (sharing <> 'shared')")
    with op.batch_alter_table("reflections", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_reflections_sharing"), type_="check")
        batch_op.drop_column("sharing")
