"""draws of lots

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 04:25:00

"""
from alembic import op
import sqlalchemy as sa

import contest.models.types  # noqa: F401  (custom column types used below)


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('draws',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('venue_id', sa.Integer(), nullable=False),
    sa.Column('seed', sa.String(length=200), nullable=False),
    sa.Column('algorithm', sa.String(length=40), nullable=False),
    sa.Column('witnesses', sa.String(length=200), nullable=False),
    sa.Column('entrants', sa.JSON(), nullable=False),
    sa.Column('order', sa.JSON(), nullable=False),
    sa.Column('drawn_by_id', sa.Integer(), nullable=True),
    sa.Column('drawn_at', contest.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['drawn_by_id'], ['staff_users.id'], name=op.f('fk_draws_drawn_by_id_staff_users')),
    sa.ForeignKeyConstraint(['venue_id'], ['venues.id'], name=op.f('fk_draws_venue_id_venues')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_draws'))
    )
    with op.batch_alter_table('draws', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_draws_venue_id'), ['venue_id'], unique=False)


def downgrade():
    with op.batch_alter_table('draws', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_draws_venue_id'))
    op.drop_table('draws')
