"""The monthly programme summary at national scale, against a floor measured in the same run.

Data (generated here): BENCH_SUMMARY_SITES sites (default 1,000) in 35 districts, 100
people a site (100,000), one month of lunch marks on every service day (about 2 million
rows, 85 % served). Timed: `programme_summary` + the workbook (what the Reports page and
`cantina report summary` do), best of two runs, and in a third run its Python peak memory
(tracemalloc, which would slow the timed runs). The floor is the
bare SQL aggregates the summary needs (meals and unique people per site, per district,
overall; people by sex and category) plus openpyxl in write-only mode writing the same
number of cells without styles. Also timed: one site's monthly register workbook.
Memory: the peak resident memory of a fresh process that creates the app and runs one
summary, beside that of one that only creates the app (what every command pays).
Targets: under 1.5 x the floor and under 5 s; peak memory under 300 MB; the register
under 1 s.

BENCH_SUMMARY_REUSE=1 keeps the generated data (BENCH_SQLITE_URL_SUMMARY, and
BENCH_PG_URL) and reuses it on the next run, which then takes a minute, not five.

Measured on 2 shared cores (2,100,000 marks, November 2026), three runs, load average
5 to 14 from other processes (so the seconds are long; the ratios and memory hold):
  SQLite      summary 4.3-8.4 s, floor 3.1-9.8 s, ratio 0.85-1.39; register 0.08-0.30 s
              process peak 119 MB (the app alone 95 MB), Python peak 4 MB
  PostgreSQL  summary 6.0-12.8 s, floor 5.9-12.4 s, ratio 0.91-1.04; register 0.28-0.38 s
              process peak 120 MB (the app alone 104 MB), Python peak 3 MB
On a quieter machine the summary took 2.96 s (0.94 x) and 2.40 s (0.86 x). The 311 and
348 MB once reported here were the bench process's own peak (319 MB after generating
the data): see _own_peak_mb.
"""

import io
import os
import random
import tempfile
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

from bench.common import best_seconds, fresh_database, pg_url

SITES = int(os.environ.get("BENCH_SUMMARY_SITES", "1000"))
PEOPLE_PER_SITE = 100
DISTRICTS = 35
START, END = date(2026, 11, 1), date(2026, 11, 30)
PG_URL = pg_url("cantina_bench_summary")
SQLITE_URL = os.environ.get(
    "BENCH_SQLITE_URL_SUMMARY",
    f"sqlite:///{Path(tempfile.gettempdir()) / f'bench-sum-{os.getpid()}.db'}",
)
# BENCH_SUMMARY_REUSE=1 keeps the generated data for the next run (and reuses it)
REUSE = os.environ.get("BENCH_SUMMARY_REUSE") == "1"
TARGET_S, TARGET_RATIO, TARGET_MB, TARGET_REGISTER_S = 5.0, 1.5, 300, 1.0


def _seed() -> int:
    """Insert the national data set with Core bulk inserts; returns the number of marks."""
    from sqlalchemy import insert

    from app.attendance.models import AttendanceMark
    from app.beneficiaries.models import Beneficiary, BeneficiaryCategory, Category, Enrolment
    from app.core.calendar import is_default_service_day
    from app.extensions import db
    from app.places.models import District, Locality, Site, SiteService, name_key

    rng = random.Random(7)
    conn = db.session.connection()
    conn.execute(
        insert(District),
        [
            {"id": i + 1, "name": f"Raion {i + 1:02d}", "name_key": name_key(f"Raion {i + 1:02d}")}
            for i in range(DISTRICTS)
        ],
    )
    conn.execute(
        insert(Locality),
        [
            {
                "id": i + 1,
                "district_id": i % DISTRICTS + 1,
                "name": f"Sat {i + 1:04d}",
                "name_key": name_key(f"Sat {i + 1:04d}"),
                "kind": "village",
            }
            for i in range(SITES)
        ],
    )
    conn.execute(
        insert(Site),
        [
            {
                "id": i + 1,
                "name": f"Cantina {i + 1:04d}",
                "name_key": name_key(f"Cantina {i + 1:04d}"),
                "kind": "canteen",
                "locality_id": i + 1,
                "address": "",
                "cost_norm_lei": 32.5 if i % 2 else None,
                "active": True,
            }
            for i in range(SITES)
        ],
    )
    conn.execute(
        insert(SiteService),
        [{"site_id": i + 1, "service": "lunch", "capacity": PEOPLE_PER_SITE} for i in range(SITES)],
    )
    categories = [c.value for c in Category]
    people, links, enrolments = [], [], []
    for n in range(SITES * PEOPLE_PER_SITE):
        people.append(
            {
                "id": n + 1,
                "first_name": f"Ion{n}",
                "last_name": "Popescu",
                "first_name_key": f"ion{n}",
                "last_name_key": "popescu",
                "person_key": f"popescu ion{n}",
                "sex": "F" if n % 2 else "M",
                "birth_date": date(1940 + n % 80, 1 + n % 12, 1),
                "address": "",
                "lives_alone": False,
                "can_travel": True,
            }
        )
        links.append({"beneficiary_id": n + 1, "category": categories[n % len(categories)]})
        enrolments.append(
            {
                "beneficiary_id": n + 1,
                "site_id": n // PEOPLE_PER_SITE + 1,
                "service": "delivery" if n % 5 == 0 else "lunch",
                "status": "active",
                "start_date": date(2026, 1, 1),
            }
        )
    conn.execute(insert(Beneficiary), people)
    conn.execute(insert(BeneficiaryCategory), links)
    conn.execute(insert(Enrolment), enrolments)
    days = [START + timedelta(days=i) for i in range((END - START).days + 1)]
    days = [d for d in days if is_default_service_day(d)]
    total, batch = 0, []
    for n in range(SITES * PEOPLE_PER_SITE):
        delivered = n % 5 == 0
        for day in days:
            served = rng.random() < 0.85
            mark = ("delivered" if delivered else "present") if served else "absent"
            batch.append(
                {
                    "site_id": n // PEOPLE_PER_SITE + 1,
                    "beneficiary_id": n + 1,
                    "day": day,
                    "meal": "lunch",
                    "mark": mark,
                    "source": "staff",
                }
            )
        if len(batch) >= 50_000:
            conn.execute(insert(AttendanceMark), batch)
            total += len(batch)
            batch = []
    if batch:
        conn.execute(insert(AttendanceMark), batch)
        total += len(batch)
    db.session.commit()
    return total


