"""A closure decided after people were marked can keep their marks as served meals.

Closing a day that already has attendance marks (or delivery outcomes, which are
marks too) now asks whether to keep them; a kept closure counts those meals in the
monthly register. Closures stored before this revision on days that have marks are
taken as kept, so the register counts what it counted before.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("site_day_override") as batch:
        batch.add_column(
            sa.Column("keeps_marks", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    op.execute(
        "UPDATE site_day_override SET keeps_marks = true "
        "WHERE is_open = false AND EXISTS (SELECT 1 FROM attendance_mark m "
        "WHERE m.site_id = site_day_override.site_id AND m.day = site_day_override.day)"
    )


def downgrade():
    with op.batch_alter_table("site_day_override") as batch:
        batch.drop_column("keeps_marks")
