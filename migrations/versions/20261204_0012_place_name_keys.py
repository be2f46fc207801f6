"""Districts, localities and sites get the folded key they are listed by.

Places were ordered by their raw name, which SQLite and PostgreSQL collate differently
and neither as a Romanian reader expects ('Ștefan Vodă' with the S's, 'Sîngerei' before
'Soroca'). name_key holds app.core.text.sort_key of the name, as people's name keys do;
it is computed here in Python with the same function (a module of the standard library
only, as in revision 0002), so stored keys match the code.

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

from app.core.text import sort_key

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

TABLES = ("district", "locality", "site")
KEY_LENGTH = 200  # app.places.models.KEY_LENGTH when written


def upgrade():
    connection = op.get_bind()
    for name in TABLES:
        # NOT NULL with a default, then filled: SQLite adds such a column in place, where
        # changing it afterwards would copy the table (and trip the foreign keys on it)
        op.add_column(
            name,
            sa.Column("name_key", sa.String(KEY_LENGTH), nullable=False, server_default=""),
        )
        places = sa.table(
            name, sa.column("id", sa.Integer), sa.column("name", sa.String), sa.column("name_key")
        )
        for row in connection.execute(sa.select(places.c.id, places.c.name)).all():
            connection.execute(
                places.update()
                .where(places.c.id == row.id)
                .values(name_key=sort_key(row.name)[:KEY_LENGTH])
            )
        if connection.dialect.name != "sqlite":
            # the code always writes the key: a row without one is refused
            op.alter_column(name, "name_key", server_default=None)


def downgrade():
    for name in TABLES:
        op.execute(f"ALTER TABLE {name} DROP COLUMN name_key")
