"""talk length kept for overtime

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 04:30:00

"""
from alembic import op
import sqlalchemy as sa

import contest.models.types  # noqa: F401  (custom column types used below)


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('stage_states', schema=None) as batch_op:
        batch_op.add_column(sa.Column('talk_elapsed_ms', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('stage_states', schema=None) as batch_op:
        batch_op.drop_column('talk_elapsed_ms')
