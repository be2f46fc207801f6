"""/api/v1/districts, /localities, /sites."""

from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import fields

from app.auth.models import Role
from app.auth.permissions import (
    ALL_ROLES,
    SITE_ROLES,
    require_site,
    roles_required,
    visible_site_ids,
)
from app.core.errors import NotFoundError
from app.core.schemas import LoadSchema, PageArgsSchema, PageMetaSchema, paginate
from app.extensions import db
from app.places import services
from app.places.models import District, Site
from app.places.schemas import (
    DistrictLoadSchema,
    DistrictSchema,
    LocalityLoadSchema,
    LocalitySchema,
    SiteLoadSchema,
    SiteSchema,
    SiteUpdateSchema,
)

blp = Blueprint(
    "places_api", __name__, url_prefix="/api/v1", description="Districts, localities, sites"
)


class DistrictPageSchema(PageMetaSchema):
    items = fields.List(fields.Nested(DistrictSchema))


class LocalityPageSchema(PageMetaSchema):
    items = fields.List(fields.Nested(LocalitySchema))


class SitePageSchema(PageMetaSchema):
    items = fields.List(fields.Nested(SiteSchema))


class LocalityArgsSchema(PageArgsSchema, LoadSchema):
    district_id = fields.Integer(load_default=None)


@blp.get("/districts")
@roles_required(*ALL_ROLES)
@blp.arguments(PageArgsSchema, location="query")
@blp.response(200, DistrictPageSchema)
def list_districts(args):
    return paginate(db.select(District).order_by(District.name), args["page"], args["per_page"])


@blp.post("/districts")
@roles_required(Role.ADMIN)
@blp.arguments(DistrictLoadSchema)
@blp.response(201, DistrictSchema)
def create_district(data):
    district = services.create_district(**data)
    db.session.commit()
    return district


@blp.get("/localities")
@roles_required(*ALL_ROLES)
@blp.arguments(LocalityArgsSchema, location="query")
@blp.response(200, LocalityPageSchema)
def list_localities(args):
    query = services.localities_query(args["district_id"])
    return paginate(query, args["page"], args["per_page"])


@blp.post("/localities")
@roles_required(Role.ADMIN)
@blp.arguments(LocalityLoadSchema)
@blp.response(201, LocalitySchema)
def create_locality(data):
    locality = services.create_locality(**data)
    db.session.commit()
    return locality


@blp.get("/sites")
@roles_required(*SITE_ROLES)
@blp.arguments(PageArgsSchema, location="query")
@blp.response(200, SitePageSchema)
def list_sites(args):
    query = services.sites_query(visible_site_ids(current_user))
    return paginate(query, args["page"], args["per_page"])


def _site(site_id: int) -> Site:
    site = db.session.get(Site, site_id)
    if site is None:
        raise NotFoundError("Centrul nu a fost găsit.")
    require_site(site.id)
    return site


@blp.get("/sites/<int:site_id>")
@roles_required(*SITE_ROLES)
@blp.response(200, SiteSchema)
def get_site(site_id):
    return _site(site_id)


@blp.post("/sites")
@roles_required(Role.ADMIN)
@blp.arguments(SiteLoadSchema)
@blp.response(201, SiteSchema)
def create_site(data):
    site = services.create_site(data)
    db.session.commit()
    return site


@blp.patch("/sites/<int:site_id>")
@roles_required(Role.ADMIN)
@blp.arguments(SiteUpdateSchema)
@blp.response(200, SiteSchema)
def update_site(data, site_id):
    site = services.update_site(site_id, data)
    db.session.commit()
    return site
