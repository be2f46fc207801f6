"""The period and the sites a report covers, checked against what the user may see.

Every report (the summary, deliveries, parcels, the beneficiary list) takes its
filters from here.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from app.core.errors import InvalidInputError, NotFoundError, PermissionDeniedError
from app.extensions import db
from app.places.models import District, Locality, Site, by_name

MAX_PERIOD_DAYS = 366


@dataclass
class SummaryFilters:
    start: date
    end: date
    district_id: int | None = None
    site_id: int | None = None
    district_name: str | None = None
    site_name: str | None = None


def resolve_filters(
    start: date,
    end: date,
    *,
    visible: set[int] | None,
    district_id: int | None = None,
    site_id: int | None = None,
) -> SummaryFilters:
    """Check the period and the filters against what the user may see.

    A site the user does not work at is refused (403) before it is even looked up, so
    the refusal says nothing about it; a district only narrows the user's own sites.
    """
    if end < start:
        raise InvalidInputError(_("Data de sfârșit este înaintea datei de început."), field="end")
    if (end - start).days >= MAX_PERIOD_DAYS:
        raise InvalidInputError(
            _("Perioada poate avea cel mult %(days)s zile.", days=MAX_PERIOD_DAYS), field="end"
        )
    filters = SummaryFilters(start, end, district_id, site_id)
    if site_id is not None:
        if visible is not None and site_id not in visible:
            raise PermissionDeniedError(_("Nu aveți acces la datele acestui centru."))
        row = db.session.execute(
            select(Site.name, Locality.district_id)
            .join(Locality, Locality.id == Site.locality_id)
            .where(Site.id == site_id)
        ).first()
        if row is None:
            raise NotFoundError(_("Centrul nu a fost găsit."), field="site_id")
        filters.site_name = row.name
    if district_id is not None:
        name = db.session.scalar(select(District.name).where(District.id == district_id))
        if name is None:
            raise NotFoundError(_("Raionul nu a fost găsit."), field="district_id")
        filters.district_name = name
    return filters


def filters_from_form(data: dict, *, visible: set[int] | None) -> SummaryFilters:
    """resolve_filters for a validated report form (start, end, district_id, site_id)."""
    return resolve_filters(
        data["start"],
        data["end"],
        visible=visible,
        district_id=data.get("district_id"),
        site_id=data.get("site_id"),
    )


def site_scope(filters: SummaryFilters, visible: set[int] | None):
    """A select of the ids of the sites the summary covers."""
    query = select(Site.id).join(Locality, Locality.id == Site.locality_id)
    if visible is not None:
        query = query.where(Site.id.in_(sorted(visible) or [-1]))
    if filters.district_id is not None:
        query = query.where(Locality.district_id == filters.district_id)
    if filters.site_id is not None:
        query = query.where(Site.id == filters.site_id)
    return query


def last_month(today: date) -> tuple[date, date]:
    """The first and last day of the month before today's (the default period)."""
    end = today.replace(day=1) - timedelta(days=1)
    return end.replace(day=1), end


def visible_districts(visible: set[int] | None) -> list[tuple[int, str]]:
    """Districts with at least one site the user sees, by name (for the filters)."""
    query = (
        select(District.id, District.name, District.name_key)
        .join(Locality, Locality.district_id == District.id)
        .join(Site, Site.locality_id == Locality.id)
        .distinct()
        .order_by(*by_name(District))
    )
    if visible is not None:
        query = query.where(Site.id.in_(sorted(visible) or [-1]))
    return [(row[0], row[1]) for row in db.session.execute(query)]


def visible_sites(visible: set[int] | None) -> list[tuple[int, str]]:
    query = select(Site.id, Site.name).order_by(*by_name(Site))
    if visible is not None:
        query = query.where(Site.id.in_(sorted(visible) or [-1]))
    return [(row[0], row[1]) for row in db.session.execute(query)]
