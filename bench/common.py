"""What every benchmark needs: a fresh database on either engine, and a stopwatch."""

import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.engine import make_url


def pg_url(default_database: str) -> str:
    """The PostgreSQL URL a benchmark uses: BENCH_PG_URL for every benchmark when set
    (they run one after another, each on a fresh database), else the local server with
    the benchmark's own database name."""
    return os.environ.get("BENCH_PG_URL") or (
        f"postgresql+psycopg://postgres@127.0.0.1:5432/{default_database}"
    )


def fresh_database(url: str) -> bool:
    """Empty database at `url` (PostgreSQL: drop and create; SQLite: remove the file).

    Returns False when PostgreSQL cannot be reached, so the caller reports it missing.
    """
    if not url.startswith("postgresql"):
        for suffix in ("", "-wal", "-shm"):
            Path(url[len("sqlite:///") :] + suffix).unlink(missing_ok=True)
        return True
    import psycopg

    parsed = make_url(url)
    admin = parsed.set(database="postgres").render_as_string(hide_password=False)
    admin = admin.replace("postgresql+psycopg://", "postgresql://")
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{parsed.database}"')
    except psycopg.OperationalError:
        return False
    return True


def on_both_engines(run: Callable[[str, str], None], name: str, pg: str) -> None:
    """`run(engine, url)` on a fresh SQLite file (`name` and the process id, in the
    temporary folder), then on PostgreSQL at `pg` when it can be reached."""
    run("SQLite", f"sqlite:///{Path(tempfile.gettempdir()) / f'{name}-{os.getpid()}.db'}")
    if not fresh_database(pg):
        print("PostgreSQL  not reachable, skipped")
        return
    run("PostgreSQL", pg)


def best_seconds(fn: Callable, *args, runs: int = 3) -> float:
    """The shortest of `runs` timed calls of fn(*args): the least disturbed by the other
    processes of a shared machine."""
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        fn(*args)
        best = min(best, time.perf_counter() - started)
    return best
