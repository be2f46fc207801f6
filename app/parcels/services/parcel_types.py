"""Parcel types and their contents: created and edited by managers, retired, never deleted."""

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.core import audit
from app.core.errors import DomainError, NotFoundError
from app.core.naming import by_name
from app.extensions import db
from app.parcels.models import ParcelItem, ParcelType

TYPE_FIELDS = ("name", "active", "min_days_between", "contents")


def parcel_types(active_only: bool = False) -> list[ParcelType]:
    """Every parcel type by name (active first when all are asked for)."""
    query = select(ParcelType).options(selectinload(ParcelType.items))
    if active_only:
        query = query.where(ParcelType.active.is_(True))
    return list(db.session.scalars(query.order_by(ParcelType.active.desc(), *by_name(ParcelType))))


def get_parcel_type(parcel_type_id: int) -> ParcelType:
    parcel_type = db.session.get(ParcelType, parcel_type_id)
    if parcel_type is None:
        raise NotFoundError(_("Tipul de pachet nu a fost găsit."))
    return parcel_type


def _check_name_free(name: str, exclude_id: int | None = None) -> None:
    query = select(ParcelType.id).where(func.lower(ParcelType.name) == name.lower())
    if exclude_id is not None:
        query = query.where(ParcelType.id != exclude_id)
    if db.session.scalar(query) is not None:
        raise DomainError(_("Există deja un tip de pachet cu acest nume."), "name")


def _set_items(parcel_type: ParcelType, items: list[dict]) -> None:
    parcel_type.items = [
        ParcelItem(position=index, name=item["name"], quantity=item["quantity"], unit=item["unit"])
        for index, item in enumerate(items)
    ]


def create_parcel_type(data: dict, *, user_id: int | None = None) -> ParcelType:
    """A new parcel type with its contents (name, quantity, unit per item)."""
    _check_name_free(data["name"])
    parcel_type = ParcelType(
        name=data["name"],
        active=data.get("active", True),
        min_days_between=data.get("min_days_between"),
    )
    _set_items(parcel_type, data.get("items", []))
    db.session.add(parcel_type)
    db.session.flush()
    audit.record("parcel_type", parcel_type.id, "create", new=parcel_type.name, user_id=user_id)
    return parcel_type


def update_parcel_type(parcel_type_id: int, data: dict, *, user_id: int | None = None):
    """Change a type's name, contents, frequency rule, or retire it (active = false)."""
    parcel_type = get_parcel_type(parcel_type_id)
    before = audit.snapshot(parcel_type, TYPE_FIELDS)
    if "name" in data:
        _check_name_free(data["name"], exclude_id=parcel_type.id)
        parcel_type.name = data["name"]
    if "active" in data:
        parcel_type.active = data["active"]
    if "min_days_between" in data:
        parcel_type.min_days_between = data["min_days_between"]
    if "items" in data:
        _set_items(parcel_type, data["items"])
    db.session.flush()
    audit.record_changes(
        "parcel_type",
        parcel_type.id,
        before,
        audit.snapshot(parcel_type, TYPE_FIELDS),
        user_id=user_id,
    )
    return parcel_type
