"""appeals: 申诉 and their 复核

Revision ID: 0038_appeals
Revises: 0037_draw_commit
Create Date: 2026-12-02 02:40:00

"""
from alembic import op
import sqlalchemy as sa

import contest.models.types  # noqa: F401  (custom column types used below)


# revision identifiers, used by Alembic.
revision = '0038_appeals'
down_revision = '0037_draw_commit'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('appeals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contest_id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('filer_name', sa.String(length=50), nullable=False),
    sa.Column('filer_phone', sa.String(length=30), nullable=False),
    sa.Column('grounds', sa.Text(), nullable=False),
    sa.Column('via', sa.String(length=10), nullable=False),
    sa.Column('filed_at', contest.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('outcome', sa.String(length=10), nullable=False),
    sa.Column('ruling', sa.Text(), nullable=False),
    sa.Column('ruled_by', sa.String(length=40), nullable=False),
    sa.Column('ruled_at', contest.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('staff_signature_id', sa.Integer(), nullable=True),
    sa.Column('chair_signature_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['chair_signature_id'], ['signatures.id'], name=op.f('fk_appeals_chair_signature_id_signatures')),
    sa.ForeignKeyConstraint(['contest_id'], ['contests.id'], name=op.f('fk_appeals_contest_id_contests')),
    sa.ForeignKeyConstraint(['staff_signature_id'], ['signatures.id'], name=op.f('fk_appeals_staff_signature_id_signatures')),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_appeals_team_id_teams')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appeals')),
    sa.UniqueConstraint('team_id', name=op.f('uq_appeals_team_id'))
    )
    with op.batch_alter_table('appeals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_appeals_contest_id'), ['contest_id'], unique=False)


def downgrade():
    with op.batch_alter_table('appeals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_appeals_contest_id'))

    op.drop_table('appeals')
