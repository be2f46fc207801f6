"""Routes, parcel types and delivery lists get the folded key they are listed by.

Like places in revision 0012: raw names collate by code point on both engines, so
'Traseul 10' came before 'Traseul 2' and 'Șipoteni' after 'Zăicani'. route.name_key and
parcel_type.name_key hold app.core.text.sort_key of the name; delivery_list keeps the
route's name as it was when the list was frozen, so it keeps that name's key beside it
(route_name_key) and lists follow the name they show. The keys are computed here in
Python with the same function, so stored keys match the code.

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

from app.core.text import sort_key

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

# (table, the name column, its key column)
KEYS = (
    ("route", "name", "name_key"),
    ("parcel_type", "name", "name_key"),
    ("delivery_list", "route_name", "route_name_key"),
)
KEY_LENGTH = 200  # app.core.naming.KEY_LENGTH when written


def upgrade():
    connection = op.get_bind()
    for name, column, key in KEYS:
        # NOT NULL with a default, then filled: SQLite adds such a column in place, where
        # changing it afterwards would copy the table (and trip the foreign keys on it)
        op.add_column(
            name, sa.Column(key, sa.String(KEY_LENGTH), nullable=False, server_default="")
        )
        rows = sa.table(name, sa.column(column), sa.column(key))
        # one UPDATE per distinct name: a year of lists repeats each route's name daily
        names = sa.select(rows.c[column]).distinct()
        for (text,) in connection.execute(names).all():
            connection.execute(
                rows.update()
                .where(rows.c[column] == text)
                .values({key: sort_key(text)[:KEY_LENGTH]})
            )
        if connection.dialect.name != "sqlite":
            # the code always writes the key: a row without one is refused
            op.alter_column(name, key, server_default=None)


def downgrade():
    for name, _column, key in KEYS:
        op.execute(f"ALTER TABLE {name} DROP COLUMN {key}")
