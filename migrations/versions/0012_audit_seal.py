"""audit seal: an HMAC of each entry's hash with a key kept apart from the database

Revision ID: 0012_seal
Revises: 0010_sessions
Create Date: 2026-11-30 22:30:00

Set only when CONTEST_AUDIT_KEY_FILE names a key; entries written before stay unsealed.
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0012_seal"
down_revision = "0010_sessions"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("seal", sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.drop_column("seal")
