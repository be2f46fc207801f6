"""Delivery stops: the contact person's phone apart, and a concern's follow-up.

The contact phone is kept apart from the contact's name so the driver's page can make
it a phone link. A driver's concern gets a handled state: who at the site followed it
up, when, and what was done.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("delivery_stop") as batch:
        batch.add_column(sa.Column("contact_phone", sa.String(length=40), nullable=True))
        batch.add_column(sa.Column("concern_handled_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("concern_handled_by_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("concern_action", sa.Text(), nullable=True))
        batch.create_foreign_key(
            "fk_delivery_stop_concern_handled_by_id_user",
            "user",
            ["concern_handled_by_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("delivery_stop") as batch:
        batch.drop_constraint("fk_delivery_stop_concern_handled_by_id_user", type_="foreignkey")
        batch.drop_column("concern_action")
        batch.drop_column("concern_handled_by_id")
        batch.drop_column("concern_handled_at")
        batch.drop_column("contact_phone")
