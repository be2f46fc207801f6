"""A restored backup would bring anonymised people back: the restore runs the retention
pass again before the service reopens (or, over an older schema, says it must be run)."""

from datetime import UTC, date, datetime

from click.testing import CliRunner
from sqlalchemy import select

from app.beneficiaries.models import Beneficiary, Enrolment, EnrolmentStatus
from app.core.clock import today
from app.extensions import db
from app.ops import backup as backups
from app.ops import cli
from app.places.models import District, Locality, Service, Site, SiteKind
from app.privacy.retention import apply_retention
from tests.ops.test_backup import _script_info, sibling, upgraded_app


def _person_who_left_long_ago() -> int:
    district = District(name="Hîncești")
    locality = Locality(name="Lăpușna", district=district)
    site = Site(name="Cantina Lăpușna", kind=SiteKind.CANTEEN, locality=locality)
    person = Beneficiary(first_name="Elena", last_name="Rusu", idnp="2001234567890",
                         address="str. Florilor 3", phone="069000111",
                         updated_at=datetime(2019, 1, 1, tzinfo=UTC))  # fmt: skip
    db.session.add_all([site, person])
    db.session.flush()
    db.session.add(
        Enrolment(
            beneficiary_id=person.id,
            site_id=site.id,
            service=Service.LUNCH,
            status=EnrolmentStatus.EXITED,
            start_date=date(2018, 1, 8),
            end_date=date(2019, 6, 28),
            exit_reason="mutat la fiica",
        )  # fmt: skip
    )
    db.session.commit()
    return person.id


def _restore(app, path, *extra):
    return CliRunner().invoke(cli.restore_command, [str(path), "--yes", *extra],
                              obj=_script_info(app))  # fmt: skip


def test_a_restore_anonymises_again_who_was_anonymised_after_the_backup(
    committed, database_url, tmp_path
):
    app = upgraded_app(sibling(database_url, "restore_forget", tmp_path))
    with app.app_context():
        person_id = _person_who_left_long_ago()
        path = backups.backup(tmp_path / "before.bak")
        assert apply_retention(today()).people == [person_id]
        db.session.commit()

        result = _restore(app, path)
        assert result.exit_code == 0, result.output
        assert "1 people anonymised" in result.output
        db.session.remove()
        person = db.session.get(Beneficiary, person_id)
        assert person.full_name == f"Anonimizat #{person_id}"
        assert (person.idnp, person.phone, person.address) == (None, None, "")
        exit_reason = db.session.scalar(select(Enrolment.exit_reason))
        assert exit_reason is None
        db.session.remove()
        db.engine.dispose()


def test_over_an_older_schema_the_restore_says_what_to_run(committed, database_url, tmp_path):
    old = upgraded_app(sibling(database_url, "restore_old", tmp_path), revision="0001")
    with old.app_context():
        path = backups.backup(tmp_path / "old.bak")
        db.engine.dispose()
    app = upgraded_app(sibling(database_url, "restore_new", tmp_path))
    with app.app_context():
        result = _restore(app, path, "--allow-older")
        db.engine.dispose()
    assert result.exit_code == 0, result.output
    assert "retention has not run" in result.output
    assert "cantina db upgrade" in result.output and "cantina retention run" in result.output
