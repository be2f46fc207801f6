"""Import of a 5,000-row beneficiary file: validate, then import in batches of 200 rows.

Target: under 10 s on this machine for validate + import. Runs on SQLite, and on
PostgreSQL when BENCH_PG_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/
cantina_bench) is reachable.
"""

import io
import random
import tempfile
import time
from datetime import date
from pathlib import Path

from openpyxl import Workbook

from bench.common import fresh_database, pg_url

ROWS = 5_000
FIRST_BIRTH = date(1930, 1, 1).toordinal()
TARGET_SECONDS = 10.0
PG_URL = pg_url("cantina_bench")


def make_file(rows: int = ROWS, seed: int = 5000) -> bytes:
    """A template-shaped file with `rows` distinct people, all enrolled at lunch."""
    from app.beneficiaries.demo import MEN, SURNAMES, WOMEN
    from app.beneficiaries.importer import HEADERS
    from app.beneficiaries.schemas import with_check_digit

    rng = random.Random(seed)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Beneficiari")
    ws.append(HEADERS)
    index = {h: i for i, h in enumerate(HEADERS)}
    for n in range(rows):
        row = [None] * len(HEADERS)
        female = rng.random() < 0.6
        row[index["Nume"]] = rng.choice(SURNAMES)
        row[index["Prenume"]] = rng.choice(WOMEN if female else MEN)
        row[index["IDNP"]] = with_check_digit(f"2{n:011d}") if n % 10 < 7 else None
        row[index["Data nașterii"]] = date.fromordinal(FIRST_BIRTH + n * 3)
        row[index["Sex"]] = "F" if female else "M"
        row[index["Localitate"]] = "Lăpușna"
        row[index["Adresa"]] = f"str. Livezilor {n}"
        row[index["Telefon"]] = f"069{n:06d}"
        row[index["Categorii"]] = "solitary_elderly; disability" if n % 3 else "unemployed"
        row[index["Locuiește singur"]] = "da" if n % 2 else "nu"
        row[index["Data consimțământ"]] = date(2026, 1, 10)
        row[index["Serviciu"]] = "lunch"
        row[index["Nr. decizie"]] = str(n)
        row[index["Data început"]] = date(2026, 1, 12)
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _app(url: str):
    from app import create_app
    from app.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-" + "x" * 40})
    with app.app_context():
        db.drop_all()
        db.create_all()
    return app


def _site(app) -> int:
    from app.extensions import db
    from app.places import services as places
    from app.places.models import Service, SiteKind

    with app.app_context():
        district = places.create_district("Hîncești")
        locality = places.create_locality("Lăpușna", district.id)
        site = places.create_site(
            {
                "name": "Cantina Lăpușna",
                "kind": SiteKind.CANTEEN,
                "locality_id": locality.id,
                "services": [{"service": Service.LUNCH, "capacity": 6000}],
            }
        )
        db.session.commit()
        return site.id


def run(url: str, label: str, content: bytes) -> None:
    from app.beneficiaries.importer import import_beneficiaries, validate_rows
    from app.core.db import writing
    from app.extensions import db

    app = _app(url)
    site_id = _site(app)
    with app.app_context(), writing():
        started = time.perf_counter()
        rows, errors = validate_rows(io.BytesIO(content))
        validated = time.perf_counter() - started
        assert not errors and len(rows) == ROWS, errors[:3]

        started = time.perf_counter()
        result = import_beneficiaries(io.BytesIO(content), site_id, site_ids=None)
        db.session.commit()
        first = time.perf_counter() - started
        assert result.new == ROWS and result.enrolled == ROWS, result

        started = time.perf_counter()
        again = import_beneficiaries(io.BytesIO(content), site_id, site_ids=None)
        db.session.commit()
        second = time.perf_counter() - started
        assert again.unchanged == ROWS, again
    verdict = "OK" if first < TARGET_SECONDS else "SLOW"
    print(f"{label}: validate only {validated:.2f} s")
    print(
        f"{label}: validate + import of {ROWS} new rows {first:.2f} s "
        f"(target < {TARGET_SECONDS:.0f} s) {verdict}"
    )
    print(f"{label}: re-import, all unchanged {second:.2f} s")
    with app.app_context():
        db.engine.dispose()


def main() -> None:
    started = time.perf_counter()
    content = make_file()
    took = time.perf_counter() - started
    print(f"generated {ROWS} rows ({len(content) // 1024} KB) in {took:.2f} s")
    with tempfile.TemporaryDirectory() as folder:
        run(f"sqlite:///{Path(folder) / 'bench.db'}", "SQLite", content)
    if fresh_database(PG_URL):
        run(PG_URL, "PostgreSQL", content)
    else:
        print("PostgreSQL: not reachable, skipped")


if __name__ == "__main__":
    main()
