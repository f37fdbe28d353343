"""stage feed sequence

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 04:05:00

"""
from alembic import op
import sqlalchemy as sa

import contest.models.types  # noqa: F401  (custom column types used below)


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('stage_states', schema=None) as batch_op:
        batch_op.add_column(sa.Column('seq', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('stage_states', schema=None) as batch_op:
        batch_op.drop_column('seq')
