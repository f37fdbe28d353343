"""draw_commit: a witnessed draw's commitment and its witnesses

Revision ID: 0037_draw_commit
Revises: 0036_cosign
Create Date: 2026-12-02 02:20:00

"""
from alembic import op
import sqlalchemy as sa

import contest.models.types  # noqa: F401  (custom column types used below)


# revision identifiers, used by Alembic.
revision = '0037_draw_commit'
down_revision = '0036_cosign'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('draw_commits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contest_id', sa.Integer(), nullable=False),
    sa.Column('venue_id', sa.Integer(), nullable=False),
    sa.Column('secret', sa.String(length=64), nullable=False),
    sa.Column('commitment', sa.String(length=64), nullable=False),
    sa.Column('created_by', sa.String(length=40), nullable=False),
    sa.Column('created_at', contest.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('draw_id', sa.Integer(), nullable=True),
    sa.Column('seed', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['contest_id'], ['contests.id'], name=op.f('fk_draw_commits_contest_id_contests')),
    sa.ForeignKeyConstraint(['draw_id'], ['draws.id'], name=op.f('fk_draw_commits_draw_id_draws')),
    sa.ForeignKeyConstraint(['venue_id'], ['venues.id'], name=op.f('fk_draw_commits_venue_id_venues')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_draw_commits'))
    )
    with op.batch_alter_table('draw_commits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_draw_commits_contest_id'), ['contest_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_draw_commits_venue_id'), ['venue_id'], unique=False)

    op.create_table('draw_witnesses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('commit_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('entropy', sa.String(length=64), nullable=False),
    sa.Column('via', sa.String(length=10), nullable=False),
    sa.Column('added_at', contest.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('signature_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['commit_id'], ['draw_commits.id'], name=op.f('fk_draw_witnesses_commit_id_draw_commits')),
    sa.ForeignKeyConstraint(['signature_id'], ['signatures.id'], name=op.f('fk_draw_witnesses_signature_id_signatures')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_draw_witnesses'))
    )
    with op.batch_alter_table('draw_witnesses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_draw_witnesses_commit_id'), ['commit_id'], unique=False)


def downgrade():
    with op.batch_alter_table('draw_witnesses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_draw_witnesses_commit_id'))

    op.drop_table('draw_witnesses')
    with op.batch_alter_table('draw_commits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_draw_commits_venue_id'))
        batch_op.drop_index(batch_op.f('ix_draw_commits_contest_id'))

    op.drop_table('draw_commits')
