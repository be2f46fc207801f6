"""Retention: people who left more than RETENTION_YEARS ago are anonymised, statistics kept."""

import os
import time
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from app.attendance.models import AttendanceMark, Mark, MarkSource, Meal
from app.beneficiaries.models import Beneficiary, Enrolment
from app.core.models import AuditEntry
from app.core.text import person_key
from app.delivery.models import DeliveryStop
from app.extensions import db
from app.parcels.models import Distribution
from app.privacy.retention import apply_retention
from app.reports.attendance import monthly_register
from scheduler.schedule import SCHEDULE, resolve

RUN_DAY = date(2026, 7, 15)  # the world's person left on 2022-06-30: four years before
SECRETS = ("Rusu", "Elena", "2001234567890", "Florilor", "Nouă", "069000111", "068555444",
           "Ana", "069000222", "fără sare", "vecina", "HYPERLINK", "1941-05")  # fmt: skip


@pytest.fixture
def recent(app, person_world, make_beneficiary, make_enrolment):
    """Someone at the same canteen in March 2022 who left only two years before RUN_DAY."""
    person = make_beneficiary(first_name="Vasile", last_name="Ceban", idnp="2009876543210")
    make_enrolment(
        person_world.site,
        person,
        start_date=date(2022, 1, 10),
        end_date=date(2024, 7, 1),
        status="exited",
    )
    with app.app_context():
        db.session.add_all(
            AttendanceMark(
                site_id=person_world.site.id,
                beneficiary_id=person.id,
                day=day,
                meal=Meal.LUNCH,
                mark=Mark.PRESENT,
                source=MarkSource.STAFF,
            )
            for day in (date(2022, 3, 1), date(2022, 3, 2))
        )
        db.session.commit()
    return person


@pytest.fixture
def still_here(person_world, make_beneficiary, make_enrolment):
    """Left a canteen long ago, but waits for another place: not forgotten."""
    person = make_beneficiary(first_name="Ion", last_name="Lungu")
    make_enrolment(person_world.site, person, start_date=date(2019, 1, 7),
                   end_date=date(2020, 1, 31), status="exited")  # fmt: skip
    make_enrolment(person_world.site, person, start_date=date(2026, 1, 12), status="waiting")
    return person


def _register(site_id):
    register = monthly_register(site_id, 2022, 3, Meal.LUNCH)
    return (
        register.served_total,
        register.served_by_day,
        sorted((r.beneficiary_id, r.served, r.absent, r.excused, sorted(r.cells.items()))
               for r in register.rows),
    )  # fmt: skip


def _snapshot():
    """Every row of the tables retention may touch, as plain tuples."""
    tables = (Beneficiary, Enrolment, AuditEntry, DeliveryStop, AttendanceMark, Distribution)
    return {
        model.__tablename__: sorted(
            tuple(str(v) for v in row)
            for row in db.session.execute(select(*model.__table__.columns)).all()
        )
        for model in tables
    }


def test_a_person_who_left_four_years_ago_is_anonymised(app, ctx, person_world, recent, still_here):
    w = person_world
    # more of the person in the audit log: their creation, a corrected IDNP, name, birth date
    from app.beneficiaries import services
    from app.core import audit

    audit.record("beneficiary", w.person.id, "create", new="Rusu Elena")
    services.update_beneficiary(
        w.person.id,
        {"idnp": "2001234567891", "first_name": "Elena-Maria", "birth_date": date(1941, 5, 18)},
    )
    db.session.commit()
    register_before = _register(w.site.id)
    assert register_before[0] == 4  # two present, one delivered, two present; one absent

    result = apply_retention(RUN_DAY)
    db.session.commit()
    assert result.people == [w.person.id]

    person = db.session.get(Beneficiary, w.person.id)
    assert person.full_name == f"Anonimizat #{w.person.id}"
    # the keys follow the names, as search and the duplicate check expect
    assert person.last_name_key == "anonimizat"
    assert person.person_key == person_key(person.first_name, person.last_name)
    assert person.idnp is None and person.address == "" and person.phone is None
    assert person.contact_name is None and person.contact_phone is None
    assert person.notes is None and person.diet_notes is None
    assert person.birth_date == date(1941, 7, 1)  # the year kept for the statistics
    assert person.sex == "F" and [c.value for c in person.categories] == ["solitary_elderly"]
    assert person.anonymised_at is not None
    enrolment = db.session.get(Enrolment, w.enrolment.id)
    assert (enrolment.start_date, enrolment.end_date) == (date(2021, 2, 1), date(2022, 6, 30))

    stop = db.session.get(DeliveryStop, w.stop_id)
    assert (stop.name, stop.address, stop.phone, stop.contact, stop.diet_notes, stop.remark) == (
        f"Anonimizat #{w.person.id}",
        "",
        None,
        None,
        None,
        None,
    )
    assert stop.outcome.value == "delivered"

    # the audit log no longer holds the values; the changes themselves are still there
    entries = db.session.scalars(
        select(AuditEntry).where(AuditEntry.entity == "beneficiary",
                                 AuditEntry.entity_id == w.person.id)
    ).all()  # fmt: skip
    fields = {(e.action, e.field): (e.old_value, e.new_value) for e in entries}
    assert fields[("update", "address")] == ("", "")
    assert fields[("update", "phone")] == (None, None)
    assert fields[("update", "idnp")] == (None, None)
    assert fields[("update", "birth_date")] == ("1941-07-01", "1941-07-01")
    assert fields[("create", None)] == (None, f"Anonimizat #{w.person.id}")
    assert ("anonymise", None) in fields
    everything = " ".join(
        str(v)
        for e in db.session.scalars(select(AuditEntry))
        for v in (e.old_value, e.new_value)
        if v
    )
    for secret in SECRETS:
        assert secret not in everything, secret

    # the others are untouched
    for other, name in ((recent, "Ceban Vasile"), (still_here, "Lungu Ion")):
        kept = db.session.get(Beneficiary, other.id)
        assert kept.full_name == name and kept.anonymised_at is None
    assert db.session.get(Beneficiary, recent.id).idnp == "2009876543210"

    # the register of a past month gives the same totals
    assert _register(w.site.id) == register_before


