"""People anonymised by the retention job carry the time it was done.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("beneficiary") as batch:
        batch.add_column(sa.Column("anonymised_at", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("beneficiary") as batch:
        batch.drop_column("anonymised_at")
