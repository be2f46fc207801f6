"""What drivers record on a list: outcomes, concerns, and the staff's handling."""

from collections.abc import Callable
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from app.attendance.models import Mark, MarkSource, Meal
from app.attendance.services import hold_marks, upsert_mark
from app.beneficiaries.models import Beneficiary
from app.core import audit, calendar
from app.core.clock import utcnow
from app.core.db import take_write_lock
from app.core.errors import DomainError, InvalidInputError, NotFoundError
from app.delivery.models import DeliveryList, DeliveryStop, FailureReason, Outcome
from app.delivery.services.lists import lists_query
from app.delivery.services.lookups import (
    get_list,
    routes_of_site,
    serving_enrolment_id,
    unrouted_people,
)
from app.extensions import db

# Higher domains react to an outcome (parcels carried by the driver) without delivery
# importing them: they add a function(stop, delivery_list, user_id) here.
OUTCOME_LISTENERS: list[Callable[[DeliveryStop, DeliveryList, int | None], None]] = []


def record_outcome(
    list_id: int,
    stop_id: int,
    outcome: Outcome,
    failure_reason: FailureReason | None = None,
    remark: str | None = None,
    user_id: int | None = None,
) -> DeliveryStop:
    """Delivered or not (and why); the attendance record of the day follows."""
    delivery_list = get_list(list_id)
    stop = db.session.get(DeliveryStop, stop_id)
    if stop is None or stop.delivery_list_id != delivery_list.id:
        raise NotFoundError(_("Oprirea nu a fost găsită."))
    if outcome == Outcome.NOT_DELIVERED and failure_reason is None:
        raise InvalidInputError(
            _("Alegeți motivul pentru care nu s-a livrat."), field="failure_reason"
        )
    if outcome == Outcome.DELIVERED:
        failure_reason = None
    if not calendar.day_status(delivery_list.site_id, delivery_list.day).counts_marks:
        # closed after the list was made: an outcome now would be a meal on a closed day
        raise DomainError(
            _("Centrul este închis în această zi; rezultatul livrării nu se mai înregistrează.")
        )
    enrolment_id = serving_enrolment_id(
        delivery_list.site_id, stop.beneficiary_id, delivery_list.day
    )
    # PostgreSQL: no other phone or tablet writes this person's lunch meanwhile
    held = hold_marks(delivery_list.day, Meal.LUNCH, [stop.beneficiary_id])
    if take_write_lock() or held:  # the stop as it stands under the lock, for the audit
        db.session.refresh(stop)
    before = audit.snapshot(stop, ("outcome", "failure_reason", "remark"))
    stop.outcome = outcome
    stop.failure_reason = failure_reason
    stop.remark = remark or None
    stop.marked_at = utcnow()
    stop.marked_by_id = user_id
    db.session.flush()
    audit.record_changes(
        "delivery_stop",
        stop.id,
        before,
        audit.snapshot(stop, ("outcome", "failure_reason", "remark")),
        site_id=delivery_list.site_id,
        user_id=user_id,
        person_id=stop.beneficiary_id,
    )
    upsert_mark(
        site_id=delivery_list.site_id,
        beneficiary_id=stop.beneficiary_id,
        day=delivery_list.day,
        meal=Meal.LUNCH,
        mark=Mark.DELIVERED if outcome == Outcome.DELIVERED else Mark.NOT_DELIVERED,
        source=MarkSource.DRIVER,
        enrolment_id=enrolment_id,
        reason=failure_reason.value if failure_reason is not None else None,
        user_id=user_id,
    )
    for listener in OUTCOME_LISTENERS:
        listener(stop, delivery_list, user_id)
    return stop


def set_concern(
    list_id: int, stop_id: int, concern: bool, note: str | None = None, user_id: int | None = None
) -> DeliveryStop:
    """Flag (or clear) a concern about the person: staff and managers see it.

    What a driver wrote is a concern even when the box was left unticked; a concern
    is cleared by unticking it while its note stays as it was stored (or is emptied).
    """
    delivery_list = get_list(list_id)
    stop = db.session.get(DeliveryStop, stop_id)
    if stop is None or stop.delivery_list_id != delivery_list.id:
        raise NotFoundError(_("Oprirea nu a fost găsită."))
    note = (note or "").strip() or None
    if not concern and note is not None and not (stop.concern and note == stop.concern_note):
        concern = True
    before = audit.snapshot(stop, ("concern", "concern_note"))
    stop.concern = concern
    stop.concern_note = (note or None) if concern else None
    if not concern:  # a withdrawn concern needs no follow-up
        stop.concern_handled_at = stop.concern_handled_by_id = stop.concern_action = None
    db.session.flush()
    audit.record_changes(
        "delivery_stop",
        stop.id,
        before,
        audit.snapshot(stop, ("concern", "concern_note")),
        site_id=delivery_list.site_id,
        user_id=user_id,
        person_id=stop.beneficiary_id,
    )
    return stop


def concerns(site_ids: set[int] | None, since: date) -> list[tuple[DeliveryStop, DeliveryList]]:
    """Concerns flagged by drivers since a date, newest first."""
    query = (
        select(DeliveryStop, DeliveryList)
        .join(DeliveryList)
        .join(Beneficiary, Beneficiary.id == DeliveryStop.beneficiary_id)
        .where(DeliveryStop.concern.is_(True), DeliveryList.day >= since)
        .options(joinedload(DeliveryStop.concern_handled_by))
        # people in the order every list of people follows (their stored name keys)
        .order_by(
            DeliveryList.day.desc(),
            Beneficiary.last_name_key,
            Beneficiary.first_name_key,
            DeliveryStop.id,
        )
    )
    if site_ids is not None:
        query = query.where(DeliveryList.site_id.in_(site_ids))
    return [(row[0], row[1]) for row in db.session.execute(query)]


def concern_stop(stop_id: int) -> tuple[DeliveryStop, DeliveryList]:
    """A stop carrying a driver's concern, with its list (404 otherwise)."""
    stop = db.session.get(DeliveryStop, stop_id)
    if stop is None or not stop.concern:
        raise NotFoundError(_("Oprirea nu a fost găsită."))
    return stop, stop.delivery_list


def handle_concern(stop_id: int, action: str, user_id: int | None = None) -> DeliveryStop:
    """Record that the site followed up a driver's concern: who, when and what was done."""
    stop, delivery_list = concern_stop(stop_id)
    fields = ("concern_action", "concern_handled_by_id")
    before = audit.snapshot(stop, fields)
    stop.concern_action = action
    stop.concern_handled_by_id = user_id
    stop.concern_handled_at = utcnow()
    db.session.flush()
    audit.record_changes(
        "delivery_stop",
        stop.id,
        before,
        audit.snapshot(stop, fields),
        site_id=delivery_list.site_id,
        user_id=user_id,
        person_id=stop.beneficiary_id,
    )
    return stop


def site_day_summary(site_id: int, day: date) -> dict:
    """What the site page shows: the day's lists with progress, unrouted people, concerns."""
    from datetime import timedelta

    query = lists_query(day, site_id=site_id).options(
        joinedload(DeliveryList.driver), selectinload(DeliveryList.stops)
    )
    lists = list(db.session.scalars(query))
    return {
        "lists": lists,
        "unrouted": unrouted_people(site_id, day),
        "concerns": concerns({site_id}, day - timedelta(days=7)),
        "routes": routes_of_site(site_id),
    }
