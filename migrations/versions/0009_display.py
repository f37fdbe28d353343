"""display: a break's end time on the stage, a livestream address per venue

Revision ID: 0006_display
Revises: 0006_staff
Create Date: 2026-11-30 16:00:00

The break scene (茶歇) counts down to a stored end time, so a reloaded display shows the
right time; the viewers' page plays the venue's HLS livestream when staff set one.
"""

from alembic import op
import sqlalchemy as sa

import contest.models.types  # noqa: F401  (custom column types used below)


# revision identifiers, used by Alembic.
revision = "0006_display"
down_revision = "0006_staff"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("stage_states", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("break_ends_at", contest.models.types.UTCDateTime(), nullable=True)
        )
    with op.batch_alter_table("venues", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("stream_url", sa.String(length=500), nullable=False, server_default="")
        )
    with op.batch_alter_table("venues", schema=None) as batch_op:
        batch_op.alter_column("stream_url", server_default=None)  # the model sets it


def downgrade():
    with op.batch_alter_table("venues", schema=None) as batch_op:
        batch_op.drop_column("stream_url")
    with op.batch_alter_table("stage_states", schema=None) as batch_op:
        batch_op.drop_column("break_ends_at")
