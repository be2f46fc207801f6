"""Parcels carried by the driver: put on the day's delivery list, confirmed by the outcome.

The parcel leaves the shelf when it is put on the list (it travels in the van). The
driver's outcome for the stop settles it: delivered confirms the hand-over, not
delivered brings it back to stock. Delivery knows nothing of parcels; it tells its
outcome listeners, and this module is one of them.
"""

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import bindparam, select

from app.core import audit
from app.core.errors import DomainError, NotFoundError
from app.delivery.models import DeliveryList, DeliveryStop, Outcome
from app.extensions import db
from app.parcels.models import (
    COUNTED_STATUSES,
    Distribution,
    DistributionMethod,
    DistributionStatus,
)
from app.parcels.services.distributions import back_to_stock, give_parcel


def delivery_stop_for(site_id: int, beneficiary_id: int, day: date) -> DeliveryStop | None:
    """The person's stop on one of the site's delivery lists that day."""
    return db.session.scalar(
        select(DeliveryStop)
        .join(DeliveryList, DeliveryList.id == DeliveryStop.delivery_list_id)
        .where(
            DeliveryList.site_id == site_id,
            DeliveryList.day == day,
            DeliveryStop.beneficiary_id == beneficiary_id,
        )
    )


def _parcel_note(site_id: int, beneficiary_id: int, day: date) -> str | None:
    """What the driver reads on the stop: every parcel planned for the person that day."""
    rows = db.session.scalars(
        select(Distribution).where(
            Distribution.site_id == site_id,
            Distribution.beneficiary_id == beneficiary_id,
            Distribution.day == day,
            Distribution.method == DistributionMethod.DELIVERY,
            Distribution.status.in_(COUNTED_STATUSES),
        )
    ).all()
    return ", ".join(f"{d.parcel_type.name} × {d.quantity}" for d in rows)[:200] or None


def put_on_delivery_list(
    site_id: int,
    parcel_type_id: int,
    beneficiary_id: int,
    day: date,
    quantity: int = 1,
    *,
    override_reason: str | None = None,
    may_override: bool = False,
    user_id: int | None = None,
) -> Distribution:
    """Give the driver a parcel for a person on the day's list (stock goes out now)."""
    stop = delivery_stop_for(site_id, beneficiary_id, day)
    if stop is None:
        raise NotFoundError(
            _("Persoana nu este pe nicio listă de livrare a centrului în ziua aceea.")
        )
    if stop.outcome is not None:
        raise DomainError(
            _("Livrarea la această persoană este deja notată; dați pachetul la centru."), "day"
        )
    distribution = give_parcel(
        site_id,
        parcel_type_id,
        beneficiary_id,
        day,
        quantity,
        method=DistributionMethod.DELIVERY,
        override_reason=override_reason,
        may_override=may_override,
        user_id=user_id,
    )
    stop.parcel_note = _parcel_note(site_id, beneficiary_id, day)
    db.session.flush()
    return distribution


def refresh_parcel_note(site_id: int, beneficiary_id: int, day: date) -> None:
    """Show the driver the parcels still planned for the person's stop that day."""
    stop = delivery_stop_for(site_id, beneficiary_id, day)
    if stop is not None:
        stop.parcel_note = _parcel_note(site_id, beneficiary_id, day)
        db.session.flush()


def release_dropped_parcels(day: date, dropped: list[tuple[int, int]]) -> None:
    """A regenerated list no longer carries the person: their planned parcels follow them
    to another of the site's lists that day, or go back on the shelf, cancelled."""
    for site_id, beneficiary_id in dropped:
        if delivery_stop_for(site_id, beneficiary_id, day) is not None:
            refresh_parcel_note(site_id, beneficiary_id, day)
            continue
        planned = db.session.scalars(
            select(Distribution)
            .with_for_update()
            .execution_options(populate_existing=True)
            .where(
                Distribution.site_id == site_id,
                Distribution.beneficiary_id == beneficiary_id,
                Distribution.day == day,
                Distribution.method == DistributionMethod.DELIVERY,
                Distribution.status == DistributionStatus.PLANNED,
            )
        ).all()
        for distribution in planned:
            back_to_stock(
                distribution,
                DistributionStatus.CANCELLED,
                _("Persoana nu mai este pe lista de livrare."),
            )
    db.session.flush()


# built once with bound parameters: every driver's tap asks it
_STOP_PARCELS = (
    select(Distribution)
    .with_for_update()
    .execution_options(populate_existing=True)
    .where(
        Distribution.site_id == bindparam("site_id"),
        Distribution.beneficiary_id == bindparam("person"),
        Distribution.day == bindparam("day"),
        Distribution.method == DistributionMethod.DELIVERY,
        Distribution.status.in_(COUNTED_STATUSES),
    )
)


def settle_delivered_parcels(
    stop: DeliveryStop, delivery_list: DeliveryList, user_id: int | None = None
) -> None:
    """The driver's outcome settles the stop's parcels; recording it again changes nothing."""
    # rows held until commit: the same outcome sent twice at once settles them once
    parcels = db.session.scalars(
        _STOP_PARCELS,
        {
            "site_id": delivery_list.site_id,
            "person": stop.beneficiary_id,
            "day": delivery_list.day,
        },
    ).all()
    for distribution in parcels:
        if stop.outcome == Outcome.DELIVERED:
            if distribution.status == DistributionStatus.PLANNED:
                distribution.status = DistributionStatus.HANDED_OVER
                audit.record(
                    "parcel_distribution",
                    distribution.id,
                    "update",
                    field="status",
                    old=DistributionStatus.PLANNED,
                    new=DistributionStatus.HANDED_OVER,
                    site_id=distribution.site_id,
                    user_id=user_id,
                )
        elif stop.outcome == Outcome.NOT_DELIVERED:
            back_to_stock(
                distribution,
                DistributionStatus.RETURNED,
                _("Nelivrat"),
                user_id,
            )
    if stop.outcome == Outcome.NOT_DELIVERED and parcels:
        stop.parcel_note = None
    db.session.flush()
