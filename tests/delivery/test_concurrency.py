"""Exactly once under concurrent generators, and the scheduler's catch-up after a late start."""

import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from app.delivery.models import DeliveryList, DeliveryStop, RouteStop
from app.extensions import db
from scheduler.main import catch_up

ROOT = Path(__file__).resolve().parents[2]


def _seed(app, routes=4, people=5):
    """Committed data built in one session (the factories expire their objects on commit)."""
    with app.app_context():
        site_id = seed_site(routes, people)
        db.session.commit()
        return site_id


def seed_site(routes: int, people: int, name: str = "Cantina Concurență") -> int:
    from app.auth import services as auth_services
    from app.auth.models import Role
    from app.beneficiaries.models import Beneficiary, Enrolment
    from app.delivery import services
    from app.places import services as places
    from app.places.models import Service, SiteKind

    district = places.create_district(f"Raion {name}")
    locality = places.create_locality(f"Sat {name}", district.id)
    site = places.create_site(
        {
            "name": name,
            "kind": SiteKind.CANTEEN,
            "locality_id": locality.id,
            "latitude": 46.83,
            "longitude": 28.59,
            "services": [{"service": Service.DELIVERY, "capacity": 10_000}],
        }
    )
    driver = auth_services.create_user(
        username=f"sofer-{site.id}",
        full_name="Șofer",
        role=Role.DRIVER,
        password="o-parola-lunga-de-test",
        site_ids=[site.id],
    )
    for r in range(routes):
        route = services.create_route(site.id, f"Traseu {r + 1}", driver_id=driver.id)
        for p in range(people):
            person = Beneficiary(first_name=f"Ion{r}-{p}", last_name="Test", address=f"str. {p}")
            db.session.add(person)
            db.session.flush()
            db.session.add(
                Enrolment(
                    beneficiary_id=person.id,
                    site_id=site.id,
                    service=Service.DELIVERY,
                    status="active",
                    start_date=date(2026, 1, 1),
                )
            )
            db.session.add(RouteStop(route_id=route.id, beneficiary_id=person.id, position=p + 1))
    db.session.flush()
    return site.id


def test_three_concurrent_generators_make_one_list_per_route(
    committed, database_url, a_weekday, tmp_path
):
    _seed(committed)
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "CANTINA_INSTANCE": str(tmp_path),
        "CANTINA_EXPORTS_DIR": str(tmp_path / "exports"),
        "SMTP_HOST": "",
    }
    command = [
        sys.executable,
        "-m",
        "app.cli",
        "delivery",
        "generate",
        "--date",
        a_weekday.isoformat(),
    ]
    processes = [
        subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(3)
    ]
    outputs = [p.communicate(timeout=120) for p in processes]
    assert [p.returncode for p in processes] == [0, 0, 0], outputs
    created = sorted(int(out.split(": ")[1].split(" created")[0]) for out, _ in outputs)
    assert sum(created) == 4
    with committed.app_context():
        assert db.session.scalar(select(func.count()).select_from(DeliveryList)) == 4
        assert db.session.scalar(select(func.count()).select_from(DeliveryStop)) == 20
        per_list = db.session.execute(
            select(DeliveryStop.delivery_list_id, func.count()).group_by(
                DeliveryStop.delivery_list_id
            )
        ).all()
        assert sorted(n for _, n in per_list) == [5, 5, 5, 5]
    assert (tmp_path / "exports" / a_weekday.isoformat()).is_dir()


def test_a_scheduler_started_late_generates_todays_lists(committed, a_weekday):
    _seed(committed, routes=2, people=2)
    tz = ZoneInfo("Europe/Chisinau")
    early = datetime.combine(a_weekday, datetime.min.time(), tz).replace(hour=6, minute=30)
    assert catch_up(committed, early) == []
    with committed.app_context():
        assert db.session.scalar(select(func.count()).select_from(DeliveryList)) == 0

    late = early.replace(hour=9, minute=40)
    summaries = catch_up(committed, late)
    assert len(summaries) == 1 and "2 created" in summaries[0]
    with committed.app_context():
        days = db.session.scalars(select(DeliveryList.day)).all()
        assert days == [a_weekday, a_weekday]
    # a second start the same morning finds them there
    assert "0 created, 2 already there" in catch_up(committed, late)[0]
