"""/api/v1 endpoints of the delivery domain."""

from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import fields

from app.auth.models import Role
from app.auth.permissions import ALL_ROLES, SITE_ROLES, require_site, roles_required
from app.auth.permissions import visible_site_ids as _visible
from app.core.clock import today
from app.core.db import locks_late
from app.core.schemas import PageArgsSchema, PageMetaSchema, paginate
from app.delivery import services
from app.delivery.schemas import (
    DeliveryListDetailSchema,
    DeliveryListSchema,
    DeliveryStopSchema,
    ListArgsSchema,
    OrderLoadSchema,
    OutcomeLoadSchema,
    RouteLoadSchema,
    RouteSchema,
    RouteStopSchema,
    RouteUpdateSchema,
    StopLoadSchema,
)
from app.extensions import db
from app.places.access import site_or_404

blp = Blueprint("delivery_api", __name__, url_prefix="/api/v1", description="Delivery")


class RoutePageSchema(PageMetaSchema):
    items = fields.List(fields.Nested(RouteSchema))


class DeliveryListPageSchema(PageMetaSchema):
    items = fields.List(fields.Nested(DeliveryListSchema))


class DeliveryListArgsSchema(ListArgsSchema, PageArgsSchema):
    pass


def _route(route_id: int):
    route = services.get_route(route_id)
    require_site(route.site_id)
    return route


@blp.get("/sites/<int:site_id>/routes")
@roles_required(*SITE_ROLES)
@blp.arguments(PageArgsSchema, location="query")
@blp.response(200, RoutePageSchema)
def list_routes(args, site_id):
    site_or_404(site_id)
    return paginate(services.routes_query(site_id), args["page"], args["per_page"])


@blp.post("/sites/<int:site_id>/routes")
@roles_required(*SITE_ROLES)
@blp.arguments(RouteLoadSchema)
@blp.response(201, RouteSchema)
def create_route(data, site_id):
    require_site(site_id)
    route = services.create_route(site_id, **data)
    return route


@blp.get("/routes/<int:route_id>")
@roles_required(*SITE_ROLES)
@blp.response(200, RouteSchema)
def get_route(route_id):
    return _route(route_id)


@blp.patch("/routes/<int:route_id>")
@roles_required(*SITE_ROLES)
@blp.arguments(RouteUpdateSchema)
@blp.response(200, RouteSchema)
def update_route(data, route_id):
    route = services.update_route(_route(route_id).id, data)
    return route


@blp.get("/routes/<int:route_id>/stops")
@roles_required(*SITE_ROLES)
@blp.response(200, RouteStopSchema(many=True))
def list_stops(route_id):
    return _route(route_id).stops


@blp.post("/routes/<int:route_id>/stops")
@roles_required(*SITE_ROLES)
@blp.arguments(StopLoadSchema)
@blp.response(201, RouteStopSchema)
def add_stop(data, route_id):
    stop = services.add_stop(_route(route_id).id, **data)
    return stop


@blp.put("/routes/<int:route_id>/stops")
@roles_required(*SITE_ROLES)
@blp.arguments(OrderLoadSchema)
@blp.response(200, RouteStopSchema(many=True))
def reorder_stops(data, route_id):
    route = services.reorder_stops(_route(route_id).id, data["stop_ids"])
    db.session.refresh(route)
    return route.stops


@blp.get("/delivery-lists")
@roles_required(*ALL_ROLES)
@blp.arguments(DeliveryListArgsSchema, location="query")
@blp.response(200, DeliveryListPageSchema)
def list_lists(args):
    if current_user.role == Role.DRIVER:
        items = services.driver_lists(current_user.id, today())
        if args["site_id"] is not None:
            items = [dl for dl in items if dl.site_id == args["site_id"]]
        if args["date"] is not None and args["date"] != today():
            items = []
        return {"items": items, "page": 1, "per_page": len(items), "total": len(items), "pages": 1}
    if args["site_id"] is not None:
        require_site(args["site_id"])
    query = services.lists_query(args["date"], _visible(current_user), args["site_id"])
    return paginate(query, args["page"], args["per_page"])


@blp.get("/delivery-lists/<int:list_id>")
@roles_required(*ALL_ROLES)
@blp.response(200, DeliveryListDetailSchema)
def get_list(list_id):
    return services.list_for(current_user, list_id)


@blp.put("/delivery-lists/<int:list_id>/stops/<int:stop_id>")
@roles_required(*ALL_ROLES)
@blp.arguments(OutcomeLoadSchema)
@blp.response(200, DeliveryStopSchema)
@locks_late
def record_outcome(data, list_id, stop_id):
    delivery_list = services.list_for(current_user, list_id)
    stop = services.record_outcome(
        delivery_list.id,
        stop_id,
        data["outcome"],
        data["failure_reason"],
        data["remark"],
        user_id=current_user.id,
    )
    if data["concern"] is not None:
        services.set_concern(
            delivery_list.id, stop_id, data["concern"], data["concern_note"], current_user.id
        )
    # the answer as written, taken while the request's transaction is open
    answer = {name: getattr(stop, name) for name in DeliveryStopSchema._declared_fields}
    return answer