def _summary_run() -> list[tuple[int, int]]:
    """The summary and its workbook; returns each sheet's (rows, columns)."""
    from app.reports.summary import programme_summary, resolve_filters
    from app.reports.summary_book import summary_book
    from exports.summary import write_summary

    summary = programme_summary(resolve_filters(START, END, visible=None), visible=None)
    book = summary_book(summary, generated_by="bench", generated_at=_now())
    write_summary(book, io.BytesIO())
    return [(len(table.rows) + 1, len(table.columns)) for table in book.tables]


def _now():
    from datetime import datetime

    return datetime(2026, 12, 1, 8, 0)


FLOOR_QUERIES = (
    # meals and unique people per site
    """SELECT site_id, COUNT(CASE WHEN mark = 'present' THEN 1 END),
              COUNT(CASE WHEN mark = 'delivered' THEN 1 END), COUNT(DISTINCT beneficiary_id)
       FROM attendance_mark WHERE day BETWEEN :s AND :e AND mark IN ('present', 'delivered')
       GROUP BY site_id""",
    # unique people per district and overall
    """SELECT l.district_id, COUNT(DISTINCT m.beneficiary_id) FROM attendance_mark m
       JOIN site s ON s.id = m.site_id JOIN locality l ON l.id = s.locality_id
       WHERE m.day BETWEEN :s AND :e AND m.mark IN ('present', 'delivered')
       GROUP BY l.district_id""",
    """SELECT COUNT(DISTINCT beneficiary_id) FROM attendance_mark
       WHERE day BETWEEN :s AND :e AND mark IN ('present', 'delivered')""",
    # people by district, category and sex
    """SELECT d.district_id, c.category, b.sex, COUNT(*) FROM (
         SELECT DISTINCT l.district_id, m.beneficiary_id FROM attendance_mark m
         JOIN site s ON s.id = m.site_id JOIN locality l ON l.id = s.locality_id
         WHERE m.day BETWEEN :s AND :e AND m.mark IN ('present', 'delivered')) d
       JOIN beneficiary b ON b.id = d.beneficiary_id
       JOIN beneficiary_category c ON c.beneficiary_id = b.id
       GROUP BY d.district_id, c.category, b.sex""",
)


def _floor_run(shapes: list[tuple[int, int]]) -> None:
    """The bare aggregates, then the same number of cells per sheet, plain, streamed."""
    from openpyxl import Workbook
    from sqlalchemy import text

    from app.extensions import db

    if db.session.connection().dialect.name == "postgresql":
        db.session.execute(text("SET LOCAL work_mem = '64MB'"))  # as the summary does
    results = [db.session.execute(text(q), {"s": START, "e": END}).all() for q in FLOOR_QUERIES]
    assert results[0]
    wb = Workbook(write_only=True)
    for index, (rows, columns) in enumerate(shapes):
        ws = wb.create_sheet(f"Sheet {index}")
        for r in range(rows):
            ws.append([r] * columns)
    wb.save(io.BytesIO())


