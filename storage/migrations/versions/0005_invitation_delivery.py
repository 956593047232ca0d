"""invitation delivery: when each invitation DM was sent, or why it was not

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.add_column(sa.Column("invitation_sent_at", sa.DateTime(timezone=True),
                                      nullable=True))
        batch_op.add_column(sa.Column("invitation_error", sa.String(length=64), nullable=True))
    # Invitations made before this revision were DMed (or their failure was reported then).
    op.execute("UPDATE memberships SET invitation_sent_at = invited_at")


def downgrade() -> None:
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.drop_column("invitation_error")
        batch_op.drop_column("invitation_sent_at")
