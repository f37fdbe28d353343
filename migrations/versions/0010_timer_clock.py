"""timer clock: the stage clock's start on the machine's monotonic clock, and its boot

Revision ID: 0006_clock
Revises: 0006_display
Create Date: 2026-11-30 19:10:00

A talk's length decides the overtime deduction; measured on the monotonic clock, a step of
the wall clock (NTP, an operator setting the time) no longer changes it.
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0006_clock"
down_revision = "0006_display"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("stage_states", schema=None) as batch_op:
        batch_op.add_column(sa.Column("timer_started_mono", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("timer_boot", sa.String(length=40), nullable=True))


def downgrade():
    with op.batch_alter_table("stage_states", schema=None) as batch_op:
        batch_op.drop_column("timer_boot")
        batch_op.drop_column("timer_started_mono")
