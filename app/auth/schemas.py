from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from app.auth.models import Role
from app.auth.passwords import password_problem, validate_password
from app.config import LANGUAGES
from app.core.schemas import LoadSchema, PartialLoadSchema

USERNAME = validate.Regexp(r"^[a-z0-9._-]{3,60}$", error=_l("3-60 litere mici, cifre, . _ -"))


class LoginSchema(LoadSchema):
    username = fields.String(required=True, validate=validate.Length(min=1, max=60))
    password = fields.String(required=True, validate=validate.Length(min=1, max=200))


class UserCreateSchema(LoadSchema):
    username = fields.String(required=True, validate=USERNAME)
    full_name = fields.String(required=True, validate=validate.Length(min=2, max=120))
    role = fields.Enum(Role, by_value=True, required=True)
    password = fields.String(required=True, load_only=True, validate=validate_password)
    language = fields.String(load_default="ro", validate=validate.OneOf(LANGUAGES))
    phone = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=40))
    email = fields.Email(load_default=None, allow_none=True, validate=validate.Length(max=120))
    site_ids = fields.List(fields.Integer(), load_default=list)
    active = fields.Boolean(load_default=True)

    @validates_schema
    def sites_for_role(self, data, **kwargs):
        role = data.get("role")
        if role in (Role.STAFF, Role.DRIVER) and not data.get("site_ids"):
            raise ValidationError(
                _l("Personalul și șoferii trebuie legați de cel puțin un centru."), "site_ids"
            )

    @validates_schema
    def password_apart_from_username(self, data, **kwargs):
        username, password = data.get("username"), data.get("password")
        if username and password and password_problem(password, username):
            raise ValidationError(password_problem(password, username), "password")


class UserUpdateSchema(PartialLoadSchema, UserCreateSchema):
    password = fields.String(load_only=True, validate=validate_password)

    @validates_schema
    def sites_for_role(self, data, **kwargs):
        return None

    @validates_schema
    def password_apart_from_username(self, data, **kwargs):
        return None  # the username cannot change; the field's own rule still applies


class PasswordChangeSchema(LoadSchema):
    current_password = fields.String(required=True, validate=validate.Length(min=1, max=200))
    password = fields.String(required=True, validate=validate_password)


class UserSchema(Schema):
    id = fields.Integer()
    username = fields.String()
    full_name = fields.String()
    role = fields.Enum(Role, by_value=True)
    language = fields.String()
    phone = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    active = fields.Boolean()
    site_ids = fields.Method("get_site_ids")

    def get_site_ids(self, user):
        return sorted(user.site_ids)


class TokenSchema(Schema):
    token = fields.String()
