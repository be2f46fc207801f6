"""Handing parcels to people at a site, with the frequency rule and its manager override."""

from datetime import date, timedelta

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import selectinload

from app.beneficiaries.models import Beneficiary, Enrolment
from app.core import audit
from app.core.errors import DomainError, NotFoundError, PermissionDeniedError
from app.core.text import search_terms
from app.extensions import db
from app.parcels.models import (
    COUNTED_STATUSES,
    Distribution,
    DistributionMethod,
    DistributionStatus,
    MovementKind,
    ParcelType,
)
from app.parcels.services.parcel_types import get_parcel_type
from app.parcels.services.stock import (
    add_movement,
    check_day,
    get_site,
    put_into_stock,
    take_from_stock,
)


class TooSoon(DomainError):
    """The frequency rule of the parcel type is broken; says when the last one was given."""

    def __init__(self, parcel_type: ParcelType, last: date):
        allowed_from = last + timedelta(days=parcel_type.min_days_between)
        super().__init__(
            _(
                "Persoana a primit deja un pachet „%(name)s” pe %(last)s; "
                "următorul se poate da din %(next)s.",
                name=parcel_type.name,
                last=format_date(last, "dd.MM.yyyy"),
                next=format_date(allowed_from, "dd.MM.yyyy"),
            ),
            "day",
        )
        self.last = last


def is_site_person(site_id: int, beneficiary_id: int) -> bool:
    """Whether the person is (or was) enrolled at the site, in any service."""
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    Enrolment.beneficiary_id == beneficiary_id, Enrolment.site_id == site_id
                )
            )
        )
    )


def site_people(site_id: int, q: str | None = None, limit: int = 30) -> list[Beneficiary]:
    """The site's people (enrolled in any service) matching a name search."""
    query = select(Beneficiary).where(
        exists().where(Enrolment.beneficiary_id == Beneficiary.id, Enrolment.site_id == site_id)
    )
    for readings in search_terms(q):
        query = query.where(_matches(readings))
    return list(
        db.session.scalars(
            query.order_by(
                Beneficiary.last_name_key, Beneficiary.first_name_key, Beneficiary.id
            ).limit(limit)
        )
    )


def _matches(readings: list[str]):
    """Every reading of one search word, in the first or the last name."""
    return or_(
        *(
            key.like(f"%{reading}%")
            for reading in readings
            for key in (Beneficiary.first_name_key, Beneficiary.last_name_key)
        )
    )


def last_distribution_near(
    beneficiary_id: int, parcel_type: ParcelType, day: date, exclude_id: int | None = None
) -> date | None:
    """The latest distribution of the type to the person within the rule's window."""
    if not parcel_type.min_days_between:
        return None
    window = timedelta(days=parcel_type.min_days_between - 1)
    query = select(func.max(Distribution.day)).where(
        Distribution.beneficiary_id == beneficiary_id,
        Distribution.parcel_type_id == parcel_type.id,
        Distribution.status.in_(COUNTED_STATUSES),
        Distribution.day >= day - window,
        Distribution.day <= day + window,
    )
    if exclude_id is not None:
        query = query.where(Distribution.id != exclude_id)
    return db.session.scalar(query)


