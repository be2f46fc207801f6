"""The day's delivery lists as a workbook: one sheet per route, stops in order.

Takes plain documents (dicts of values, as built by app.delivery.services.list_document);
no ORM object and no session come in here.
"""

from collections.abc import Sequence
from pathlib import Path
from typing import IO

from exports.workbook import Sheet, write_workbook

DEFAULT_HEADERS = (
    "Nr.",
    "Nume",
    "Adresă",
    "Telefon",
    "Persoană de contact",
    "Dietă",
    "Acces",
    "Porții",
    "Pachet",
    "Coordonate",
    "Livrat / motiv",
)
WIDTHS = (5, 26, 30, 14, 24, 20, 24, 7, 16, 20, 16)
STOP_KEYS = (
    "position",
    "name",
    "address",
    "phone",
    "contact",
    "diet_notes",
    "access_notes",
    "portions",
    "parcel_note",
    "coordinates",
)


def stop_row(stop: dict) -> tuple:
    """One stop as a row; the last column stays empty for the driver's pen."""
    return (*(stop[key] for key in STOP_KEYS), "")


def write_delivery_lists(
    documents: Sequence[dict],
    target: str | Path | IO[bytes],
    headers: Sequence[str] = DEFAULT_HEADERS,
) -> None:
    """Write one sheet per route list; each sheet starts with the route, day and driver."""
    sheets = [
        Sheet(
            title=document["route_name"],
            headers=list(headers),
            rows=[stop_row(stop) for stop in document["stops"]],
            widths=WIDTHS,
            heading=[
                f"{document['site']} · {document['route_name']}",
                f"{document['day'].strftime('%d.%m.%Y')} · {document['driver']}",
            ],
            landscape=False,  # exports.workbook cannot set landscape in write-only mode yet
        )
        for document in documents
    ]
    write_workbook(sheets, target)
