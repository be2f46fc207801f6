"""The stock ledger: receipts, transfers and adjustments, and the balance they keep.

Every movement adds one ledger row and changes stock_balance in the same transaction.
Taking stock out is one guarded UPDATE (`on_hand = on_hand - q WHERE on_hand >= q`): on
PostgreSQL a second writer waits for the first's row lock and then sees the new value,
on SQLite writers are serialised; the CHECK (on_hand >= 0) stands behind it. So the
shelf never goes below zero, however many people record at the same moment.
"""

from datetime import date

from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from app.core import audit, clock
from app.core.errors import DomainError, InvalidInputError, NotFoundError
from app.core.naming import by_name
from app.extensions import db
from app.parcels.models import (
    AdjustmentReason,
    MovementKind,
    ParcelType,
    SourceKind,
    StockBalance,
    StockMovement,
)
from app.parcels.services.parcel_types import get_parcel_type
from app.places.models import Site

balance = StockBalance.__table__


class InsufficientStock(DomainError):
    """Fewer parcels on the shelf than asked for; says how many there are (at that date)."""

    def __init__(self, parcel_type: ParcelType, available: int, day: date | None = None):
        if day is None:
            message = ngettext(
                "Stoc insuficient: pe raft este %(num)s pachet „%(name)s”.",
                "Stoc insuficient: pe raft sunt %(num)s pachete „%(name)s”.",
                available,
                name=parcel_type.name,
            )
        else:
            message = ngettext(
                "Stoc insuficient la %(day)s: din acea zi pe raft rămâne cel mult "
                "%(num)s pachet „%(name)s”.",
                "Stoc insuficient la %(day)s: din acea zi pe raft rămân cel mult "
                "%(num)s pachete „%(name)s”.",
                available,
                day=format_date(day, "dd.MM.yyyy"),
                name=parcel_type.name,
            )
        super().__init__(message, "quantity")
        self.available = available


def on_hand(site_id: int, parcel_type_id: int) -> int:
    """Parcels of a type on the shelf at a site now."""
    value = db.session.scalar(
        select(balance.c.on_hand).where(
            balance.c.site_id == site_id, balance.c.parcel_type_id == parcel_type_id
        )
    )
    return value or 0


def ledger_total(site_id: int, parcel_type_id: int) -> int:
    """The sum of the site's ledger for a type (what on_hand must always equal)."""
    value = db.session.scalar(
        select(func.sum(StockMovement.quantity)).where(
            StockMovement.site_id == site_id, StockMovement.parcel_type_id == parcel_type_id
        )
    )
    return int(value or 0)


def fewest_from(site_id: int, parcel_type_id: int, day: date) -> int:
    """The fewest parcels of a type the ledger puts on the site's shelf on any date from
    `day` on: what can still go out on `day` without the shelf dipping below zero later."""
    mine = (StockMovement.site_id == site_id, StockMovement.parcel_type_id == parcel_type_id)
    running = int(
        db.session.scalar(
            select(func.sum(StockMovement.quantity)).where(*mine, StockMovement.day <= day)
        )
        or 0
    )
    fewest = running
    later = db.session.execute(
        select(func.sum(StockMovement.quantity))
        .where(*mine, StockMovement.day > day)
        .group_by(StockMovement.day)
        .order_by(StockMovement.day)
    ).scalars()
    for change in later:
        running += int(change)
        fewest = min(fewest, running)
    return fewest


def take_from_stock(
    site_id: int, parcel_type: ParcelType, quantity: int, day: date | None = None
) -> None:
    """Lower the balance, or refuse with what is there; concurrent takers cannot overdraw.

    With the movement's `day`, the ledger must also hold the parcels on that date and
    every date after it: a hand-out dated before the receipt it draws from is refused.
    The balance row, locked by the UPDATE, keeps a concurrent writer out meanwhile.
    """
    result = db.session.execute(
        update(balance)
        .where(
            balance.c.site_id == site_id,
            balance.c.parcel_type_id == parcel_type.id,
            balance.c.on_hand >= quantity,
        )
        .values(on_hand=balance.c.on_hand - quantity)
    )
    if result.rowcount != 1:
        raise InsufficientStock(parcel_type, on_hand(site_id, parcel_type.id))
    if day is not None:
        available = fewest_from(site_id, parcel_type.id, day)
        if available < quantity:
            raise InsufficientStock(parcel_type, max(available, 0), day)


def put_into_stock(site_id: int, parcel_type_id: int, quantity: int) -> None:
    """Raise the balance, creating its row on the first receipt (safe when two race)."""
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(balance).values(
        site_id=site_id, parcel_type_id=parcel_type_id, on_hand=quantity
    )
    db.session.execute(
        statement.on_conflict_do_update(
            index_elements=[balance.c.site_id, balance.c.parcel_type_id],
            set_={"on_hand": balance.c.on_hand + statement.excluded.on_hand},
        )
    )


def get_site(site_id: int) -> Site:
    site = db.session.get(Site, site_id)
    if site is None:
        raise NotFoundError(_("Centrul nu a fost găsit."))
    return site


def check_day(day: date) -> None:
    if day > clock.today():
        raise InvalidInputError(_("Data nu poate fi în viitor."), "day")


