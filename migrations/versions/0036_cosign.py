"""cosign: requests that wait for the 监督's signature

Revision ID: 0036_cosign
Revises: 0035_signing
Create Date: 2026-12-02 02:10:00

"""
from alembic import op
import sqlalchemy as sa

import contest.models.types  # noqa: F401  (custom column types used below)


# revision identifiers, used by Alembic.
revision = '0036_cosign'
down_revision = '0035_signing'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('cosign_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contest_id', sa.Integer(), nullable=False),
    sa.Column('venue_id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('judge_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.Enum('correction', 'forced_reveal', name='cosignkind', native_enum=False, length=20), nullable=False),
    sa.Column('state', sa.Enum('pending', 'approved', 'used', 'refused', name='cosignstate', native_enum=False, length=20), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('requested_by', sa.String(length=40), nullable=False),
    sa.Column('requested_at', contest.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('decided_by', sa.String(length=40), nullable=False),
    sa.Column('decided_at', contest.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('signature_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['contest_id'], ['contests.id'], name=op.f('fk_cosign_requests_contest_id_contests')),
    sa.ForeignKeyConstraint(['judge_id'], ['judges.id'], name=op.f('fk_cosign_requests_judge_id_judges')),
    sa.ForeignKeyConstraint(['signature_id'], ['signatures.id'], name=op.f('fk_cosign_requests_signature_id_signatures')),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_cosign_requests_team_id_teams')),
    sa.ForeignKeyConstraint(['venue_id'], ['venues.id'], name=op.f('fk_cosign_requests_venue_id_venues')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cosign_requests'))
    )
    with op.batch_alter_table('cosign_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cosign_requests_contest_id'), ['contest_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cosign_requests_team_id'), ['team_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cosign_requests_venue_id'), ['venue_id'], unique=False)


def downgrade():
    with op.batch_alter_table('cosign_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cosign_requests_venue_id'))
        batch_op.drop_index(batch_op.f('ix_cosign_requests_team_id'))
        batch_op.drop_index(batch_op.f('ix_cosign_requests_contest_id'))

    op.drop_table('cosign_requests')
