"""Marking the daily sheet: who may mark which day, idempotence, all-or-nothing."""

from datetime import date, timedelta

import pytest

from app.attendance import services
from app.attendance.models import AttendanceMark, Mark, MarkSource, Meal
from app.attendance.services import MarkInput
from app.core.errors import DomainError, InvalidInputError
from app.core.models import AuditEntry
from app.extensions import db
from app.places.models import Service


def _marks(site_id, day, meal=Meal.LUNCH):
    return {
        m.beneficiary_id: m
        for m in db.session.scalars(
            db.select(AttendanceMark).where(
                AttendanceMark.site_id == site_id,
                AttendanceMark.day == day,
                AttendanceMark.meal == meal,
            )
        )
    }


def test_staff_marks_today_and_the_sheet_counts(ctx, canteen, staff, make_enrolment, today):
    a, b, c = (make_enrolment(canteen) for _ in range(3))
    services.mark_attendance(
        canteen.id,
        today,
        Meal.LUNCH,
        [MarkInput(a.beneficiary_id, Mark.PRESENT), MarkInput(b.beneficiary_id, Mark.ABSENT)],
        user=staff,
    )
    sheet = services.daily_sheet(canteen.id, today, Meal.LUNCH)
    assert sheet.counts["present"] == 1
    assert sheet.counts["absent"] == 1
    assert sheet.counts["unmarked"] == 1
    row = next(r for r in sheet.rows if r.person.beneficiary_id == c.beneficiary_id)
    assert row.mark is None


def test_the_same_mark_sent_twice_counts_once(ctx, canteen, staff, make_enrolment, today):
    person = make_enrolment(canteen).beneficiary_id
    mark = [MarkInput(person, Mark.PRESENT)]
    assert services.mark_attendance(canteen.id, today, Meal.LUNCH, mark, user=staff) == 1
    # the offline queue resends what may already have arrived
    assert services.mark_attendance(canteen.id, today, Meal.LUNCH, mark, user=staff) == 0
    assert len(_marks(canteen.id, today)) == 1
    audits = db.session.scalars(
        db.select(AuditEntry).where(
            AuditEntry.entity == "attendance_mark", AuditEntry.site_id == canteen.id
        )
    ).all()
    assert len(audits) == 1


def test_last_change_wins_and_both_are_audited(ctx, canteen, staff, make_enrolment, today):
    person = make_enrolment(canteen).beneficiary_id
    services.mark_attendance(
        canteen.id, today, Meal.LUNCH, [MarkInput(person, Mark.PRESENT)], user=staff
    )
    services.mark_attendance(
        canteen.id, today, Meal.LUNCH, [MarkInput(person, Mark.EXCUSED)], user=staff
    )
    assert _marks(canteen.id, today)[person].mark == Mark.EXCUSED
    changes = db.session.execute(
        db.select(AuditEntry.action, AuditEntry.old_value, AuditEntry.new_value)
        .where(AuditEntry.entity == "attendance_mark", AuditEntry.site_id == canteen.id)
        .order_by(AuditEntry.id)
    ).all()
    assert [tuple(c) for c in changes] == [
        ("create", None, "present"),
        ("update", "present", "excused"),
    ]


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (date(2026, 11, 15), "sâmbătă sau duminică"),  # Sunday
        (date(2026, 8, 31), "Limba noastră"),  # a holiday on a Monday
        (date(2026, 11, 17), "zi viitoare"),  # tomorrow
        (date(2026, 11, 11), "ultimele 3 zile"),  # 5 days ago, past the staff window
    ],
    ids=["weekend", "holiday", "future", "past-window"],
)
def test_staff_marks_refused_with_a_message(
    ctx, canteen, staff, make_enrolment, set_today, day, message
):
    set_today(date(2026, 11, 16))
    person = make_enrolment(canteen, start_date=date(2026, 1, 1)).beneficiary_id
    with pytest.raises(DomainError, match=message):
        services.mark_attendance(
            canteen.id, day, Meal.LUNCH, [MarkInput(person, Mark.PRESENT)], user=staff
        )
    assert _marks(canteen.id, day) == {}


def test_staff_window_is_configurable(app, ctx, canteen, staff, make_enrolment, today):
    person = make_enrolment(canteen).beneficiary_id
    three_days_ago = today - timedelta(days=3)  # Friday 13 November
    services.mark_attendance(
        canteen.id, three_days_ago, Meal.LUNCH, [MarkInput(person, Mark.PRESENT)], user=staff
    )
    app.config["STAFF_MARK_DAYS"] = 0
    try:
        with pytest.raises(DomainError, match="ultimele 0 zile"):
            services.mark_attendance(
                canteen.id,
                three_days_ago,
                Meal.LUNCH,
                [MarkInput(person, Mark.ABSENT)],
                user=staff,
            )
    finally:
        app.config["STAFF_MARK_DAYS"] = 3


def test_manager_corrects_an_old_day_with_a_reason(ctx, canteen, manager, make_enrolment, today):
    person = make_enrolment(canteen).beneficiary_id
    old = date(2026, 10, 5)
    with pytest.raises(InvalidInputError) as missing:
        services.mark_attendance(
            canteen.id, old, Meal.LUNCH, [MarkInput(person, Mark.PRESENT)], user=manager
        )
    assert missing.value.field == "reason"
    services.mark_attendance(
        canteen.id,
        old,
        Meal.LUNCH,
        [MarkInput(person, Mark.PRESENT)],
        user=manager,
        reason="registrul de hârtie",
    )
    stored = _marks(canteen.id, old)[person]
    assert stored.mark == Mark.PRESENT and stored.reason == "registrul de hârtie"
    audit = db.session.scalar(
        db.select(AuditEntry).where(
            AuditEntry.entity == "attendance_mark", AuditEntry.site_id == canteen.id
        )
    )
    assert audit.reason == "registrul de hârtie" and audit.user_id == manager.id


