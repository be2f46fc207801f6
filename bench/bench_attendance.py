"""A 200-person daily sheet: marking it in one PUT and rendering the page.

Server-side time: the Flask test client in-process, timed around each request;
median and 95th percentile over 100 requests, on SQLite and on PostgreSQL.
Target: under 50 ms each.
"""

import statistics
import time
from datetime import date

from bench.common import fresh_database, on_both_engines, pg_url

PEOPLE = 200
REQUESTS = 100
TARGET_MS = 50.0
DAY = date(2026, 11, 16)  # a Monday, no holiday
PASSWORD = "bench-password-long-enough"
PG_URL = pg_url("cantina_bench_attendance")


def _seed() -> tuple[int, list[int]]:
    from app.auth import services as auth_services
    from app.auth.models import Role
    from app.beneficiaries.models import Beneficiary, Enrolment, EnrolmentStatus
    from app.core.text import fold, person_key
    from app.extensions import db
    from app.places import services as places_services
    from app.places.models import Service, SiteKind

    district = places_services.create_district("Hîncești")
    locality = places_services.create_locality("Lăpușna", district.id)
    site = places_services.create_site(
        {
            "name": "Cantina Lăpușna",
            "kind": SiteKind.CANTEEN,
            "locality_id": locality.id,
            "services": [{"service": Service.LUNCH, "capacity": PEOPLE}],
        }
    )
    auth_services.create_user(
        username="bench",
        full_name="Bench",
        role=Role.STAFF,
        password=PASSWORD,
        site_ids=[site.id],
    )
    ids = []
    for i in range(PEOPLE):
        first, last = f"Ion{i}", f"Țurcanu{i:03d}"
        person = Beneficiary(
            first_name=first,
            last_name=last,
            first_name_key=fold(first),
            last_name_key=fold(last),
            person_key=person_key(first, last),
            diet_notes="fără sare" if i % 10 == 0 else None,
        )
        db.session.add(person)
        db.session.flush()
        db.session.add(
            Enrolment(
                beneficiary_id=person.id,
                site_id=site.id,
                service=Service.LUNCH if i % 5 else Service.DELIVERY,
                status=EnrolmentStatus.ACTIVE,
                start_date=date(2026, 1, 1),
            )
        )
        ids.append(person.id)
    db.session.commit()
    return site.id, ids


def _figures(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    p95 = ordered[max(0, int(round(0.95 * len(ordered))) - 1)]
    return statistics.median(ordered) * 1000, p95 * 1000


def run(engine: str, url: str) -> None:
    from app import create_app
    from app.core import clock
    from app.extensions import db

    fresh_database(url)
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "bench-secret-key-long-enough-0123456789abcdef",
            "WTF_CSRF_ENABLED": False,
            "PASSWORD_METHOD": "pbkdf2:sha256:1000",
        }
    )
    real_today = clock.today
    clock.today = lambda: DAY
    try:
        with app.app_context():
            db.create_all()
            site_id, ids = _seed()
        client = app.test_client()
        client.post("/login", data={"username": "bench", "password": PASSWORD})
        api = f"/api/v1/sites/{site_id}/attendance/{DAY.isoformat()}/lunch"
        page = f"/sites/{site_id}/attendance/{DAY.isoformat()}/lunch"
        at_table = [b for i, b in enumerate(ids) if i % 5]
        delivered = [b for i, b in enumerate(ids) if not i % 5]
        put_times, get_times = [], []
        for n in range(REQUESTS):
            # alternate the marks so every request really changes 200 rows
            table_mark, home_mark = (
                ("present", "delivered") if n % 2 == 0 else ("absent", "not_delivered")
            )
            body = {
                "marks": [{"beneficiary_id": b, "mark": table_mark} for b in at_table]
                + [{"beneficiary_id": b, "mark": home_mark} for b in delivered]
            }
            start = time.perf_counter()
            response = client.put(api, json=body)
            put_times.append(time.perf_counter() - start)
            assert response.status_code == 200, response.get_data(as_text=True)
            start = time.perf_counter()
            response = client.get(page)
            get_times.append(time.perf_counter() - start)
            assert response.status_code == 200
        size_kb = len(response.data) / 1024
        for what, times in (("PUT sheet, 200 marks", put_times), ("GET sheet page", get_times)):
            median, p95 = _figures(times)
            verdict = "ok" if p95 < TARGET_MS and median < TARGET_MS else "OVER TARGET"
            print(
                f"{engine:<10} {what:<22} median {median:6.1f} ms   p95 {p95:6.1f} ms"
                f"   target < {TARGET_MS:.0f} ms   {verdict}"
            )
        print(f"{engine:<10} sheet page size {size_kb:.0f} KB (target < 150 KB)")
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    finally:
        clock.today = real_today
        if not url.startswith("postgresql"):
            fresh_database(url)


def main() -> None:
    print(f"{PEOPLE}-person sheet, {REQUESTS} requests each, server-side (in-process)")
    on_both_engines(run, "bench-att", PG_URL)


if __name__ == "__main__":
    main()
