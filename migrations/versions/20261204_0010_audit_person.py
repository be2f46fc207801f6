"""Audit rows about a person's records name the person, so retention finds them all.

A cleared mark is deleted; its audit rows (with any reason typed) then pointed at
nothing, and retention could not tell whose they were. Rows of the records still
present are linked now; from here on every such row is written with the person.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

# the audited entities tied to one person, and the column naming them
PERSON_OF = {
    "attendance_mark": "beneficiary_id",
    "delivery_stop": "beneficiary_id",
    "enrolment": "beneficiary_id",
    "parcel_distribution": "beneficiary_id",
}


def upgrade():
    with op.batch_alter_table("audit_entry") as batch:
        batch.add_column(sa.Column("person_id", sa.Integer(), nullable=True))
        batch.create_index("ix_audit_entry_person_id", ["person_id"])
    for table, column in PERSON_OF.items():
        op.execute(
            f"UPDATE audit_entry SET person_id = (SELECT {column} FROM {table} "
            f"WHERE {table}.id = audit_entry.entity_id) WHERE entity = '{table}'"
        )
    op.execute("UPDATE audit_entry SET person_id = entity_id WHERE entity = 'beneficiary'")


def downgrade():
    with op.batch_alter_table("audit_entry") as batch:
        batch.drop_index("ix_audit_entry_person_id")
        batch.drop_column("person_id")
