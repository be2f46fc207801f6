"""Login throttle per account, address and device; session version on users.

The account lock (failed_logins, locked_until) let anyone lock a canteen out with five
wrong passwords; it is replaced by the login_throttle table, counted atomically. Each
user gets a session version that logout, a password change and deactivation raise.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "login_throttle",
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_login_throttle")),
    )
    op.create_index(
        op.f("ix_login_throttle_last_failure_at"), "login_throttle", ["last_failure_at"]
    )
    op.add_column(
        "user",
        sa.Column("session_version", sa.Integer(), server_default="0", nullable=False),
    )
    # SQLite 3.35+ drops a column in place; no table copy, the role CHECK stays as it is
    op.drop_column("user", "locked_until")
    op.drop_column("user", "failed_logins")


def downgrade():
    op.add_column(
        "user",
        sa.Column("failed_logins", sa.Integer(), server_default="0", nullable=False),
    )
    op.add_column("user", sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True))
    op.drop_column("user", "session_version")
    op.drop_index(op.f("ix_login_throttle_last_failure_at"), table_name="login_throttle")
    op.drop_table("login_throttle")
