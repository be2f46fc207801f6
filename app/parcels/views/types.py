"""Parcel types and what each holds (the office keeps the list)."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.permissions import OFFICE_ROLES, SITE_ROLES, roles_required
from app.core.forms import submit
from app.core.schemas import form_data
from app.parcels import services
from app.parcels.schemas import ParcelTypeLoadSchema
from app.parcels.views import bp

BLANK_ITEM_ROWS = 3


def _items_from_form(form) -> list[dict]:
    rows = zip(
        form.getlist("item_name"),
        form.getlist("item_quantity"),
        form.getlist("item_unit"),
        strict=False,
    )
    items = []
    for name, quantity, unit in rows:
        name, quantity, unit = name.strip(), quantity.strip().replace(",", "."), unit.strip()
        if name or quantity or unit:
            items.append({"name": name, "quantity": quantity, "unit": unit})
    return items


def _type_values(form) -> dict:
    values = form_data(form)
    for key in ("item_name", "item_quantity", "item_unit"):
        values.pop(key, None)
    values["items"] = _items_from_form(form)
    values.setdefault("active", "false")
    return values


def _render_types(errors=None, values=None, status=200):
    return render_template(
        "parcels/types.html",
        types=services.parcel_types(),
        errors=errors or {},
        values=values or {"active": True, "items": []},
        blank_rows=BLANK_ITEM_ROWS,
    ), status


def _render_type_form(parcel_type, values: dict, errors=None, status=200):
    return render_template(
        "parcels/type_form.html",
        parcel_type=parcel_type,
        values=values,
        errors=errors or {},
        blank_rows=BLANK_ITEM_ROWS,
    ), status


@bp.get("/parcel-types")
@roles_required(*SITE_ROLES)
def parcel_types():
    return _render_types()


@bp.post("/parcel-types")
@roles_required(*OFFICE_ROLES)
def parcel_type_create():
    values = _type_values(request.form)
    outcome = submit(
        lambda: services.create_parcel_type(
            ParcelTypeLoadSchema().load(values), user_id=current_user.id
        )
    )
    if outcome.ok:
        flash(_("Tipul de pachet a fost creat."), "ok")
        return redirect(url_for("parcels.parcel_types"))
    return _render_types(outcome.errors, values, outcome.status)


@bp.get("/parcel-types/<int:parcel_type_id>")
@roles_required(*OFFICE_ROLES)
def parcel_type(parcel_type_id: int):
    parcel_type = services.get_parcel_type(parcel_type_id)
    values = {
        "name": parcel_type.name,
        "active": parcel_type.active,
        "min_days_between": parcel_type.min_days_between,
        "items": [
            {"name": i.name, "quantity": format(i.quantity.normalize(), "f"), "unit": i.unit}
            for i in parcel_type.items
        ],
    }
    return _render_type_form(parcel_type, values)[0]


@bp.post("/parcel-types/<int:parcel_type_id>")
@roles_required(*OFFICE_ROLES)
def parcel_type_update(parcel_type_id: int):
    parcel_type = services.get_parcel_type(parcel_type_id)
    values = _type_values(request.form)
    outcome = submit(
        lambda: services.update_parcel_type(
            parcel_type.id, ParcelTypeLoadSchema().load(values), user_id=current_user.id
        )
    )
    if outcome.ok:
        flash(_("Tipul de pachet a fost salvat."), "ok")
        return redirect(url_for("parcels.parcel_types"))
    return _render_type_form(parcel_type, values, outcome.errors, outcome.status)
