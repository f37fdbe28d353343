"""late scores: a judge's score that arrives after the close is kept, not counted

Revision ID: 0006_late
Revises: 0006_contests
Create Date: 2026-11-30 16:00:00

"""
from alembic import op
import sqlalchemy as sa

import contest.models.types  # noqa: F401  (custom column types used below)


# revision identifiers, used by Alembic.
revision = '0006_late'
# Chained after the contests migration already on main (both started from 0005), so the
# history keeps one head.
down_revision = '0006_contests'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'late_scores',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('team_id', sa.Integer(), nullable=False),
        sa.Column('judge_id', sa.Integer(), nullable=False),
        sa.Column('total', contest.models.types.ExactDecimal(precision=9, scale=3), nullable=False),
        sa.Column('marks', sa.JSON(), nullable=False),
        sa.Column('idempotency_key', sa.String(length=64), nullable=False),
        sa.Column('received_at', contest.models.types.UTCDateTime(), nullable=False),
        sa.Column(
            'status',
            sa.Enum('pending', 'accepted', 'set_aside', name='latestatus', native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column('submission_id', sa.Integer(), nullable=True),
        sa.Column('resolved_at', contest.models.types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['judge_id'], ['judges.id'], name=op.f('fk_late_scores_judge_id_judges'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['submission_id'], ['score_submissions.id'], name=op.f('fk_late_scores_submission_id_score_submissions')),
        sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_late_scores_team_id_teams')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_late_scores')),
        sa.UniqueConstraint('idempotency_key', name=op.f('uq_late_scores_idempotency_key')),
    )
    with op.batch_alter_table('late_scores', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_late_scores_judge_id'), ['judge_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_late_scores_team_id'), ['team_id'], unique=False)


def downgrade():
    with op.batch_alter_table('late_scores', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_late_scores_team_id'))
        batch_op.drop_index(batch_op.f('ix_late_scores_judge_id'))
    op.drop_table('late_scores')
