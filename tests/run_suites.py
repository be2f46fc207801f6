"""Run the whole suite on SQLite, then on PostgreSQL; print one closing line for both.

Arguments are passed to pytest. With CI=true, a PostgreSQL server that cannot be reached
fails the run; elsewhere it is reported and that suite is left out.
"""

import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

PG_URL = os.environ.get("TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/cantina_test")


def postgres_reachable() -> str | None:
    import psycopg

    try:
        psycopg.connect(
            "host=127.0.0.1 port=5432 user=postgres dbname=postgres", connect_timeout=5
        ).close()
    except psycopg.OperationalError as exc:
        return str(exc).strip()
    return None


def run_suite(name: str, url: str, args: list[str], workdir: Path) -> dict:
    report = workdir / f"{name}.xml"
    env = dict(os.environ, TEST_DATABASE_URL=url)
    print(f"\n===== test suite on {name} =====", flush=True)
    code = subprocess.call([sys.executable, "-m", "pytest", f"--junitxml={report}", *args], env=env)
    totals = {"passed": 0, "failed": 0, "skipped": 0, "code": code}
    if report.exists():
        root = ET.parse(report).getroot()
        for suite in root.iter("testsuite"):
            tests = int(suite.get("tests", 0))
            failed = int(suite.get("failures", 0)) + int(suite.get("errors", 0))
            skipped = int(suite.get("skipped", 0))
            totals["failed"] += failed
            totals["skipped"] += skipped
            totals["passed"] += tests - failed - skipped
    elif code != 0:
        totals["failed"] += 1
    return totals


def main() -> int:
    args = sys.argv[1:]
    ci = os.environ.get("CI", "").lower() == "true"
    with tempfile.TemporaryDirectory(prefix="cantina-tests-") as tmp:
        workdir = Path(tmp)
        results = [run_suite("sqlite", f"sqlite:///{workdir / 'test.db'}", args, workdir)]
        problem = postgres_reachable()
        if problem is None:
            results.append(run_suite("postgresql", PG_URL, args, workdir))
        elif ci:
            print(f"PostgreSQL is not reachable on 127.0.0.1:5432 ({problem}); CI fails.")
            results.append({"passed": 0, "failed": 1, "skipped": 0, "code": 1})
        else:
            print(f"WARNING: PostgreSQL not reachable ({problem}); only SQLite was tested.")
    passed = sum(r["passed"] for r in results)
    failed = sum(r["failed"] for r in results)
    skipped = sum(r["skipped"] for r in results)
    bad_exit = any(r["code"] not in (0,) for r in results)
    print(f"\ntests: {passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed or bad_exit or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