def test_a_second_run_changes_nothing(app, ctx, person_world, recent):
    apply_retention(RUN_DAY)
    db.session.commit()
    after_first = _snapshot()
    again = apply_retention(RUN_DAY)
    db.session.commit()
    assert again.people == [] and again.audit_values == 0 and again.delivery_stops == 0
    assert _snapshot() == after_first


def test_two_years_later_the_recent_one_goes_too(app, ctx, person_world, recent):
    assert apply_retention(RUN_DAY).people == [person_world.person.id]
    assert apply_retention(date(2027, 7, 2)).people == [recent.id]


def test_the_years_are_a_setting(app, ctx, person_world, recent, monkeypatch):
    monkeypatch.setitem(app.config, "RETENTION_YEARS", 5)
    assert apply_retention(RUN_DAY).people == []
    monkeypatch.setitem(app.config, "RETENTION_YEARS", 1)
    assert apply_retention(RUN_DAY).people == [person_world.person.id, recent.id]


def _age(path, seconds_ago):
    moment = time.time() - seconds_ago
    os.utime(path, (moment, moment))


@pytest.fixture
def folders(app, tmp_path, monkeypatch):
    exports, imports = tmp_path / "exports", tmp_path / "imports"
    (exports / "delivery" / "2024-01-05").mkdir(parents=True)
    imports.mkdir()
    monkeypatch.setitem(app.config, "EXPORTS_DIR", str(exports))
    monkeypatch.setitem(app.config, "IMPORTS_DIR", str(imports))
    old_export = exports / "delivery" / "2024-01-05" / "Traseu.xlsx"
    new_export = exports / "registru-2026-06.xlsx"
    old_upload, new_upload = imports / "old.xlsx", imports / "new.xlsx"
    for path in (old_export, new_export, old_upload, new_upload):
        path.write_bytes(b"x")
    os.utime(old_export, (datetime(2024, 1, 5, tzinfo=UTC).timestamp(),) * 2)
    os.utime(new_export, (datetime(2026, 6, 30, tzinfo=UTC).timestamp(),) * 2)
    _age(old_upload, 25 * 3600)
    _age(new_upload, 3600)
    return old_export, new_export, old_upload, new_upload


def test_old_exports_and_uploads_are_removed(app, ctx, folders):
    old_export, new_export, old_upload, new_upload = folders
    result = apply_retention(RUN_DAY)  # exports kept 24 months: since 2024-07-15
    assert result.export_files == [old_export] and result.upload_files == [old_upload]
    assert not old_export.exists() and not old_upload.exists()
    assert new_export.exists() and new_upload.exists()


def test_dry_run_changes_nothing(app, person_world, folders):
    before_files = [p.exists() for p in folders]
    runner = app.test_cli_runner()
    with app.app_context():
        before = _snapshot()
    result = runner.invoke(args=["retention", "run", "--date", "2026-07-15", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "1 people anonymised" in result.output and "Dry run" in result.output
    assert f"#{person_world.person.id}" in result.output
    with app.app_context():
        assert _snapshot() == before
    assert [p.exists() for p in folders] == before_files

    done = runner.invoke(args=["retention", "run", "--date", "2026-07-15"])
    assert done.exit_code == 0, done.output
    with app.app_context():
        person = db.session.get(Beneficiary, person_world.person.id)
        assert person.anonymised_at is not None
    assert not folders[0].exists()


def test_cli_refuses_a_bad_date(app):
    result = app.test_cli_runner().invoke(args=["retention", "run", "--date", "15.07.2026"])
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output


def test_the_job_is_scheduled(app, ctx, person_world):
    job = next(j for j in SCHEDULE if j.name == "retention")
    assert app.config[job.time_setting] == "03:15"
    summary = resolve(job.target)(RUN_DAY)
    assert summary.startswith("retention before 2023-07-15: 1 people anonymised")
    assert "Rusu" not in summary


def test_the_person_page_says_the_data_were_anonymised(app, client, login_as, person_world):
    with app.app_context():
        apply_retention(RUN_DAY)
        db.session.commit()
    login_as("manager")
    page = client.get(f"/beneficiaries/{person_world.person.id}").get_data(as_text=True)
    assert f"Anonimizat #{person_world.person.id}" in page
    assert "Date anonimizate la" in page and "Rusu" not in page


def test_someone_never_enrolled_goes_once_the_record_is_old(app, ctx, make_beneficiary):
    old = make_beneficiary(last_name="Vechi", updated_at=datetime(2023, 1, 10, tzinfo=UTC))
    touched = make_beneficiary(last_name="Atins", updated_at=datetime(2024, 2, 1, tzinfo=UTC))
    result = apply_retention(RUN_DAY)
    assert result.people == [old.id]
    db.session.commit()
    assert db.session.get(Beneficiary, old.id).full_name == f"Anonimizat #{old.id}"
    assert db.session.get(Beneficiary, touched.id).anonymised_at is None
