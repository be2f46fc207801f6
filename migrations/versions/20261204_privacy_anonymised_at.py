"""People anonymised by the retention job carry the time it was done.

Revision ID: privacy_1
Revises: parcels_3
"""

import sqlalchemy as sa
from alembic import op

revision = "privacy_1"
down_revision = "parcels_3"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("beneficiary") as batch:
        batch.add_column(sa.Column("anonymised_at", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("beneficiary") as batch:
        batch.drop_column("anonymised_at")
