"""Recompute the folded name keys with the Cyrillic reading rules.

The keys behind search, sorting and the duplicate check are derived from the names.
Names written in Cyrillic are now read as Romanian Latin (Чебан = Ceban, Цырдя =
Țîrdea), "gh" and "x" fold like their Cyrillic readings, so stored keys are computed
again. The folding lives in app/core/text.py, a module of the standard library only;
the migration imports it on purpose, since the keys must follow the folding the code
searches with. Running it again changes nothing.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

from app.core.text import fold, person_key

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

BATCH = 1000

people = sa.table(
    "beneficiary",
    sa.column("id", sa.Integer),
    sa.column("first_name", sa.String),
    sa.column("last_name", sa.String),
    sa.column("first_name_key", sa.String),
    sa.column("last_name_key", sa.String),
    sa.column("person_key", sa.String),
)


def upgrade():
    connection = op.get_bind()
    last_id = 0
    while True:
        rows = connection.execute(
            sa.select(
                people.c.id,
                people.c.first_name,
                people.c.last_name,
                people.c.first_name_key,
                people.c.last_name_key,
                people.c.person_key,
            )
            .where(people.c.id > last_id)
            .order_by(people.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        for row in rows:
            keys = {
                "first_name_key": fold(row.first_name),
                "last_name_key": fold(row.last_name),
                "person_key": person_key(row.first_name, row.last_name),
            }
            if keys != {
                "first_name_key": row.first_name_key,
                "last_name_key": row.last_name_key,
                "person_key": row.person_key,
            }:
                connection.execute(people.update().where(people.c.id == row.id).values(**keys))
        last_id = rows[-1].id


def downgrade():
    # the older keys are not kept; searching with them works the same for Latin names
    pass
