"""signing: a venue's 评委签名 opened by staff

Revision ID: 0035_signing
Revises: 0034_pledges
Create Date: 2026-12-02 02:20:00

"""
from alembic import op
import sqlalchemy as sa

import contest.models.types  # noqa: F401  (custom column types used below)


# revision identifiers, used by Alembic.
revision = '0035_signing'
down_revision = '0034_pledges'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('signing_windows',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contest_id', sa.Integer(), nullable=False),
    sa.Column('venue_id', sa.Integer(), nullable=False),
    sa.Column('opened_at', contest.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('opened_by', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['contest_id'], ['contests.id'], name=op.f('fk_signing_windows_contest_id_contests')),
    sa.ForeignKeyConstraint(['venue_id'], ['venues.id'], name=op.f('fk_signing_windows_venue_id_venues')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_signing_windows')),
    sa.UniqueConstraint('venue_id', name=op.f('uq_signing_windows_venue_id'))
    )
    with op.batch_alter_table('signing_windows', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_signing_windows_contest_id'), ['contest_id'], unique=False)


def downgrade():
    with op.batch_alter_table('signing_windows', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_signing_windows_contest_id'))

    op.drop_table('signing_windows')
