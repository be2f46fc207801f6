"""The dashboard over every site at national scale, on the summary bench's data set.

Data: bench_summary's generator (BENCH_SUMMARY_SITES sites, default 1,000; 100 people
a site; November 2026 marked). Timed, best of three: the whole dashboard of a manager
(every site) on the last Friday of the month, and its kitchen count alone two ways:
one site at a time (kitchen_count per site, as the dashboard did) and all sites at
once (kitchen_counts, as it does). Target: the dashboard under 5 s, as the summary.

The PostgreSQL database is BENCH_PG_URL (default cantina_bench_dashboard).

Measured on 2 idle cores (2,100,000 marks, December 2026):
  SQLite      dashboard 1.74 s | kitchen count at once 0.18 s, one site at a time 0.53 s
  PostgreSQL  dashboard 0.99 s | kitchen count at once 0.14 s, one site at a time 1.28 s
Earlier, with a kitchen count per site and three alert queries per site, the dashboard
took 27.9 s on SQLite and 15.0 s on PostgreSQL on the same data (on busy cores).
"""

import time
from datetime import date

from bench.bench_summary import PEOPLE_PER_SITE, SITES, _seed
from bench.common import best_seconds, fresh_database, on_both_engines, pg_url

DAY = date(2026, 11, 27)
PG_URL = pg_url("cantina_bench_dashboard")
TARGET_S = 5.0


def run(engine: str, url: str) -> None:
    from app import create_app
    from app.attendance.services import kitchen_count, kitchen_counts
    from app.extensions import db
    from app.reports.dashboard import dashboard

    fresh_database(url)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-" + "x" * 40})
    try:
        with app.test_request_context():
            db.create_all()
            started = time.perf_counter()
            marks = _seed()
            if url.startswith("postgresql"):
                db.session.execute(db.text("ANALYZE"))
                db.session.commit()
            print(f"{engine:<10} data: {marks:,} marks in {time.perf_counter() - started:.0f} s")
            site_ids = list(range(1, SITES + 1))
            per_site = [kitchen_count(site_id, DAY) for site_id in site_ids]
            at_once = kitchen_counts(site_ids, DAY)
            assert [(c.at_canteen, c.to_deliver) for c in per_site] == [
                (at_once[i].at_canteen, at_once[i].to_deliver) for i in site_ids
            ]
            one_by_one_s = best_seconds(lambda: [kitchen_count(i, DAY) for i in site_ids], runs=1)
            at_once_s = best_seconds(lambda: kitchen_counts(site_ids, DAY))
            dashboard_s = best_seconds(lambda: dashboard(None, DAY))
            ok = dashboard_s < TARGET_S
            print(
                f"{engine:<10} dashboard {dashboard_s:5.2f} s (target < {TARGET_S:.0f} s) "
                f"{'ok' if ok else 'OVER TARGET'} | kitchen count of {SITES} sites: "
                f"at once {at_once_s:5.2f} s, one site at a time {one_by_one_s:5.2f} s"
            )
            db.session.remove()
            db.engine.dispose()
    finally:
        if not url.startswith("postgresql"):
            fresh_database(url)


def main() -> None:
    print(f"Dashboard: {SITES} sites, {SITES * PEOPLE_PER_SITE:,} people, {DAY:%d.%m.%Y}")
    on_both_engines(run, "bench-dash", PG_URL)


if __name__ == "__main__":
    main()
