"""Food parcels: parcel types with their contents, the stock ledger and balance per site,
and distributions to people.

stock_balance keeps the sum of a site's ledger per parcel type; CHECK (on_hand >= 0)
makes stock below zero impossible whatever the application does.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "parcel_type",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("min_days_between", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "min_days_between IS NULL OR min_days_between >= 1",
            name=op.f("ck_parcel_type_min_days_between"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_parcel_type")),
        sa.UniqueConstraint("name", name=op.f("uq_parcel_type_name")),
    )
    op.create_table(
        "parcel_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("parcel_type_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("quantity", sa.Numeric(precision=10, scale=3), nullable=False),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_parcel_item_quantity")),
        sa.ForeignKeyConstraint(
            ["parcel_type_id"],
            ["parcel_type.id"],
            name=op.f("fk_parcel_item_parcel_type_id_parcel_type"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_parcel_item")),
    )
    with op.batch_alter_table("parcel_item", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_parcel_item_parcel_type_id"), ["parcel_type_id"], unique=False
        )

    op.create_table(
        "parcel_distribution",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("parcel_type_id", sa.Integer(), nullable=False),
        sa.Column("beneficiary_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "handed_over",
                "cancelled",
                name="distribution_status",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("override_reason", sa.String(length=300), nullable=True),
        sa.Column("overridden_by_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_parcel_distribution_quantity")),
        sa.ForeignKeyConstraint(
            ["beneficiary_id"],
            ["beneficiary.id"],
            name=op.f("fk_parcel_distribution_beneficiary_id_beneficiary"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user.id"],
            name=op.f("fk_parcel_distribution_created_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["overridden_by_id"],
            ["user.id"],
            name=op.f("fk_parcel_distribution_overridden_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["parcel_type_id"],
            ["parcel_type.id"],
            name=op.f("fk_parcel_distribution_parcel_type_id_parcel_type"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["site_id"],
            ["site.id"],
            name=op.f("fk_parcel_distribution_site_id_site"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_parcel_distribution")),
    )
    with op.batch_alter_table("parcel_distribution", schema=None) as batch_op:
        batch_op.create_index(
            "ix_parcel_distribution_person_type_day",
            ["beneficiary_id", "parcel_type_id", "day"],
            unique=False,
        )
        batch_op.create_index("ix_parcel_distribution_site_day", ["site_id", "day"], unique=False)

    op.create_table(
        "stock_balance",
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("parcel_type_id", sa.Integer(), nullable=False),
        sa.Column("on_hand", sa.Integer(), nullable=False),
        sa.CheckConstraint("on_hand >= 0", name=op.f("ck_stock_balance_on_hand")),
        sa.ForeignKeyConstraint(
            ["parcel_type_id"],
            ["parcel_type.id"],
            name=op.f("fk_stock_balance_parcel_type_id_parcel_type"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["site_id"],
            ["site.id"],
            name=op.f("fk_stock_balance_site_id_site"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("site_id", "parcel_type_id", name=op.f("pk_stock_balance")),
    )
    op.create_table(
        "stock_movement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("parcel_type_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "receipt",
                "distribution",
                "transfer_out",
                "transfer_in",
                "adjustment",
                "return",
                name="movement_kind",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column(
            "source",
            sa.Enum(
                "donation",
                "purchase",
                name="source_kind",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=True,
        ),
        sa.Column("donor_name", sa.String(length=160), nullable=True),
        sa.Column("document_number", sa.String(length=60), nullable=True),
        sa.Column(
            "reason",
            sa.Enum(
                "damaged",
                "expired",
                "count_correction",
                name="adjustment_reason",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=True,
        ),
        sa.Column("other_site_id", sa.Integer(), nullable=True),
        sa.Column("distribution_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(kind IN ('receipt', 'transfer_in', 'return') AND quantity > 0)"
            " OR (kind IN ('distribution', 'transfer_out') AND quantity < 0)"
            " OR kind = 'adjustment'",
            name=op.f("ck_stock_movement_sign"),
        ),
        sa.CheckConstraint(
            "kind <> 'adjustment' OR reason IS NOT NULL",
            name=op.f("ck_stock_movement_adjustment_has_reason"),
        ),
        sa.CheckConstraint(
            "kind <> 'receipt' OR source IS NOT NULL", name=op.f("ck_stock_movement_receipt_source")
        ),
        sa.CheckConstraint("quantity <> 0", name=op.f("ck_stock_movement_quantity")),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user.id"],
            name=op.f("fk_stock_movement_created_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["distribution_id"],
            ["parcel_distribution.id"],
            name=op.f("fk_stock_movement_distribution_id_parcel_distribution"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["other_site_id"],
            ["site.id"],
            name=op.f("fk_stock_movement_other_site_id_site"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["parcel_type_id"],
            ["parcel_type.id"],
            name=op.f("fk_stock_movement_parcel_type_id_parcel_type"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["site_id"],
            ["site.id"],
            name=op.f("fk_stock_movement_site_id_site"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_movement")),
    )
    with op.batch_alter_table("stock_movement", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_stock_movement_distribution_id"), ["distribution_id"], unique=False
        )
        batch_op.create_index(
            "ix_stock_movement_site_type_day", ["site_id", "parcel_type_id", "day"], unique=False
        )


def downgrade():
    with op.batch_alter_table("stock_movement", schema=None) as batch_op:
        batch_op.drop_index("ix_stock_movement_site_type_day")
        batch_op.drop_index(batch_op.f("ix_stock_movement_distribution_id"))

    op.drop_table("stock_movement")
    op.drop_table("stock_balance")
    with op.batch_alter_table("parcel_distribution", schema=None) as batch_op:
        batch_op.drop_index("ix_parcel_distribution_site_day")
        batch_op.drop_index("ix_parcel_distribution_person_type_day")

    op.drop_table("parcel_distribution")
    with op.batch_alter_table("parcel_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_parcel_item_parcel_type_id"))

    op.drop_table("parcel_item")
    op.drop_table("parcel_type")
