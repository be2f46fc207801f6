"""/api/v1/districts, /localities, /sites."""

from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import fields

from app.auth.models import Role
from app.auth.permissions import (
    ALL_ROLES,
    SITE_ROLES,
    roles_required,
    visible_site_ids,
)
from app.core.schemas import LoadSchema, PageArgsSchema, PageMetaSchema, paginate
from app.places import services
from app.places.access import site_or_404
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
    return paginate(services.districts_query(), args["page"], args["per_page"])


@blp.post("/districts")
@roles_required(Role.ADMIN)
@blp.arguments(DistrictLoadSchema)
@blp.response(201, DistrictSchema)
def create_district(data):
    return services.create_district(**data)


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
    return services.create_locality(**data)


@blp.get("/sites")
@roles_required(*SITE_ROLES)
@blp.arguments(PageArgsSchema, location="query")
@blp.response(200, SitePageSchema)
def list_sites(args):
    query = services.sites_query(visible_site_ids(current_user))
    return paginate(query, args["page"], args["per_page"])


@blp.get("/sites/<int:site_id>")
@roles_required(*SITE_ROLES)
@blp.response(200, SiteSchema)
def get_site(site_id):
    return site_or_404(site_id)


@blp.post("/sites")
@roles_required(Role.ADMIN)
@blp.arguments(SiteLoadSchema)
@blp.response(201, SiteSchema)
def create_site(data):
    return services.create_site(data)


@blp.patch("/sites/<int:site_id>")
@roles_required(Role.ADMIN)
@blp.arguments(SiteUpdateSchema)
@blp.response(200, SiteSchema)
def update_site(data, site_id):
    return services.update_site(site_id, data)
