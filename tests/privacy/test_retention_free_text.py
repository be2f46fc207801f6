"""Retention reaches every piece of free text tied to a person, and no statistic moves."""

import json
from datetime import date

import pytest
from sqlalchemy import String, Text, select

from app.attendance.models import AttendanceMark, Mark, MarkSource, Meal
from app.beneficiaries.models import (
    Beneficiary,
    Enrolment,
    EnrolmentPause,
    EnrolmentStatus,
    EnrolmentStatusChange,
    ReferralSource,
)
from app.core.models import AuditEntry
from app.delivery.models import DeliveryStop
from app.extensions import db
from app.parcels.models import Distribution, ParcelType, SourceKind, StockMovement
from app.privacy.person_data import as_json, person_data
from app.privacy.retention import apply_retention
from app.reports.summary import SummaryFilters, programme_summary

RUN_DAY = date(2026, 7, 15)
# words only the free text about the person holds
SECRETS = ("Ciobanu", "D-77/2021", "fiica", "spital", "ușa spartă", "nepoata", "vecina Ion",
           "Rusu", "Florilor", "HYPERLINK", "Veronica")  # fmt: skip


@pytest.fixture
def filled(app, ctx, person_world):
    """The world's person with every free-text field about them filled, through the services."""
    from app.attendance.services import clear_mark
    from app.attendance.services.marks import upsert_mark
    from app.beneficiaries.services import status
    from app.beneficiaries.services.enrolments import update_enrolment
    from app.delivery.services import handle_concern, set_concern
    from app.parcels.services import cancel_distribution, record_distribution, record_receipt

    w = person_world
    user = w.manager.id
    enrolment = db.session.get(Enrolment, w.enrolment.id)
    enrolment.status, enrolment.end_date, enrolment.exit_reason = EnrolmentStatus.ACTIVE, None, None
    db.session.flush()
    update_enrolment(
        enrolment.id,
        {
            "decision_number": "D-77/2021",
            "referral_source": ReferralSource.SOCIAL_WORKER,
            "referral_name": "asistenta Maria Ciobanu",
        },
        user_id=user,
    )
    status.pause_enrolment(
        enrolment.id, date(2021, 4, 5), date(2021, 4, 20), "la spital, a sunat fiica", user_id=user
    )
    status.exit_enrolment(
        enrolment.id, date(2022, 6, 30), "mutat la fiica din Chișinău", user_id=user
    )
    upsert_mark(site_id=w.site.id, beneficiary_id=w.person.id, day=date(2022, 3, 2),
                meal=Meal.LUNCH, mark=Mark.EXCUSED, source=MarkSource.STAFF,
                reason="bolnavă, spune vecina Ion", user_id=user)  # fmt: skip
    # a mark typed with a reason, then cleared: the mark is deleted, its audit rows stay
    upsert_mark(site_id=w.site.id, beneficiary_id=w.person.id, day=date(2022, 3, 3),
                meal=Meal.LUNCH, mark=Mark.EXCUSED, source=MarkSource.STAFF,
                reason="plecată la sora Veronica", user_id=user)  # fmt: skip
    upsert_mark(site_id=w.site.id, beneficiary_id=w.person.id, day=date(2022, 3, 4),
                meal=Meal.LUNCH, mark=Mark.NOT_DELIVERED, source=MarkSource.DRIVER,
                reason="not_home", user_id=user)  # fmt: skip
    # (cleared last: a mark made after it could take the deleted mark's id again)
    clear_mark(w.site.id, date(2022, 3, 3), Meal.LUNCH, w.person.id, user=w.manager,
               reason="greșit: era la Veronica")  # fmt: skip
    stop = db.session.get(DeliveryStop, w.stop_id)
    set_concern(stop.delivery_list_id, stop.id, True, "locuiește singură, ușa spartă", user)
    handle_concern(stop.id, "am sunat-o pe fiica ei", user)
    parcel_type = db.session.scalar(select(ParcelType).where(ParcelType.name == w.parcel_type_name))
    parcel_type.min_days_between = 30
    record_receipt(w.site.id, parcel_type.id, 5, date(2022, 1, 10), SourceKind.DONATION,
                   donor_name="Caritas", user_id=user)  # fmt: skip
    again = record_distribution(w.site.id, parcel_type.id, w.person.id, date(2022, 1, 25),
                                override_reason="a cerut nepoata", may_override=True,
                                user_id=user)  # fmt: skip
    cancel_distribution(again.id, "greșit, era pentru vecina Ion", user_id=user)
    kept = record_distribution(w.site.id, parcel_type.id, w.person.id, date(2022, 2, 10),
                               override_reason="iarnă grea, nepoata e plecată",
                               may_override=True, user_id=user)  # fmt: skip
    db.session.commit()
    return w, kept.id


