"""The folded key a named record is listed by, stored beside its name.

Raw names collate differently on SQLite and PostgreSQL and neither as a Romanian reader
expects ('Ștefan Vodă' with the S's, 'Traseul 2' before 'Traseul 10'). Places, routes
and parcel types store app.core.text.sort_key of their name and lists order by it.
"""

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column, validates

from app.core.text import sort_key

KEY_LENGTH = 200


def name_key(name: str | None) -> str:
    """The stored key a name is listed by (app.core.text.sort_key), the same on every
    engine: 'Sîngerei', 'Șoldănești', 'Soroca', 'Ștefan Vodă', 'Strășeni'."""
    return sort_key(name)[:KEY_LENGTH]


def by_name(*models) -> list:
    """Order clauses listing named records by their key, then id (ties stay stable)."""
    return [column for model in models for column in (model.name_key, model.id)]


class KeyedName:
    """A record with a name and the folded key lists are ordered by, kept in step here so
    every ORM write of the name sets the key too (a bulk insert passes name_key itself)."""

    name_key: Mapped[str] = mapped_column(String(KEY_LENGTH))

    @validates("name")
    def _keep_name_key(self, _attribute: str, name: str) -> str:
        self.name_key = name_key(name)
        return name
