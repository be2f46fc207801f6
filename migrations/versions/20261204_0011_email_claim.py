"""A delivery list's email is claimed before it is sent, and marked sent after.

emailed_at used to be set when a run claimed the list: a run killed before sending left
the list marked sent and the driver without it. The claim now has its own column, and
a claim older than the lease is taken over by the next run.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("delivery_list") as batch:
        batch.add_column(sa.Column("email_claimed_at", sa.DateTime(timezone=True), nullable=True))
    # lists emailed so far were sent under their claim
    op.execute("UPDATE delivery_list SET email_claimed_at = emailed_at")


def downgrade():
    with op.batch_alter_table("delivery_list") as batch:
        batch.drop_column("email_claimed_at")