def test_manager_may_not_mark_the_future_either(ctx, canteen, manager, make_enrolment, today):
    person = make_enrolment(canteen).beneficiary_id
    with pytest.raises(DomainError, match="zi viitoare"):
        services.mark_attendance(
            canteen.id,
            today + timedelta(days=1),
            Meal.LUNCH,
            [MarkInput(person, Mark.PRESENT)],
            user=manager,
            reason="x",
        )


def test_people_not_expected_are_refused_without_a_name_and_nothing_is_written(
    ctx, canteen, staff, make_enrolment, make_beneficiary, today
):
    expected = make_enrolment(canteen).beneficiary_id
    paused = make_enrolment(canteen, pauses=[(today, today)]).beneficiary_id
    stranger = make_beneficiary(first_name="Maria", last_name="Ciobanu").id
    for outsider in (paused, stranger):
        with pytest.raises(DomainError, match="nu este înscris"):
            services.mark_attendance(
                canteen.id,
                today,
                Meal.LUNCH,
                [MarkInput(expected, Mark.PRESENT), MarkInput(outsider, Mark.PRESENT)],
                user=staff,
            )
    with pytest.raises(DomainError, match=f"Persoana nr. {stranger} nu este înscris") as refused:
        services.mark_attendance(
            canteen.id, today, Meal.LUNCH, [MarkInput(stranger, Mark.PRESENT)], user=staff
        )
    assert "Ciobanu" not in refused.value.message
    assert _marks(canteen.id, today) == {}


def test_a_mark_must_fit_the_service(ctx, canteen, staff, make_enrolment, today):
    at_table = make_enrolment(canteen).beneficiary_id
    delivered = make_enrolment(canteen, service=Service.DELIVERY).beneficiary_id
    with pytest.raises(InvalidInputError):
        services.mark_attendance(
            canteen.id, today, Meal.LUNCH, [MarkInput(at_table, Mark.DELIVERED)], user=staff
        )
    with pytest.raises(InvalidInputError):
        services.mark_attendance(
            canteen.id, today, Meal.LUNCH, [MarkInput(delivered, Mark.PRESENT)], user=staff
        )
    services.mark_attendance(
        canteen.id, today, Meal.LUNCH, [MarkInput(delivered, Mark.NOT_DELIVERED)], user=staff
    )


def test_driver_outcome_shows_on_the_sheet_and_staff_cannot_overwrite_it(
    ctx, canteen, staff, manager, make_enrolment, today
):
    enrolment = make_enrolment(canteen, service=Service.DELIVERY)
    services.upsert_mark(
        site_id=canteen.id,
        beneficiary_id=enrolment.beneficiary_id,
        day=today,
        meal=Meal.LUNCH,
        mark=Mark.DELIVERED,
        source=MarkSource.DRIVER,
    )
    row = services.daily_sheet(canteen.id, today, Meal.LUNCH).delivered[0]
    assert row.mark == Mark.DELIVERED and row.by_driver
    change = [MarkInput(enrolment.beneficiary_id, Mark.NOT_DELIVERED)]
    with pytest.raises(DomainError, match="Șoferul"):
        services.mark_attendance(canteen.id, today, Meal.LUNCH, change, user=staff)
    services.mark_attendance(canteen.id, today, Meal.LUNCH, change, user=manager)
    assert _marks(canteen.id, today)[enrolment.beneficiary_id].mark == Mark.NOT_DELIVERED


def test_all_present_marks_only_people_at_the_table_not_yet_marked(
    ctx, canteen, staff, make_enrolment, today
):
    absent = make_enrolment(canteen).beneficiary_id
    others = [make_enrolment(canteen).beneficiary_id for _ in range(3)]
    delivered = make_enrolment(canteen, service=Service.DELIVERY).beneficiary_id
    services.mark_attendance(
        canteen.id, today, Meal.LUNCH, [MarkInput(absent, Mark.ABSENT)], user=staff
    )
    assert services.mark_all_present(canteen.id, today, Meal.LUNCH, user=staff) == 3
    marks = _marks(canteen.id, today)
    assert marks[absent].mark == Mark.ABSENT
    assert all(marks[p].mark == Mark.PRESENT for p in others)
    assert delivered not in marks
    assert services.mark_all_present(canteen.id, today, Meal.LUNCH, user=staff) == 0


def test_day_care_sheet_lists_day_care_children_only(
    ctx, make_site, make_user, make_enrolment, today
):
    centre = make_site(
        kind="community_centre",
        services=[{"service": "day_care", "capacity": 15}, {"service": "lunch", "capacity": 20}],
    )
    child = make_enrolment(centre, service=Service.DAY_CARE).beneficiary_id
    luncher = make_enrolment(centre).beneficiary_id
    worker = make_user("staff", [centre])
    sheet = services.daily_sheet(centre.id, today, Meal.DAY_CARE)
    assert [r.person.beneficiary_id for r in sheet.rows] == [child]
    with pytest.raises(DomainError, match="nu este înscris"):
        services.mark_attendance(
            centre.id, today, Meal.DAY_CARE, [MarkInput(luncher, Mark.PRESENT)], user=worker
        )
    services.mark_attendance(
        centre.id, today, Meal.DAY_CARE, [MarkInput(child, Mark.PRESENT)], user=worker
    )
    assert _marks(centre.id, today, Meal.DAY_CARE)[child].mark == Mark.PRESENT
