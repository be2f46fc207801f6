"""Parcel campaigns (Easter, Christmas, winter): a planned hand-out at a site and the
list of the people on it, each ticked off with the distribution that settled it.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "parcel_campaign",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("parcel_type_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=True),
        sa.Column("service", sa.String(length=20), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_parcel_campaign_quantity")),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user.id"],
            name=op.f("fk_parcel_campaign_created_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["parcel_type_id"],
            ["parcel_type.id"],
            name=op.f("fk_parcel_campaign_parcel_type_id_parcel_type"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["site_id"],
            ["site.id"],
            name=op.f("fk_parcel_campaign_site_id_site"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_parcel_campaign")),
    )
    with op.batch_alter_table("parcel_campaign", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_parcel_campaign_site_id"), ["site_id"], unique=False)

    op.create_table(
        "parcel_campaign_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("beneficiary_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("distribution_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["beneficiary_id"],
            ["beneficiary.id"],
            name=op.f("fk_parcel_campaign_entry_beneficiary_id_beneficiary"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["parcel_campaign.id"],
            name=op.f("fk_parcel_campaign_entry_campaign_id_parcel_campaign"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["distribution_id"],
            ["parcel_distribution.id"],
            name=op.f("fk_parcel_campaign_entry_distribution_id_parcel_distribution"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_parcel_campaign_entry")),
        sa.UniqueConstraint(
            "campaign_id",
            "beneficiary_id",
            name=op.f("uq_parcel_campaign_entry_campaign_id_beneficiary_id"),
        ),
        sa.UniqueConstraint(
            "distribution_id", name=op.f("uq_parcel_campaign_entry_distribution_id")
        ),
    )
    with op.batch_alter_table("parcel_campaign_entry", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_parcel_campaign_entry_campaign_id"), ["campaign_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("parcel_campaign_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_parcel_campaign_entry_campaign_id"))

    op.drop_table("parcel_campaign_entry")
    with op.batch_alter_table("parcel_campaign", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_parcel_campaign_site_id"))

    op.drop_table("parcel_campaign")
