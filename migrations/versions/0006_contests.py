"""contests: audit entries outlive a deleted contest (no foreign key on contest_id)

Revision ID: 0006_contests
Revises: 0005
Create Date: 2026-11-30 15:20:00

Deleting a whole contest (比赛设置 → 删除比赛) removes every row of it, but never an audit
entry: the log is hash-chained over `contest_id`, so the entries keep the id of a contest
that no longer exists. A downgrade restores the foreign key, which fails while such entries
exist (by design: it would otherwise have to alter the chained log).
"""

from alembic import op


# revision identifiers, used by Alembic.
revision = "0006_contests"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.drop_constraint("fk_audit_entries_contest_id_contests", type_="foreignkey")


def downgrade():
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.create_foreign_key(
            "fk_audit_entries_contest_id_contests", "contests", ["contest_id"], ["id"]
        )
