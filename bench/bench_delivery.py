"""Delivery benchmarks: generating 1,000 route lists, and the route order suggestion.

Targets: the lists of 1,000 routes of 25 stops in under 5 s (SQLite and PostgreSQL);
an order for 40 stops in under 0.5 s, within 1% of the best of several solvers.
PostgreSQL is used when it answers at BENCH_PG_URL (default: a cantina_bench_delivery
database on 127.0.0.1:5432).
"""

import os
import random
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from bench.common import fresh_database, pg_url

ROUTES = 1000
STOPS = 25
SITES = 40
DAY = date(2026, 11, 16)  # a Monday, no holiday
PG_URL = pg_url("cantina_bench_delivery")


def _seed(app) -> None:
    """1,000 routes of 25 people on home delivery, inserted in bulk."""
    from app.auth.models import Role, User
    from app.beneficiaries.models import Beneficiary, Enrolment
    from app.delivery.models import Route, RouteStop
    from app.extensions import db
    from app.places.models import District, Locality, Site, name_key

    rng = random.Random(1)
    with app.app_context():
        db.drop_all()
        db.create_all()
        district = District(name="Bench")
        db.session.add(district)
        db.session.flush()
        locality = Locality(district_id=district.id, name="Bench", kind="village")
        db.session.add(locality)
        db.session.flush()
        db.session.execute(
            Site.__table__.insert(),
            [
                {"name": f"Site {i}", "name_key": name_key(f"Site {i}"), "kind": "canteen",
                 "locality_id": locality.id,
                 "address": "", "latitude": 46.8, "longitude": 28.6, "active": True}
                for i in range(SITES)
            ],
        )  # fmt: skip
        site_ids = sorted(db.session.scalars(db.select(Site.id)))
        driver = User(username="bench", full_name="Bench", password_hash="x", role=Role.DRIVER)
        db.session.add(driver)
        db.session.flush()
        people = ROUTES * STOPS
        db.session.execute(
            Beneficiary.__table__.insert(),
            [
                {"first_name": f"Ion{i}", "last_name": "Bench", "address": f"str. {i}",
                 "phone": "069000000", "latitude": 46.8 + rng.random() / 10,
                 "longitude": 28.6 + rng.random() / 10, "diet_notes": "fără sare",
                 "lives_alone": False, "can_travel": False, "first_name_key": "",
                 "last_name_key": "", "person_key": ""}
                for i in range(people)
            ],
        )  # fmt: skip
        person_ids = sorted(db.session.scalars(db.select(Beneficiary.id)))
        db.session.execute(
            Route.__table__.insert(),
            [
                {"site_id": site_ids[r % SITES], "name": f"Route {r}",
                 "name_key": name_key(f"Route {r}"), "driver_id": driver.id,
                 "weekdays": "12345", "active": True}
                for r in range(ROUTES)
            ],
        )  # fmt: skip
        routes = db.session.execute(db.select(Route.id, Route.site_id).order_by(Route.id)).all()
        enrolments, stops = [], []
        for r, (route_id, site_id) in enumerate(routes):
            for s in range(STOPS):
                person = person_ids[r * STOPS + s]
                enrolments.append(
                    {"beneficiary_id": person, "site_id": site_id, "service": "delivery",
                     "status": "active", "start_date": date(2026, 1, 5)}
                )  # fmt: skip
                stops.append(
                    {"route_id": route_id, "beneficiary_id": person, "position": s + 1,
                     "portions": 1}
                )  # fmt: skip
        db.session.execute(Enrolment.__table__.insert(), enrolments)
        db.session.execute(RouteStop.__table__.insert(), stops)
        db.session.commit()