def record_distribution(
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
    """Hand parcels to one of the site's people: refused above stock or too soon.

    A manager may let a too-soon parcel through by giving a reason (stored with it).
    """
    check_day(day)
    return give_parcel(
        site_id,
        parcel_type_id,
        beneficiary_id,
        day,
        quantity,
        override_reason=override_reason,
        may_override=may_override,
        user_id=user_id,
    )


def give_parcel(
    site_id: int,
    parcel_type_id: int,
    beneficiary_id: int,
    day: date,
    quantity: int = 1,
    *,
    method: DistributionMethod = DistributionMethod.AT_SITE,
    override_reason: str | None = None,
    may_override: bool = False,
    user_id: int | None = None,
) -> Distribution:
    """The rules every hand-over shares: stock, the site's people, the frequency rule."""
    get_site(site_id)
    parcel_type = get_parcel_type(parcel_type_id)
    if not parcel_type.active:
        raise DomainError(_("Acest tip de pachet este retras."), "parcel_type_id")
    if not is_site_person(site_id, beneficiary_id):
        raise NotFoundError(_("Persoana nu a fost găsită."))
    if override_reason and not may_override:
        raise PermissionDeniedError(_("Doar un manager poate trece peste regula de frecvență."))
    # Stock first: on PostgreSQL the row lock orders two hand-overs at the same site, so
    # the frequency check below already sees the first one once it is committed.
    take_from_stock(site_id, parcel_type, quantity, day)
    last = last_distribution_near(beneficiary_id, parcel_type, day)
    used_override = None
    if last is not None:
        if not override_reason:
            raise TooSoon(parcel_type, last)
        used_override = override_reason
    planned = method == DistributionMethod.DELIVERY
    distribution = Distribution(
        site_id=site_id,
        parcel_type_id=parcel_type.id,
        beneficiary_id=beneficiary_id,
        quantity=quantity,
        day=day,
        method=method,
        status=DistributionStatus.PLANNED if planned else DistributionStatus.HANDED_OVER,
        override_reason=used_override,
        overridden_by_id=user_id if used_override else None,
        created_by_id=user_id,
    )
    db.session.add(distribution)
    db.session.flush()
    add_movement(
        site_id=site_id,
        parcel_type_id=parcel_type.id,
        kind=MovementKind.DISTRIBUTION,
        quantity=-quantity,
        day=day,
        distribution_id=distribution.id,
        created_by_id=user_id,
    )
    audit.record(
        "parcel_distribution",
        distribution.id,
        "create",
        field=method.value,
        new=f"{parcel_type.name} x{quantity} {day.isoformat()}",
        reason=used_override,
        site_id=site_id,
        user_id=user_id,
    )
    return distribution


def back_to_stock(
    distribution: Distribution,
    status: DistributionStatus,
    reason: str | None,
    user_id: int | None = None,
) -> Distribution:
    """A parcel that was taken out comes back to the shelf (cancelled or not delivered)."""
    old = distribution.status
    distribution.status = status
    put_into_stock(distribution.site_id, distribution.parcel_type_id, distribution.quantity)
    add_movement(
        site_id=distribution.site_id,
        parcel_type_id=distribution.parcel_type_id,
        kind=MovementKind.RETURN,
        quantity=distribution.quantity,
        day=distribution.day,
        distribution_id=distribution.id,
        note=reason,
        created_by_id=user_id,
    )
    audit.record(
        "parcel_distribution",
        distribution.id,
        "update",
        field="status",
        old=old,
        new=status,
        reason=reason,
        site_id=distribution.site_id,
        user_id=user_id,
    )
    return distribution


def get_distribution(distribution_id: int, *, lock: bool = False) -> Distribution:
    """A distribution; `lock` holds its row (PostgreSQL) so two changes of it queue."""
    distribution = db.session.get(
        Distribution, distribution_id, with_for_update=lock, populate_existing=lock
    )
    if distribution is None:
        raise NotFoundError(_("Înregistrarea nu a fost găsită."))
    return distribution


def cancel_distribution(
    distribution_id: int, reason: str, *, user_id: int | None = None
) -> Distribution:
    """Undo a hand-over recorded by mistake: the parcels go back on the shelf, once."""
    distribution = get_distribution(distribution_id, lock=True)
    if distribution.status not in COUNTED_STATUSES:
        raise DomainError(_("Distribuirea a fost deja anulată."))
    back_to_stock(distribution, DistributionStatus.CANCELLED, reason, user_id)
    if distribution.method == DistributionMethod.DELIVERY:
        # the driver no longer carries it: the stop's note follows
        from app.parcels.services.delivery_parcels import refresh_parcel_note

        refresh_parcel_note(distribution.site_id, distribution.beneficiary_id, distribution.day)
    return distribution


def distributions_query(
    site_id: int, beneficiary_id: int | None = None, start: date | None = None, end=None
):
    """A site's distributions, newest first."""
    query = (
        select(Distribution)
        .where(Distribution.site_id == site_id)
        .options(selectinload(Distribution.parcel_type), selectinload(Distribution.beneficiary))
    )
    if beneficiary_id is not None:
        query = query.where(Distribution.beneficiary_id == beneficiary_id)
    if start is not None:
        query = query.where(Distribution.day >= start)
    if end is not None:
        query = query.where(Distribution.day <= end)
    return query.order_by(Distribution.day.desc(), Distribution.id.desc())