def _usable_type(parcel_type_id: int, *, incoming: bool = False) -> ParcelType:
    parcel_type = get_parcel_type(parcel_type_id)
    if incoming and not parcel_type.active:
        raise DomainError(_("Acest tip de pachet este retras."), "parcel_type_id")
    return parcel_type


def add_movement(**values) -> StockMovement:
    movement = StockMovement(**values)
    db.session.add(movement)
    db.session.flush()
    audit.record(
        "stock_movement",
        movement.id,
        "create",
        field=movement.kind.value,
        new=movement.quantity,
        reason=values.get("note"),
        site_id=movement.site_id,
        user_id=values.get("created_by_id"),
    )
    return movement


def record_receipt(
    site_id: int,
    parcel_type_id: int,
    quantity: int,
    day: date,
    source: SourceKind,
    *,
    donor_name: str | None = None,
    document_number: str | None = None,
    note: str | None = None,
    user_id: int | None = None,
) -> StockMovement:
    """Parcels arrived at a site, donated (by whom) or purchased, with the document number."""
    get_site(site_id)
    _usable_type(parcel_type_id, incoming=True)
    check_day(day)
    if source == SourceKind.DONATION and not donor_name:
        raise InvalidInputError(_("Scrieți numele donatorului."), "donor_name")
    put_into_stock(site_id, parcel_type_id, quantity)
    return add_movement(
        site_id=site_id,
        parcel_type_id=parcel_type_id,
        kind=MovementKind.RECEIPT,
        quantity=quantity,
        day=day,
        source=source,
        donor_name=donor_name if source == SourceKind.DONATION else None,
        document_number=document_number,
        note=note,
        created_by_id=user_id,
    )


def record_adjustment(
    site_id: int,
    parcel_type_id: int,
    quantity: int,
    day: date,
    reason: AdjustmentReason,
    *,
    note: str | None = None,
    user_id: int | None = None,
) -> StockMovement:
    """Correct the shelf: damaged or expired parcels go out, a recount goes either way."""
    get_site(site_id)
    parcel_type = _usable_type(parcel_type_id)
    check_day(day)
    if quantity == 0:
        raise InvalidInputError(_("Cantitatea nu poate fi zero."), "quantity")
    if reason != AdjustmentReason.COUNT_CORRECTION and quantity > 0:
        raise InvalidInputError(
            _("Pachetele deteriorate sau expirate se scad: scrieți o cantitate negativă."),
            "quantity",
        )
    if quantity < 0:
        take_from_stock(site_id, parcel_type, -quantity, day)
    else:
        put_into_stock(site_id, parcel_type_id, quantity)
    return add_movement(
        site_id=site_id,
        parcel_type_id=parcel_type_id,
        kind=MovementKind.ADJUSTMENT,
        quantity=quantity,
        day=day,
        reason=reason,
        note=note,
        created_by_id=user_id,
    )


def record_transfer(
    site_id: int,
    to_site_id: int,
    parcel_type_id: int,
    quantity: int,
    day: date,
    *,
    note: str | None = None,
    user_id: int | None = None,
) -> tuple[StockMovement, StockMovement]:
    """Move parcels from one site's shelf to another's: one ledger row at each end."""
    get_site(site_id)
    get_site(to_site_id)
    if to_site_id == site_id:
        raise InvalidInputError(_("Alegeți alt centru decât cel de plecare."), "to_site_id")
    parcel_type = _usable_type(parcel_type_id)
    check_day(day)
    # rows locked in site order, so two opposite transfers cannot deadlock
    if site_id < to_site_id:
        take_from_stock(site_id, parcel_type, quantity, day)
        put_into_stock(to_site_id, parcel_type_id, quantity)
    else:
        put_into_stock(to_site_id, parcel_type_id, quantity)
        take_from_stock(site_id, parcel_type, quantity, day)
    common = {"parcel_type_id": parcel_type_id, "day": day, "note": note, "created_by_id": user_id}
    out = add_movement(
        site_id=site_id,
        kind=MovementKind.TRANSFER_OUT,
        quantity=-quantity,
        other_site_id=to_site_id,
        **common,
    )
    into = add_movement(
        site_id=to_site_id,
        kind=MovementKind.TRANSFER_IN,
        quantity=quantity,
        other_site_id=site_id,
        **common,
    )
    return out, into


def site_stock(site_id: int, include_retired: bool = False) -> list[dict]:
    """On hand per parcel type at a site (types with stock, and every active type)."""
    rows = db.session.execute(
        select(ParcelType, func.coalesce(balance.c.on_hand, 0))
        .outerjoin(
            balance,
            (balance.c.parcel_type_id == ParcelType.id) & (balance.c.site_id == site_id),
        )
        .order_by(*by_name(ParcelType))
    ).all()
    return [
        {"parcel_type": parcel_type, "parcel_type_id": parcel_type.id, "on_hand": int(count)}
        for parcel_type, count in rows
        if include_retired or parcel_type.active or count
    ]


def movements_query(site_id: int, kind: MovementKind | None = None):
    """A site's ledger, newest first (for lists and pagination)."""
    query = select(StockMovement).where(StockMovement.site_id == site_id)
    if kind is not None:
        query = query.where(StockMovement.kind == kind)
    return query.order_by(StockMovement.day.desc(), StockMovement.id.desc())
