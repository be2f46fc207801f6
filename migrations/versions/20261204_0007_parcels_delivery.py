"""Parcels carried by the driver: a distribution's method (at the site or with the day's
delivery list) and two more statuses (planned, returned when not delivered).

Existing distributions were all handed over at the site.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

OLD_STATUSES = "status IN ('handed_over', 'cancelled')"
NEW_STATUSES = "status IN ('planned', 'handed_over', 'returned', 'cancelled')"


def upgrade():
    with op.batch_alter_table("parcel_distribution", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "method",
                sa.String(length=20),
                nullable=False,
                server_default="at_site",
            )
        )
        batch_op.create_check_constraint(
            op.f("ck_parcel_distribution_distribution_method"), "method IN ('at_site', 'delivery')"
        )
        batch_op.drop_constraint(op.f("ck_parcel_distribution_distribution_status"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_parcel_distribution_distribution_status"), NEW_STATUSES
        )
        batch_op.create_check_constraint(
            op.f("ck_parcel_distribution_delivery_statuses"),
            "method = 'delivery' OR status NOT IN ('planned', 'returned')",
        )
    with op.batch_alter_table("parcel_distribution", schema=None) as batch_op:
        batch_op.alter_column("method", server_default=None)


def downgrade():
    # parcels carried by drivers have no place in the older schema: refuse, keep them
    carried = op.get_bind().scalar(
        sa.text("SELECT count(*) FROM parcel_distribution WHERE method = 'delivery'")
    )
    if carried:
        raise RuntimeError(f"{carried} parcels were carried by drivers; downgrade refused")
    with op.batch_alter_table("parcel_distribution", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_parcel_distribution_delivery_statuses"), type_="check")
        batch_op.drop_constraint(op.f("ck_parcel_distribution_distribution_status"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_parcel_distribution_distribution_status"), OLD_STATUSES
        )
        batch_op.drop_constraint(op.f("ck_parcel_distribution_distribution_method"), type_="check")
        batch_op.drop_column("method")