def bench_lists(label: str, url: str) -> None:
    from app import create_app
    from app.core.db import writing
    from app.delivery.services import generate_lists, write_day_workbooks
    from app.extensions import db

    exports = tempfile.mkdtemp(prefix="bench-delivery-")
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "EXPORTS_DIR": exports, "SMTP_HOST": ""})
    _seed(app)
    with app.app_context(), writing():
        started = time.perf_counter()
        summary = generate_lists(DAY)
        db.session.commit()
        elapsed = time.perf_counter() - started
        files_started = time.perf_counter()
        files = write_day_workbooks(DAY)
        files_elapsed = time.perf_counter() - files_started
        again = time.perf_counter()
        repeat = generate_lists(DAY)
        db.session.commit()
        repeat_elapsed = time.perf_counter() - again
        db.drop_all()
        db.engine.dispose()
    verdict = "OK" if elapsed < 5 else "SLOW"
    print(f"lists {label}: {ROUTES} routes x {STOPS} stops in {elapsed:.2f} s "
          f"(target < 5 s) {verdict}; {summary}")  # fmt: skip
    print(f"lists {label}: then {len(files)} site workbooks (25,000 rows) in {files_elapsed:.2f} s")
    print(f"lists {label}: second run (nothing to do) {repeat_elapsed:.2f} s; {repeat}")


def _vroom_tour(matrix):
    """VROOM's tour on the same (metre-rounded) distances, when pyvroom is installed."""
    try:
        import vroom
    except ImportError:
        return None
    n = len(matrix)
    problem = vroom.Input()
    problem.set_durations_matrix(
        profile="car", matrix_input=[[round(x * 1000) for x in row] for row in matrix]
    )
    problem.add_vehicle(vroom.Vehicle(id=0, start=0, end=0, profile="car"))
    problem.add_job([vroom.Job(id=i, location=i) for i in range(1, n)])
    solution = problem.solve(exploration_level=5, nb_threads=1)
    return [int(i) for i in solution.routes["location_index"].tolist()[1:-1]]


def bench_order(instances: int = 10, stops: int = 40) -> None:
    from app.delivery.routing import distance_matrix, solve_tour, tour_length

    times, gaps = [], []
    solvers = ["suggest (default)", "long multi-start ILS"]
    for seed in range(instances):
        rng = random.Random(seed)
        points = [(46.8 + rng.random() * 0.15, 28.5 + rng.random() * 0.2) for _ in range(stops + 1)]
        matrix = distance_matrix(points)
        initial = list(range(1, stops + 1))
        started = time.perf_counter()
        ours = solve_tour(matrix, initial=initial)
        times.append(time.perf_counter() - started)
        candidates = [tour_length(ours, matrix)]
        candidates.append(tour_length(solve_tour(matrix, restarts=8, kicks=400, seed=seed), matrix))
        vroom_order = _vroom_tour(matrix)
        if vroom_order is not None:
            candidates.append(tour_length(vroom_order, matrix))
            if "pyvroom" not in solvers:
                solvers.append("pyvroom")
        best = min(candidates)
        gaps.append((candidates[0] / best - 1) * 100)
    print(f"order: {instances} random instances of {stops} stops; reference = best of "
          f"{', '.join(solvers)}")  # fmt: skip
    print(f"order: time median {statistics.median(times):.3f} s, max {max(times):.3f} s "
          f"(target < 0.5 s) {'OK' if max(times) < 0.5 else 'SLOW'}")  # fmt: skip
    print(f"order: gap to best median {statistics.median(gaps):.2f}%, max {max(gaps):.2f}% "
          f"(target < 1%) {'OK' if max(gaps) < 1 else 'FAR'}")  # fmt: skip


def main() -> None:
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    with tempfile.TemporaryDirectory() as folder:
        bench_lists("SQLite", f"sqlite:///{Path(folder) / 'bench.db'}")
    if fresh_database(PG_URL):
        bench_lists("PostgreSQL", PG_URL)
    else:
        print(f"lists PostgreSQL: not reachable at {PG_URL}; skipped")
    bench_order()


if __name__ == "__main__":
    main()
