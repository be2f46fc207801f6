"""Districts, localities and sites: create and change them, with an audit trail."""

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from app.core import audit
from app.core.errors import DomainError, NotFoundError
from app.core.pages import page_sections
from app.extensions import db
from app.places.access import site_or_404
from app.places.models import District, Locality, Site, SiteService, by_name


def _get(model, obj_id: int, message: str):
    obj = db.session.get(model, obj_id)
    if obj is None:
        raise NotFoundError(message)
    return obj


def create_district(name: str) -> District:
    if db.session.scalar(select(District.id).where(District.name == name)):
        raise DomainError(_("Raionul „%(name)s” există deja.", name=name), field="name")
    district = District(name=name)
    db.session.add(district)
    db.session.flush()
    audit.record("district", district.id, "create", new=name)
    return district


def update_district(district_id: int, name: str) -> District:
    district = _get(District, district_id, _("Raionul nu a fost găsit."))
    clash = db.session.scalar(
        select(District.id).where(District.name == name, District.id != district_id)
    )
    if clash:
        raise DomainError(_("Raionul „%(name)s” există deja.", name=name), field="name")
    audit.record_changes("district", district.id, {"name": district.name}, {"name": name})
    district.name = name
    db.session.flush()
    return district


def create_locality(name: str, district_id: int, kind: str = "village") -> Locality:
    _get(District, district_id, _("Raionul nu a fost găsit."))
    if db.session.scalar(
        select(Locality.id).where(Locality.district_id == district_id, Locality.name == name)
    ):
        raise DomainError(
            _("Localitatea „%(name)s” există deja în acest raion.", name=name), field="name"
        )
    locality = Locality(name=name, district_id=district_id, kind=kind)
    db.session.add(locality)
    db.session.flush()
    audit.record("locality", locality.id, "create", new=name)
    return locality


SITE_FIELDS = (
    "name",
    "kind",
    "locality_id",
    "address",
    "phone",
    "latitude",
    "longitude",
    "cost_norm_lei",
    "active",
)


def _services_text(site: Site) -> list[str]:
    return [
        f"{s.service.value}:{s.capacity if s.capacity is not None else '-'}" for s in site.services
    ]


def _apply_site(site: Site, data: dict) -> None:
    if "locality_id" in data:
        _get(Locality, data["locality_id"], _("Localitatea nu a fost găsită."))
    if "name" in data:
        clash = select(Site.id).where(Site.name == data["name"])
        if site.id is not None:
            clash = clash.where(Site.id != site.id)
        if db.session.scalar(clash):
            raise DomainError(
                _("Un centru cu numele „%(name)s” există deja.", name=data["name"]), field="name"
            )
    for name in SITE_FIELDS:
        if name in data:
            setattr(site, name, data[name])
    if "services" in data:
        wanted = {s["service"]: s.get("capacity") for s in data["services"]}
        for existing in list(site.services):
            if existing.service not in wanted:
                site.services.remove(existing)
            else:
                existing.capacity = wanted.pop(existing.service)
        for service, capacity in wanted.items():
            site.services.append(SiteService(service=service, capacity=capacity))


def create_site(data: dict) -> Site:
    """Create a site with its services and capacities."""
    site = Site()
    _apply_site(site, data)
    db.session.add(site)
    db.session.flush()
    audit.record("site", site.id, "create", new=site.name, site_id=site.id)
    return site


def update_site(site_id: int, data: dict) -> Site:
    site = _get(Site, site_id, _("Centrul nu a fost găsit."))
    before = audit.snapshot(site, SITE_FIELDS)
    before["services"] = _services_text(site)
    _apply_site(site, data)
    db.session.flush()
    after = audit.snapshot(site, SITE_FIELDS)
    after["services"] = _services_text(site)
    audit.record_changes("site", site.id, before, after, site_id=site.id)
    return site


def districts_query():
    return select(District).order_by(*by_name(District))


def districts_with_localities() -> list[District]:
    """Every district with its localities, read at once."""
    return list(db.session.scalars(districts_query().options(selectinload(District.localities))))


def localities_query(district_id: int | None = None):
    query = select(Locality).join(District).order_by(*by_name(District, Locality))
    if district_id:
        query = query.where(Locality.district_id == district_id)
    return query


def sites_query(site_ids: set[int] | None):
    query = select(Site).order_by(*by_name(Site))
    if site_ids is not None:
        query = query.where(Site.id.in_(site_ids))
    return query


def localities() -> list[Locality]:
    """Every locality with its district, by district and name, for a form's select."""
    return list(db.session.scalars(localities_query().options(contains_eager(Locality.district))))


# what the pages showing a site read with it: its place and its services
SITE_DETAILS = (
    joinedload(Site.locality).joinedload(Locality.district),
    selectinload(Site.services),
)


def sites_page(site_ids: set[int] | None) -> list[Site]:
    """The sites a user sees, by name, with their locality, district and services."""
    return list(db.session.scalars(sites_query(site_ids).options(*SITE_DETAILS)))


def site_with_details(site_id: int) -> Site:
    """A site the user may open (404/403 as site_or_404), with its place and services."""
    site = site_or_404(site_id)
    return db.session.scalars(select(Site).where(Site.id == site.id).options(*SITE_DETAILS)).one()


def site_page(site_id: int) -> dict:
    """A site's page: the site and the parts the domains above add to it (core.pages)."""
    site = site_with_details(site_id)
    return {"site": site, **page_sections("site", site=site)}
