"""The delivery lists job run twice: lists, workbook and emails once, and no database
transaction held while the workbook is written or the mail server answers."""

from sqlalchemy import func, select, update

import scheduler.jobs as jobs
from app.auth.models import Role, User
from app.core import faults
from app.core.models import JobClaim
from app.delivery.models import DeliveryList
from app.extensions import db
from tests.delivery.test_concurrency import _seed


def _write_from_another_connection(day) -> None:
    """Fails (locked) when the job holds a transaction that writes the day's lists."""
    with db.engine.connect() as other:
        if other.dialect.name == "sqlite":
            other.exec_driver_sql("PRAGMA busy_timeout=300")
        else:
            other.exec_driver_sql("SET lock_timeout = '1s'")
        other.execute(
            update(DeliveryList)
            .where(DeliveryList.day == day)
            .values(route_name=DeliveryList.route_name)
        )
        other.commit()


def test_the_lists_job_run_twice_does_its_work_once_holding_no_lock(
    committed, a_weekday, tmp_path, monkeypatch
):
    site_id = _seed(committed, routes=2, people=2)
    with committed.app_context():
        db.session.execute(update(User).where(User.role == Role.DRIVER).values(email="s@x.md"))
        db.session.commit()
    monkeypatch.setitem(committed.config, "EXPORTS_DIR", str(tmp_path))
    monkeypatch.setitem(committed.config, "SMTP_HOST", "127.0.0.1")
    reached, sent = [], []
    real_point = faults.point

    def point(name):
        if name == "export.temp_written":  # the workbook is being written
            _write_from_another_connection(a_weekday)
            reached.append(name)
        real_point(name)

    def send(message):
        _write_from_another_connection(a_weekday)
        sent.append(message["To"])

    monkeypatch.setattr(faults, "point", point)
    monkeypatch.setattr("app.delivery.services.mail._send", send)
    with committed.app_context():
        first = jobs.run_job("delivery-lists", a_weekday)
        second = jobs.run_job("delivery-lists", a_weekday)
        lists = db.session.scalar(select(func.count()).select_from(DeliveryList))
        claims = list(db.session.scalars(select(JobClaim)))
    assert "2 created" in first.summary and "email: 2 sent, 0 failed" in first.summary
    assert "0 created, 2 already there" in second.summary
    assert "email: 0 sent, 0 failed" in second.summary
    assert lists == 2 and sent == ["s@x.md", "s@x.md"]
    assert reached == ["export.temp_written"] * 2  # one site's workbook, rewritten the same
    written = [p.name for p in (tmp_path / a_weekday.isoformat()).iterdir()]
    assert written == [f"livrari-centru-{site_id}.xlsx"]
    [claim] = claims
    assert (claim.job, claim.slot) == ("delivery-lists", a_weekday.isoformat())
    assert claim.finished_at is not None and claim.summary == second.summary
