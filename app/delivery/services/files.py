"""Delivery lists as plain documents and as workbooks written for the day."""

import os
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from app.auth.models import User
from app.core import faults
from app.core.files import export_temp
from app.delivery.models import DeliveryList, DeliveryStop
from app.delivery.services.lists import lists_query
from app.extensions import db
from app.places.models import Site


def list_documents(lists: Sequence[DeliveryList]) -> list[dict]:
    """The frozen lists as plain values, in the order given: what the pages, the workbooks
    and the emails show. Their sites, drivers and stops are read in three statements,
    however many lists there are."""
    if not lists:
        return []
    sites = dict(
        db.session.execute(
            select(Site.id, Site.name).where(Site.id.in_({dl.site_id for dl in lists}))
        ).all()
    )
    driver_ids = {dl.driver_id for dl in lists if dl.driver_id}
    drivers = {}
    if driver_ids:
        drivers = {
            row.id: row
            for row in db.session.execute(
                select(User.id, User.full_name, User.email).where(User.id.in_(driver_ids))
            )
        }
    stops = defaultdict(list)
    for stop in db.session.scalars(
        select(DeliveryStop)
        .where(DeliveryStop.delivery_list_id.in_([dl.id for dl in lists]))
        .order_by(DeliveryStop.delivery_list_id, DeliveryStop.position)
    ):
        stops[stop.delivery_list_id].append(stop)
    return [
        _document(dl, sites[dl.site_id], drivers.get(dl.driver_id), stops[dl.id]) for dl in lists
    ]


def list_document(delivery_list: DeliveryList) -> dict:
    """One frozen list as plain values (list_documents for several)."""
    return list_documents([delivery_list])[0]


def _document(delivery_list: DeliveryList, site_name: str, driver, stops: list) -> dict:
    return {
        "id": delivery_list.id,
        "site": site_name,
        "route_name": delivery_list.route_name,
        "day": delivery_list.day,
        "driver": driver.full_name if driver else "",
        "driver_email": driver.email if driver else None,
        "stops": [
            {
                "position": stop.position,
                "name": stop.name,
                "address": stop.address,
                "phone": stop.phone or "",
                "contact": " ".join(p for p in (stop.contact, stop.contact_phone) if p),
                "diet_notes": stop.diet_notes or "",
                "access_notes": stop.access_notes or "",
                "coordinates": (
                    f"{stop.latitude:.5f}, {stop.longitude:.5f}"
                    if stop.latitude is not None and stop.longitude is not None
                    else ""
                ),
                "portions": stop.portions,
                "parcel_note": stop.parcel_note or "",
            }
            for stop in stops
        ],
    }


def day_documents(day: date, site_id: int) -> list[dict]:
    """A site's lists of the day as documents, by route name."""
    return list_documents(list(db.session.scalars(lists_query(day, site_id=site_id))))


def workbook_bytes(documents: list[dict]) -> bytes:
    from io import BytesIO

    from exports.delivery_lists import write_delivery_lists

    buffer = BytesIO()
    write_delivery_lists(documents, buffer, headers=export_headers())
    return buffer.getvalue()


def export_headers() -> list[str]:
    return [
        _("Nr."),
        _("Nume"),
        _("Adresă"),
        _("Telefon"),
        _("Persoană de contact"),
        _("Dietă"),
        _("Acces"),
        _("Porții"),
        _("Pachet"),
        _("Coordonate"),
        _("Livrat / motiv"),
    ]


def workbook_path(day: date, site_id: int) -> Path:
    return (
        Path(current_app.config["EXPORTS_DIR"]) / day.isoformat() / f"livrari-centru-{site_id}.xlsx"
    )


def write_day_workbooks(day: date, site_id: int | None = None) -> list[Path]:
    """Write each site's workbook of the day (one sheet per route) under EXPORTS_DIR/day/."""
    query = select(DeliveryList.site_id).where(DeliveryList.day == day).distinct()
    if site_id is not None:
        query = query.where(DeliveryList.site_id == site_id)
    written = []
    for sid in sorted(db.session.scalars(query)):
        target = workbook_path(day, sid)
        target.parent.mkdir(parents=True, exist_ok=True)
        # write then rename: a reader (or a concurrent generator) never sees half a file
        handle, temporary = export_temp(target.parent)
        with os.fdopen(handle, "wb") as out:
            out.write(workbook_bytes(day_documents(day, sid)))
        faults.point("export.temp_written")
        os.replace(temporary, target)
        written.append(target)
    return written
