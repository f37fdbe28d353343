"""staff sessions: a per-account session stamp, changed to end every session of the account

Revision ID: 0010_sessions
Revises: 0006_clock
Create Date: 2026-11-30 19:40:00

Signing out, a password reset, disabling the account or an admin's 结束登录 give the account
a new stamp; a session cookie carrying the old one (a copy taken before 退出) stops working.
"""

import secrets

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0010_sessions"
down_revision = "0006_clock"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("staff_users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("session_stamp", sa.String(length=32), nullable=False, server_default="")
        )
    connection = op.get_bind()
    users = sa.table("staff_users", sa.column("id", sa.Integer), sa.column("session_stamp"))
    for (user_id,) in connection.execute(sa.select(users.c.id)).all():
        connection.execute(
            users.update().where(users.c.id == user_id).values(session_stamp=secrets.token_hex(16))
        )
    with op.batch_alter_table("staff_users", schema=None) as batch_op:
        batch_op.alter_column("session_stamp", server_default=None)  # the model sets it


def downgrade():
    with op.batch_alter_table("staff_users", schema=None) as batch_op:
        batch_op.drop_column("session_stamp")
