"""/api/v1/users and /api/v1/me."""

from flask_login import current_user
from flask_smorest import Blueprint

from app.auth import services
from app.auth.models import Role
from app.auth.permissions import ALL_ROLES, roles_required
from app.auth.schemas import UserCreateSchema, UserSchema, UserUpdateSchema
from app.core.schemas import PageArgsSchema, PageMetaSchema, paginate

blp = Blueprint("users_api", __name__, url_prefix="/api/v1", description="Users and roles")


class UserPageSchema(PageMetaSchema):
    from marshmallow import fields

    items = fields.List(fields.Nested(UserSchema))


@blp.get("/me")
@roles_required(*ALL_ROLES)
@blp.response(200, UserSchema)
def me():
    return current_user


@blp.get("/users")
@roles_required(Role.ADMIN)
@blp.arguments(PageArgsSchema, location="query")
@blp.response(200, UserPageSchema)
def list_users(args):
    return paginate(services.users_page_query(), args["page"], args["per_page"])


@blp.post("/users")
@roles_required(Role.ADMIN)
@blp.arguments(UserCreateSchema)
@blp.response(201, UserSchema)
def create_user(data):
    return services.create_user(**data)


@blp.patch("/users/<int:user_id>")
@roles_required(Role.ADMIN)
@blp.arguments(UserUpdateSchema)
@blp.response(200, UserSchema)
def update_user(data, user_id):
    return services.update_user(user_id, data)
