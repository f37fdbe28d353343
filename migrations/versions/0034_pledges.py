"""pledges: 评审承诺书 acceptances

Revision ID: 0034_pledges
Revises: 0033_signatures
Create Date: 2026-12-02 01:40:00

"""
from alembic import op
import sqlalchemy as sa

import contest.models.types  # noqa: F401  (custom column types used below)


# revision identifiers, used by Alembic.
revision = '0034_pledges'
down_revision = '0033_signatures'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('pledge_acceptances',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contest_id', sa.Integer(), nullable=False),
    sa.Column('judge_id', sa.Integer(), nullable=False),
    sa.Column('text_sha256', sa.String(length=64), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('accepted_at', contest.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('device', sa.String(length=200), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['contest_id'], ['contests.id'], name=op.f('fk_pledge_acceptances_contest_id_contests')),
    sa.ForeignKeyConstraint(['judge_id'], ['judges.id'], name=op.f('fk_pledge_acceptances_judge_id_judges')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pledge_acceptances')),
    sa.UniqueConstraint('judge_id', 'text_sha256', name=op.f('uq_pledge_acceptances_judge_id_text_sha256'))
    )
    with op.batch_alter_table('pledge_acceptances', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pledge_acceptances_contest_id'), ['contest_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pledge_acceptances_judge_id'), ['judge_id'], unique=False)


def downgrade():
    with op.batch_alter_table('pledge_acceptances', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pledge_acceptances_judge_id'))
        batch_op.drop_index(batch_op.f('ix_pledge_acceptances_contest_id'))

    op.drop_table('pledge_acceptances')
