"""The parcels and stock report: the parcels domain's figures, in the reader's words.

Reports sit above parcels: this module reads app.parcels.services.report_data (figures
aggregated in SQL) over the sites the user sees and the filters; parcels never import
reports.
"""

from datetime import datetime
from pathlib import Path
from typing import IO

from flask_babel import gettext as _
from sqlalchemy import select

from app.core.labels import label
from app.core.text import collation_key
from app.extensions import db
from app.parcels.services import report_data
from app.places.models import District, Locality, Site, by_name
from app.reports.books import book_titles, cover_lines
from app.reports.summary import SummaryFilters, site_scope
from exports.parcels_report import ParcelsReportData, write_parcels_report

# the stock figures after "handed_out", read as they come
STOCK_TAIL = ("transferred_in", "transferred_out", "adjusted", "closing")


def _places(site_ids) -> dict[int, tuple[str, str, str]]:
    """(district, locality, site) names per site id, in the order places are listed."""
    rows = db.session.execute(
        select(Site.id, District.name, Locality.name, Site.name)
        .join(Locality, Locality.id == Site.locality_id)
        .join(District, District.id == Locality.district_id)
        .where(Site.id.in_(sorted(site_ids) or [-1]))
        .order_by(*by_name(District, Locality, Site))
    ).all()
    return {row[0]: (row[1], row[2], row[3]) for row in rows}


def _month(text: str) -> str:
    year, month = text.split("-")[:2]
    return f"{month}.{year}"


def parcels_data(
    filters: SummaryFilters,
    *,
    visible: set[int] | None,
    generated_by: str,
    generated_at: datetime,
) -> ParcelsReportData:
    """The report's rows and words for the period, over the visible sites and filters."""
    site_ids = set(db.session.scalars(site_scope(filters, visible)))
    places = _places(site_ids)
    place_rank = {site_id: rank for rank, site_id in enumerate(places)}

    def order(row):
        return (
            place_rank[row["site_id"]],
            row.get("month", ""),
            collation_key(row["parcel_type_name"]),
        )

    def placed(rows, key, figures, *, locality: bool = False) -> list[dict]:
        """Each row in the report's order: the names of its place, then its figures."""
        result = []
        for row in sorted(rows, key=key):
            district, locality_name, site = places[row["site_id"]]
            town = {"locality": locality_name} if locality else {}
            result.append({"district": district, **town, "site": site, **figures(row)})
        return result

    start, end = filters.start, filters.end
    by_type, by_category, stock = [], [], []
    if site_ids:
        by_type = placed(
            report_data.parcels_by_site_type_month(start, end, site_ids),
            order,
            lambda row: {
                "parcel_type": row["parcel_type_name"],
                "month": _month(row["month"]),
                "distributions": row["distributions"],
                "parcels": int(row["parcels"] or 0),
                "people": row["people"],
            },
            locality=True,
        )
        by_category = placed(
            report_data.parcels_by_category_month(start, end, site_ids),
            lambda r: (*order(r), label(r["category"])),
            lambda row: {
                "category": label(row["category"]),
                "parcel_type": row["parcel_type_name"],
                "month": _month(row["month"]),
                "parcels": int(row["parcels"] or 0),
                "people": row["people"],
            },
        )
        stock = placed(
            report_data.stock_movements(start, end, site_ids),
            order,
            lambda row: {
                "parcel_type": row["parcel_type_name"],
                **{key: int(row[key]) for key in ("opening", "received")},
                "handed_out": int(row["distributed"]) - int(row["returned"]),
                **{key: int(row[key]) for key in STOCK_TAIL},
            },
        )

    words = {
        "district": _("Raion"),
        "locality": _("Localitate"),
        "site": _("Centru"),
        "parcel_type": _("Tip de pachet"),
        "month": _("Luna"),
        "distributions": _("Înmânări"),
        "parcels": _("Pachete distribuite"),
        "people": _("Persoane"),
        "category": _("Categorie"),
        "opening": _("Stoc inițial"),
        "received": _("Primite"),
        "handed_out": _("Înmânate"),
        "transferred_in": _("Transferate la centru"),
        "transferred_out": _("Transferate de la centru"),
        "adjusted": _("Ajustări"),
        "closing": _("Stoc final"),
        "total": _("Total general"),
        "by_type_title": _("Pachete pe tipuri"),
        "by_category_title": _("Pachete pe categorii"),
        "stock_title": _("Stoc"),
    }
    return ParcelsReportData(
        cover_title=_("Raportul pachetelor și al stocului"),
        cover=cover_lines(filters, generated_by=generated_by, generated_at=generated_at),
        definitions=[
            (
                _("Pachete distribuite"),
                _("Pachete alimentare înmânate în perioadă (fără cele anulate)."),
            ),
            (_("Înmânări"), _("Înregistrări de distribuire; una poate avea mai multe pachete.")),
            (
                _("Persoane"),
                _(
                    "Persoane distincte care au primit pachete. O persoană cu mai multe "
                    "categorii apare în fiecare categorie a sa."
                ),
            ),
            (_("Stoc inițial"), _("Pachete pe raft înainte de prima zi a perioadei.")),
            (
                _("Stoc final"),
                _(
                    "Stoc inițial plus primite, minus înmânate, plus transferate la centru, "
                    "minus transferate de la centru, plus ajustări."
                ),
            ),
        ],
        **book_titles(),
        words=words,
        by_type=by_type,
        by_category=by_category,
        stock=stock,
    )


def write_parcels_workbook(
    filters: SummaryFilters,
    target: str | Path | IO[bytes],
    *,
    visible: set[int] | None,
    generated_by: str,
    generated_at: datetime,
    on_sheet=None,
) -> ParcelsReportData:
    data = parcels_data(
        filters, visible=visible, generated_by=generated_by, generated_at=generated_at
    )
    write_parcels_report(data, target, on_sheet)
    return data
