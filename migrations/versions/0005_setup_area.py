"""set-up area: contest dates and demo flag, venue short names, import batches

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 15:10:00

"""
from alembic import op
import sqlalchemy as sa

import contest.models.types  # noqa: F401  (custom column types used below)


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'import_batches',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('contest_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('filename', sa.String(length=255), nullable=False),
        sa.Column('summary', sa.JSON(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', contest.models.types.UTCDateTime(), nullable=False),
        sa.Column('undone_at', contest.models.types.UTCDateTime(), nullable=True),
        sa.Column('undone_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['contest_id'], ['contests.id'], name=op.f('fk_import_batches_contest_id_contests')),
        sa.ForeignKeyConstraint(['created_by_id'], ['staff_users.id'], name=op.f('fk_import_batches_created_by_id_staff_users')),
        sa.ForeignKeyConstraint(['undone_by_id'], ['staff_users.id'], name=op.f('fk_import_batches_undone_by_id_staff_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_import_batches')),
    )
    with op.batch_alter_table('import_batches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_batches_contest_id'), ['contest_id'], unique=False)

    with op.batch_alter_table('contests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('starts_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('ends_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('is_demo', sa.Boolean(), nullable=False, server_default=sa.false()))

    with op.batch_alter_table('venues', schema=None) as batch_op:
        batch_op.add_column(sa.Column('short_name', sa.String(length=50), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('code', sa.String(length=20), nullable=False, server_default=''))
    with op.batch_alter_table('venues', schema=None) as batch_op:  # the default filled old rows
        batch_op.alter_column('short_name', server_default=None)
        batch_op.alter_column('code', server_default=None)

    for table in ('teams', 'judges', 'score_submissions'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('import_batch_id', sa.Integer(), nullable=True))
            batch_op.create_index(batch_op.f(f'ix_{table}_import_batch_id'), ['import_batch_id'], unique=False)
            batch_op.create_foreign_key(
                batch_op.f(f'fk_{table}_import_batch_id_import_batches'),
                'import_batches', ['import_batch_id'], ['id'],
            )

    # The demo is the contest `flask demo` loaded: its audit entry says so.
    op.execute(
        "UPDATE contests SET is_demo = true WHERE id IN "
        "(SELECT contest_id FROM audit_entries WHERE action = 'contest.demo_loaded')"
    )


def downgrade():
    for table in ('score_submissions', 'judges', 'teams'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f'fk_{table}_import_batch_id_import_batches'), type_='foreignkey')
            batch_op.drop_index(batch_op.f(f'ix_{table}_import_batch_id'))
            batch_op.drop_column('import_batch_id')
    with op.batch_alter_table('venues', schema=None) as batch_op:
        batch_op.drop_column('code')
        batch_op.drop_column('short_name')
    with op.batch_alter_table('contests', schema=None) as batch_op:
        batch_op.drop_column('is_demo')
        batch_op.drop_column('ends_on')
        batch_op.drop_column('starts_on')
    with op.batch_alter_table('import_batches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_import_batches_contest_id'))
    op.drop_table('import_batches')