def _peak_mb(fn, *args) -> float:
    tracemalloc.start()
    fn(*args)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return peak


def _own_peak_mb() -> float:
    """This process's own peak resident memory.

    Linux's VmHWM, not getrusage's ru_maxrss: a spawned child is forked from the bench
    process before it runs the new interpreter, and Linux keeps the larger of the two
    peaks in ru_maxrss, so it reports the parent's memory (here the data generator's,
    about 300 MB) rather than the child's.
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child_rss(url: str, work: bool, queue) -> None:
    """In a fresh process: create the app, then (if `work`) run one summary; then report
    the process's peak resident memory."""
    from app import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-" + "x" * 40})
    if work:
        with app.test_request_context():
            _summary_run()
    queue.put(_own_peak_mb())


def in_fresh_process(target, *args) -> float:
    """Run `target(*args, queue)` in a new interpreter; returns what it puts on the queue."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    child = context.Process(target=target, args=(*args, queue))
    child.start()
    result = queue.get(timeout=600)
    child.join()
    return result


def _process_peak_mb(url: str) -> tuple[float, float]:
    """Peak RSS of a process that starts, runs one summary and ends (interpreter, app,
    driver and SQLite or libpq buffers included, unlike tracemalloc), and of one that
    only creates the app (the baseline that any command or worker pays)."""
    return in_fresh_process(_child_rss, url, True), in_fresh_process(_child_rss, url, False)


def _register_run() -> None:
    """One site's monthly register workbook (the register page and the monthly job)."""
    from app.attendance.models import Meal
    from app.reports.attendance import write_register

    write_register(1, "Cantina 0001", START.year, START.month, Meal.LUNCH, io.BytesIO())


def _seeded(url: str) -> int:
    """The marks already in the database when it is kept between runs (0: seed it)."""
    from sqlalchemy import inspect, text

    from app.extensions import db

    if not REUSE or not inspect(db.engine).has_table("attendance_mark"):
        return 0
    return db.session.execute(text("SELECT COUNT(*) FROM attendance_mark")).scalar_one()


def run(engine: str, url: str) -> None:
    from app import create_app
    from app.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-" + "x" * 40})
    try:
        with app.test_request_context():
            marks = _seeded(url)
            if marks:
                print(f"{engine:<10} data: {marks:,} marks, kept from an earlier run")
            else:
                db.engine.dispose()
                fresh_database(url)
                db.create_all()
                started = time.perf_counter()
                marks = _seed()
                if url.startswith("postgresql"):
                    db.session.execute(db.text("ANALYZE"))
                    db.session.commit()
                took = time.perf_counter() - started
                print(f"{engine:<10} data: {marks:,} marks in {took:.0f} s")
            shapes = _summary_run()  # warm the caches once, as a running server would be
            # best of two, without tracing (tracemalloc slows every allocation)
            summary_s = best_seconds(_summary_run, runs=2)
            floor_s = best_seconds(_floor_run, shapes, runs=2)
            register_s = best_seconds(_register_run, runs=2)
            summary_mb, floor_mb = _peak_mb(_summary_run), _peak_mb(_floor_run, shapes)
            db.session.remove()
            db.engine.dispose()
        rss_mb, baseline_mb = _process_peak_mb(url)
        ratio = summary_s / floor_s if floor_s else float("inf")
        ok = (
            summary_s < TARGET_S
            and ratio < TARGET_RATIO
            and max(summary_mb, rss_mb) < TARGET_MB
            and register_s < TARGET_REGISTER_S
        )
        print(
            f"{engine:<10} summary {summary_s:5.2f} s, Python peak {summary_mb:3.0f} MB | "
            f"floor {floor_s:5.2f} s, Python peak {floor_mb:3.0f} MB | ratio {ratio:4.2f}\n"
            f"{'':<10} process peak RSS {rss_mb:4.0f} MB (the app alone: {baseline_mb:4.0f} MB)"
            f" | one site's register {register_s:5.2f} s\n"
            f"{'':<10} targets: < {TARGET_S:.0f} s, < {TARGET_RATIO} x the floor, "
            f"< {TARGET_MB} MB, register < {TARGET_REGISTER_S:.0f} s: "
            f"{'ok' if ok else 'OVER TARGET'}"
        )
    finally:
        if not REUSE and not url.startswith("postgresql"):
            fresh_database(url)


def main() -> None:
    print(
        f"Monthly summary: {SITES} sites, {SITES * PEOPLE_PER_SITE:,} people, "
        f"{START:%m.%Y}, in-process"
    )
    run("SQLite", SQLITE_URL)
    if not REUSE and not fresh_database(PG_URL):
        print("PostgreSQL  not reachable, skipped")
        return
    run("PostgreSQL", PG_URL)


if __name__ == "__main__":
    main()
