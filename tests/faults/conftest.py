"""A database of its own and the `cantina` command in a child process, killed at will.

The child stops at a named point (app/core/faults.py: CANTINA_FAULT_POINT) and says so
in a file; the test then kills it with SIGKILL, as a power cut or the OOM killer would.
"""

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from flask_migrate import upgrade

from app.extensions import db
from tests.conftest import fresh_database, is_postgres, make_test_app

CANTINA = str(Path(sys.executable).parent / "cantina")


@dataclass
class World:
    url: str
    app: object
    env: dict
    exports: Path

    def run(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
        """`cantina ARGS` to its end."""
        return subprocess.run(
            [CANTINA, *args], env=self.env, capture_output=True, text=True, timeout=timeout
        )

    def kill_at(self, point: str, *args: str, timeout: float = 30) -> None:
        """`cantina ARGS`, killed with SIGKILL once it reaches `point`."""
        reached = Path(self.env["CANTINA_INSTANCE"]) / "fault-reached"
        reached.unlink(missing_ok=True)
        env = dict(self.env, CANTINA_FAULT_POINT=point, CANTINA_FAULT_REACHED=str(reached))
        child = subprocess.Popen(
            [CANTINA, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + timeout
        while not reached.exists():
            if child.poll() is not None:
                output = child.stdout.read().decode(errors="replace")
                child.stdout.close()
                pytest.fail(f"`cantina {' '.join(args)}` ended before {point}:\n{output}")
            if time.monotonic() > deadline:
                child.kill()
                child.wait()
                child.stdout.close()
                pytest.fail(f"`cantina {' '.join(args)}` never reached {point}")
            time.sleep(0.05)
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(timeout=10) == -signal.SIGKILL
        child.stdout.close()

    def scalar(self, statement):
        with self.app.app_context():
            try:
                return db.session.scalar(statement)
            finally:
                db.session.remove()


@pytest.fixture
def world(committed, database_url, tmp_path):
    url = (
        f"{database_url}_faults"
        if is_postgres(database_url)
        else f"sqlite:///{tmp_path / 'faults.db'}"
    )
    fresh_database(url)
    instance = tmp_path / "instance"
    exports = instance / "exports"
    instance.mkdir()
    app = make_test_app(url, EXPORTS_DIR=str(exports), IMPORTS_DIR=str(instance / "imports"))
    with app.app_context():
        upgrade()
        db.session.remove()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "CANTINA_INSTANCE": str(instance),
        "CANTINA_EXPORTS_DIR": str(exports),
        "CANTINA_IMPORTS_DIR": str(instance / "imports"),
        "SMTP_HOST": "",
        "CANTINA_FAULT_WAIT": "60",
    }
    yield World(url, app, env, exports)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def seed_routes(world: World, day: date, people: int = 12) -> int:
    """A site serving `day` with a route of `people` home deliveries; returns the site id."""
    from app.attendance import services as attendance_services
    from app.auth import services as auth_services
    from app.auth.models import Role
    from app.beneficiaries.models import Beneficiary, Enrolment, EnrolmentStatus
    from app.core import calendar
    from app.core.db import writing
    from app.core.text import fold, person_key
    from app.delivery import services as delivery_services
    from app.places import services as places_services
    from app.places.models import Service, SiteKind

    with world.app.app_context(), writing():
        district = places_services.create_district("Hîncești")
        locality = places_services.create_locality("Lăpușna", district.id)
        site = places_services.create_site(
            {
                "name": "Cantina Lăpușna",
                "kind": SiteKind.CANTEEN,
                "locality_id": locality.id,
                "services": [{"service": Service.DELIVERY, "capacity": people}],
            }
        )
        if not calendar.serves_on(site.id, day):
            attendance_services.set_day_override(
                site.id, day, is_open=True, reason=None, note="test"
            )
        driver = auth_services.create_user(
            username="sofer",
            full_name="Șofer",
            role=Role.DRIVER,
            password="correct-horse-battery",
            site_ids=[site.id],
        )
        routes = [
            delivery_services.create_route(
                site.id, f"Traseul {n}", driver_id=driver.id, weekdays="1234567"
            )
            for n in (1, 2)
        ]
        for i in range(people):
            first, last = f"Ion{i}", f"Rusu{i:03d}"
            person = Beneficiary(
                first_name=first,
                last_name=last,
                first_name_key=fold(first),
                last_name_key=fold(last),
                person_key=person_key(first, last),
                address=f"str. Viilor {i}",
                locality_id=locality.id,
            )
            db.session.add(person)
            db.session.flush()
            db.session.add(
                Enrolment(
                    beneficiary_id=person.id,
                    site_id=site.id,
                    service=Service.DELIVERY,
                    status=EnrolmentStatus.ACTIVE,
                    start_date=day.replace(day=1),
                )
            )
            db.session.flush()
            delivery_services.add_stop(routes[i % 2].id, person.id)
        db.session.commit()
        site_id = site.id
        db.session.remove()
    return site_id
