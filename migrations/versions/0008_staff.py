"""staff: the names a certificate was last printed with, so a renamed team shows 需重印

Revision ID: 0006_staff
Revises: 0006_late
Create Date: 2026-11-30 16:10:00
"""

import sqlalchemy as sa
from alembic import op

from contest.models.types import UTCDateTime

# revision identifiers, used by Alembic.
revision = "0006_staff"
down_revision = "0006_late"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("team_awards", schema=None) as batch_op:
        batch_op.add_column(sa.Column("printed_company", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("printed_team", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("printed_at", UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column("print_version", sa.Integer(), server_default="0", nullable=False)
        )


def downgrade():
    with op.batch_alter_table("team_awards", schema=None) as batch_op:
        batch_op.drop_column("print_version")
        batch_op.drop_column("printed_at")
        batch_op.drop_column("printed_team")
        batch_op.drop_column("printed_company")