def _summary():
    filters = SummaryFilters(start=date(2022, 1, 1), end=date(2022, 6, 30))
    return programme_summary(filters, visible=None)


def _every_text() -> list[tuple[str, str, str]]:
    """(table, column, value) of every text value in the database."""
    found = []
    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, String | Text)]
        if not columns:
            continue
        for row in db.session.execute(select(*columns)):
            found += [(table.name, c.name, v) for c, v in zip(columns, row, strict=True) if v]
    return found


def test_every_free_text_about_the_person_is_replaced(filled):
    w, kept_id = filled
    person_id = w.person.id
    # the setup put every secret somewhere, or the test would prove nothing
    before = " ".join(v for _, _, v in _every_text())
    assert all(secret in before for secret in SECRETS)
    summary_before = _summary()
    assert summary_before.total.figures.parcels == 3  # two at the start, one kept of the two more

    result = apply_retention(RUN_DAY)
    db.session.commit()
    assert result.people == [person_id]

    enrolment = db.session.get(Enrolment, w.enrolment.id)
    assert (enrolment.decision_number, enrolment.referral_name, enrolment.exit_reason) == (
        None,
        None,
        None,
    )
    assert enrolment.referral_source == "social_worker"  # a code the statistics read
    assert (enrolment.status, enrolment.end_date) == (EnrolmentStatus.EXITED, date(2022, 6, 30))
    pauses = db.session.scalars(select(EnrolmentPause).where(
        EnrolmentPause.enrolment_id == enrolment.id)).all()  # fmt: skip
    assert [(p.start_date, p.end_date, p.reason) for p in pauses] == [
        (date(2021, 4, 5), date(2021, 4, 20), "")
    ]
    changes = db.session.scalars(select(EnrolmentStatusChange).where(
        EnrolmentStatusChange.enrolment_id == enrolment.id)).all()  # fmt: skip
    assert {c.status for c in changes} >= {"paused", "resumed", "exited"}
    assert all(c.reason is None for c in changes)
    marks = dict(db.session.execute(select(AttendanceMark.day, AttendanceMark.reason).where(
        AttendanceMark.beneficiary_id == person_id)).all())  # fmt: skip
    assert marks[date(2022, 3, 2)] is None
    assert marks[date(2022, 3, 4)] == "not_home"  # why a delivery failed stays counted
    stop = db.session.get(DeliveryStop, w.stop_id)
    assert stop.concern is True and stop.concern_handled_at is not None
    assert (stop.concern_note, stop.concern_action, stop.remark) == (None, None, None)
    distributions = db.session.scalars(
        select(Distribution).where(Distribution.beneficiary_id == person_id)
    ).all()
    assert len(distributions) == 3 and all(d.override_reason is None for d in distributions)
    assert db.session.get(Distribution, kept_id).overridden_by_id == w.manager.id
    notes = db.session.execute(select(StockMovement.kind, StockMovement.note,
                                      StockMovement.donor_name)).all()  # fmt: skip
    assert {(k.value, n, d) for k, n, d in notes} == {
        ("receipt", None, "Caritas"),
        ("distribution", None, None),
        ("return", None, None),
    }

    # nothing of it is left anywhere: tables, audit values and reasons
    leaks = [(t, c) for t, c, v in _every_text() for s in SECRETS if s in v]
    assert leaks == []
    reasons = db.session.scalars(select(AuditEntry.reason).where(AuditEntry.reason.is_not(None)))
    assert all(not any(s in r for s in SECRETS) for r in reasons)
    # nor in what the person's data export (with its history) would hand out
    exported = json.dumps(as_json(person_data(person_id)), ensure_ascii=False)
    assert "Anonimizat" in exported
    assert [s for s in SECRETS if s in exported] == []

    # a past period's summary gives the same figures
    assert _summary() == summary_before


def test_the_person_data_export_names_no_one_after_retention(app, client, login_as, filled):
    w, _kept = filled
    apply_retention(RUN_DAY)
    db.session.commit()
    assert db.session.get(Beneficiary, w.person.id).anonymised_at is not None
    login_as("manager")
    page = client.get(f"/beneficiaries/{w.person.id}").get_data(as_text=True)
    assert [s for s in SECRETS if s in page] == []
