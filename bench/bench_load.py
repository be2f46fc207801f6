"""Load beside its floor: the real server, 16 clients marking, then every mark checked.

On SQLite and on PostgreSQL: a fresh database (`cantina db upgrade`), seeded with
sites, people, enrolments, routes and their users; today's delivery lists made by
`cantina delivery generate`; then `cantina serve --workers N` on a free 127.0.0.1 port.
Another process drives 16 clients with real HTTP (log in, CSRF token from the page):

- floor 1, `/healthz`: the process answering, no database;
- floor 2, `/bench/upsert` (only with CANTINA_BENCH_ROUTES=1): one INSERT ... ON
  CONFLICT DO UPDATE of one row and a commit, through the same stack;
- beside them, `PUT /bench/signed`: a signed-in user's request with its CSRF token that
  does nothing else, what every mark pays before it marks; and the same request writing
  the upsert's row, the least a mark can cost (a signed-in write with none of a mark's
  reads and checks: the person, the day, the stored mark, the audit, the counts);
- marks: staff marking whole sheets (PUT sheet, 10 people) and single marks (PUT single),
  drivers recording outcomes (PUT stop), each client on its own people so the last
  acknowledged value of every person/day/meal is known.

Afterwards the database must hold exactly one mark per acknowledged mark with its last
value. Targets: 0 errors, 0 lost or doubled, marks at 0.5 or more of the bare upsert's
rate. BENCH_LOAD_SECONDS (default 60) is each phase's length; BENCH_LOAD_WORKERS (default
4) the server's worker processes; BENCH_LOAD_ENGINES=sqlite or postgresql for one only.

Measured on 2 idle cores (4 December 2026, 60 s phases, 4 workers), in req/s:
  SQLite      healthz 2,168, bare upsert 1,416, signed-in no-op 1,053, signed-in
              upsert 894, marks 399 (1,755 marks written a second, median 37 ms)
  PostgreSQL  healthz 2,261, bare upsert 969, signed-in no-op 661, signed-in upsert
              605, marks 182 (796 marks written a second, median 88 ms)
Ratio by requests 0.28 on SQLite and 0.19 on PostgreSQL; by marks written 1.24 and
0.82. 0 errors, 0 lost or doubled. The signed-in upsert, a write of one row with none
of a mark's reads and checks, reaches only 0.63 (SQLite) and 0.62 (PostgreSQL) of the
bare upsert: the session, the CSRF token and the user alone add about 60% to the cost
of the floor's request, and 0.5 leaves 100%. So a marking request (the day, the person, the stored
mark, on PostgreSQL the lock that holds the person, the write with its audit, the
counts) stays well under 0.5 by requests on this stack.
"""

import http.client
import json
import os
import random
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.common import fresh_database, pg_url

CLIENTS = 16
SITES = 4
STAFF_PER_SITE = 3  # 12 staff clients and 4 drivers
LUNCH_PER_SITE = 120
DELIVERY_PER_SITE = 30
SHEET_SIZE = 10
PASSWORD = "bench-load-password-long"
TARGET_RATIO = 0.5
SECONDS = float(os.environ.get("BENCH_LOAD_SECONDS", "60"))
WORKERS = int(os.environ.get("BENCH_LOAD_WORKERS", "4"))
THREADS = int(os.environ.get("BENCH_LOAD_THREADS", "1"))
PG_URL = pg_url("cantina_bench")
BIN = Path(sys.executable).parent


# --- seeding (runs in a child process with the server's environment) -------------


def seed(plan_path: str) -> None:
    from sqlalchemy import text

    from app import create_app
    from app.attendance import services as attendance_services
    from app.auth import services as auth_services
    from app.auth.models import Role
    from app.beneficiaries.models import Beneficiary, Enrolment, EnrolmentStatus
    from app.core import calendar
    from app.core.clock import today
    from app.core.db import writing
    from app.core.text import fold, person_key
    from app.delivery import services as delivery_services
    from app.extensions import db
    from app.places import services as places_services
    from app.places.models import Service, SiteKind

    app = create_app()
    with app.app_context(), writing():
        day = today()
        district = places_services.create_district("Hîncești")
        plan = {"day": day.isoformat(), "clients": []}
        for s in range(SITES):
            locality = places_services.create_locality(f"Satul {s}", district.id)
            site = places_services.create_site(
                {
                    "name": f"Cantina {s}",
                    "kind": SiteKind.CANTEEN,
                    "locality_id": locality.id,
                    "services": [
                        {"service": Service.LUNCH, "capacity": LUNCH_PER_SITE},
                        {"service": Service.DELIVERY, "capacity": DELIVERY_PER_SITE},
                    ],
                }
            )
            if not calendar.serves_on(site.id, day):  # a weekend or holiday: open it
                attendance_services.set_day_override(
                    site.id, day, is_open=True, reason=None, note="bench"
                )
            people = {Service.LUNCH: [], Service.DELIVERY: []}
            for i in range(LUNCH_PER_SITE + DELIVERY_PER_SITE):
                service = Service.LUNCH if i < LUNCH_PER_SITE else Service.DELIVERY
                first, last = f"Ion{i}", f"Site{s}Nume{i:03d}"
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
                        service=service,
                        status=EnrolmentStatus.ACTIVE,
                        start_date=day.replace(day=1),
                    )
                )
                people[service].append(person.id)
            db.session.flush()
            for k in range(STAFF_PER_SITE):
                username = f"staff{s}_{k}"
                auth_services.create_user(
                    username=username,
                    full_name=f"Staff {s} {k}",
                    role=Role.STAFF,
                    password=PASSWORD,
                    site_ids=[site.id],
                )
                own = people[Service.LUNCH][k::STAFF_PER_SITE]
                plan["clients"].append(
                    {"role": "staff", "username": username, "site_id": site.id, "people": own}
                )
            driver = auth_services.create_user(
                username=f"driver{s}",
                full_name=f"Driver {s}",
                role=Role.DRIVER,
                password=PASSWORD,
                site_ids=[site.id],
            )
            route = delivery_services.create_route(
                site.id, f"Traseul {s}", driver_id=driver.id, weekdays="1234567"
            )
            for person_id in people[Service.DELIVERY]:
                delivery_services.add_stop(route.id, person_id)
            plan["clients"].append({"role": "driver", "username": f"driver{s}", "site_id": site.id})
        db.session.execute(text("CREATE TABLE bench_counter (k INTEGER PRIMARY KEY, v INTEGER)"))
        db.session.commit()
    Path(plan_path).write_text(json.dumps(plan))


# --- the clients (run in a child process: `python -m bench.bench_load client ...`) --


class Client:
    """One browser-like client: its cookies, its CSRF token, one request at a time."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.csrf = ""

    def request(self, method: str, path: str, body=None, form=False):
        headers = {"User-Agent": "cantina-bench"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            if form:
                data = "&".join(f"{k}={v}" for k, v in body.items())
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            else:
                data = json.dumps(body)
                headers["Content-Type"] = "application/json"
        if self.csrf:
            headers["X-CSRFToken"] = self.csrf
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, path, body=data, headers=headers)
            response = conn.getresponse()
            payload = response.read()
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    self.cookies[key] = rest.split(";", 1)[0]
            return response.status, payload
        finally:
            conn.close()

    def login(self, username: str) -> None:
        status, page = self.request("GET", "/login")
        token = re.search(rb'name="csrf_token" value="([^"]+)"', page).group(1).decode()
        form = {"username": username, "password": PASSWORD, "csrf_token": token}
        status, _ = self.request("POST", "/login", form, form=True)
        if status != 302:
            raise RuntimeError(f"login of {username}: {status}")
        status, page = self.request("GET", "/")
        self.csrf = re.search(rb'name="csrf-token" content="([^"]+)"', page).group(1).decode()


def _staff_step(client, spec, day, rnd, acks):
    marks = ("present", "absent", "excused")
    base = f"/api/v1/sites/{spec['site_id']}/attendance/{day}/lunch"
    if rnd.random() < 0.5:
        chosen = rnd.sample(spec["people"], SHEET_SIZE)
        items = [{"beneficiary_id": b, "mark": rnd.choice(marks)} for b in chosen]
        status, _ = client.request("PUT", base, {"marks": items})
        sent = [(b["beneficiary_id"], b["mark"]) for b in items]
    else:
        person, mark = rnd.choice(spec["people"]), rnd.choice(marks)
        status, _ = client.request("PUT", f"{base}/{person}", {"mark": mark})
        sent = [(person, mark)]
    return status, sent


def _driver_step(client, spec, day, rnd, acks):
    stop = rnd.choice(spec["stops"])
    if rnd.random() < 0.8:
        body, mark = {"outcome": "delivered"}, "delivered"
    else:
        body = {"outcome": "not_delivered", "failure_reason": "not_home"}
        mark = "not_delivered"
    path = f"/api/v1/delivery-lists/{stop['list_id']}/stops/{stop['id']}"
    status, _ = client.request("PUT", path, body)
    return status, [(stop["beneficiary_id"], mark)]


def _driver_stops(client: Client) -> list[dict]:
    status, payload = client.request("GET", "/api/v1/delivery-lists")
    stops = []
    for item in json.loads(payload)["items"]:
        status, detail = client.request("GET", f"/api/v1/delivery-lists/{item['id']}")
        for stop in json.loads(detail)["stops"]:
            stops.append({"list_id": item["id"], **stop})
    return stops


def run_clients(port: int, plan: dict, phase: str, seconds: float) -> dict:
    """CLIENTS threads for `seconds`; latencies, errors and the marks' history."""
    specs = plan["clients"][:CLIENTS]
    day = plan["day"]
    clients = [Client(port) for _ in specs]
    if phase in ("signed", "signed_upsert", "marks"):
        for client, spec in zip(clients, specs, strict=True):
            client.login(spec["username"])
            if phase == "marks" and spec["role"] == "driver":
                spec["stops"] = _driver_stops(client)
    latencies: list[float] = []
    errors: dict[str, int] = {}
    # per person: [(mark, "ack" | "refused" | "unknown")] in the order sent
    history: dict[int, list[tuple[str, str]]] = {}
    marks_acked = 0
    lock = threading.Lock()
    start = threading.Barrier(len(specs) + 1)
    stop_at = [0.0]

    def work(index: int) -> None:
        nonlocal marks_acked
        client, spec = clients[index], specs[index]
        rnd = random.Random(index)
        mine_lat, mine_err, mine_hist, mine_marks = [], {}, {}, 0
        start.wait()
        while time.perf_counter() < stop_at[0]:
            began = time.perf_counter()
            sent = []
            try:
                if phase == "healthz":
                    status, _ = client.request("GET", "/healthz")
                elif phase == "upsert":
                    key = index * 100 + rnd.randrange(100)
                    status, _ = client.request("GET", f"/bench/upsert?k={key}&v={rnd.randrange(9)}")
                elif phase == "signed":
                    status, _ = client.request("PUT", "/bench/signed", {})
                elif phase == "signed_upsert":
                    row = {"k": index * 100 + rnd.randrange(100), "v": rnd.randrange(9)}
                    status, _ = client.request("PUT", "/bench/signed", row)
                elif spec["role"] == "staff":
                    status, sent = _staff_step(client, spec, day, rnd, mine_hist)
                else:
                    status, sent = _driver_step(client, spec, day, rnd, mine_hist)
                outcome = "ack" if status == 200 else "refused"
            except (OSError, http.client.HTTPException) as exc:
                status, outcome = type(exc).__name__, "unknown"
            mine_lat.append(time.perf_counter() - began)
            if status != 200:
                mine_err[str(status)] = mine_err.get(str(status), 0) + 1
            for person, mark in sent:
                mine_hist.setdefault(person, []).append((mark, outcome))
            if outcome == "ack":
                mine_marks += len(sent)
        with lock:
            latencies.extend(mine_lat)
            for key, count in mine_err.items():
                errors[key] = errors.get(key, 0) + count
            history.update(mine_hist)
            marks_acked += mine_marks

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(specs))]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    stop_at[0] = began + seconds
    start.wait()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    latencies.sort()
    return {
        "requests": len(latencies),
        "rate": len(latencies) / elapsed,
        "median_ms": statistics.median(latencies) * 1000 if latencies else 0.0,
        "p95_ms": latencies[int(len(latencies) * 0.95)] * 1000 if latencies else 0.0,
        "errors": errors,
        "marks_rate": marks_acked / elapsed,
        "history": {str(k): v for k, v in history.items()},
    }


# --- the run ------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_ready(port: int, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("the server stopped while starting")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not answer /healthz")


def _phase(env: dict, port: int, plan_path: Path, phase: str, out: Path) -> dict:
    command = [sys.executable, "-m", "bench.bench_load", "client", str(port), str(plan_path)]
    command += [phase, str(SECONDS), str(out)]
    subprocess.run(command, env=env, check=True)
    return json.loads(out.read_text())


def check_marks(url: str, day: str, history: dict) -> tuple[int, int, int]:
    """(lost, doubled, checked): the stored mark of each person against what was acked."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT beneficiary_id, mark FROM attendance_mark "
                "WHERE day = :day AND meal IN ('lunch', 'LUNCH')"
            ),
            {"day": day},
        ).all()
    engine.dispose()
    stored: dict[int, list[str]] = {}
    for person, mark in rows:
        stored.setdefault(person, []).append(str(mark).lower())
    lost = doubled = checked = 0
    for key, sends in history.items():
        acked = [i for i, (_, outcome) in enumerate(sends) if outcome == "ack"]
        if not acked:
            continue
        checked += 1
        last = acked[-1]
        # a request unanswered after the last acknowledgement may have been written too
        allowed = {sends[last][0]} | {m for m, o in sends[last + 1 :] if o == "unknown"}
        values = stored.pop(int(key), [])
        if len(values) > 1:
            doubled += 1
        if not values or values[-1] not in allowed:
            lost += 1
    # marks nobody acknowledged nor sent are extra rows
    sent_unacked = {int(k) for k, s in history.items() if all(o != "ack" for _, o in s)}
    doubled += len(set(stored) - sent_unacked)
    return lost, doubled, checked


def run_engine(name: str, url: str) -> dict | None:
    if not fresh_database(url):
        print(f"{name}: PostgreSQL not reachable, skipped", flush=True)
        return None
    with tempfile.TemporaryDirectory(prefix="cantina-load-") as tmp:
        tmp_path = Path(tmp)
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "CANTINA_INSTANCE": str(tmp_path),
            "CANTINA_ENV": "production",
            "SECRET_KEY": secrets.token_hex(32),
            "SESSION_COOKIE_SECURE": "false",
            "CANTINA_BENCH_ROUTES": "1",
            "PYTHONPATH": str(Path(__file__).resolve().parent.parent),
        }
        cantina = str(BIN / "cantina")
        subprocess.run([cantina, "db", "upgrade"], env=env, check=True, capture_output=True)
        plan_path = tmp_path / "plan.json"
        subprocess.run(
            [sys.executable, "-m", "bench.bench_load", "seed", str(plan_path)],
            env=env,
            check=True,
        )
        subprocess.run([cantina, "delivery", "generate"], env=env, check=True, capture_output=True)
        port = _free_port()
        log = (tmp_path / "server.log").open("wb")
        server = subprocess.Popen(
            [cantina, "serve", "--port", str(port), "--workers", str(WORKERS)]
            + ["--threads", str(THREADS)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_ready(port, server)
            results = {
                phase: _phase(env, port, plan_path, phase, tmp_path / f"{phase}.json")
                for phase in ("healthz", "upsert", "signed", "signed_upsert", "marks")
            }
        finally:
            server.terminate()
            server.wait(timeout=30)
            log.close()
        plan = json.loads(plan_path.read_text())
        lost, doubled, checked = check_marks(url, plan["day"], results["marks"]["history"])
        results["check"] = {"lost": lost, "doubled": doubled, "checked": checked}
        server_errors = (tmp_path / "server.log").read_text(errors="replace").count('" 500 ')
        results["server_500"] = server_errors
    if url.startswith("postgresql"):
        _drop(url)
    return results


def _drop(url: str) -> None:
    import psycopg
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    admin = parsed.set(database="postgres").render_as_string(hide_password=False)
    admin = admin.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True, connect_timeout=3) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)')


def _line(label: str, figures: dict) -> str:
    errors = sum(figures["errors"].values())
    detail = f" {figures['errors']}" if errors else ""
    return (
        f"  {label:<22} {figures['rate']:7.1f} req/s  median {figures['median_ms']:6.1f} ms  "
        f"p95 {figures['p95_ms']:6.1f} ms  errors {errors}{detail}"
    )


def report(name: str, results: dict) -> bool:
    marks, upsert = results["marks"], results["upsert"]
    check = results["check"]
    phases = ("upsert", "signed", "signed_upsert", "marks")
    errors = sum(sum(results[p]["errors"].values()) for p in phases)
    ratio = marks["rate"] / upsert["rate"] if upsert["rate"] else 0.0
    setup = f"{WORKERS} workers x {THREADS} threads, {CLIENTS} clients, {SECONDS:.0f} s a phase"
    print(f"{name} ({setup}):")
    print(_line("/healthz (floor)", results["healthz"]))
    print(_line("bare upsert (floor)", upsert))
    print(_line("signed-in no-op", results["signed"]))
    print(_line("signed-in upsert", results["signed_upsert"]))
    print(_line("marks", marks))
    signed = results["signed"]["rate"]
    print(
        f"  marks acknowledged: {marks['marks_rate']:.1f}/s; people checked {check['checked']}; "
        f"marks requests / signed-in no-op {marks['rate'] / signed if signed else 0.0:.2f}, "
        f"marks written / bare upsert {marks['marks_rate'] / upsert['rate']:.2f}"
    )
    least = results["signed_upsert"]["rate"] / upsert["rate"] if upsert["rate"] else 0.0
    print(f"  the least a mark can cost, a signed-in upsert: {least:.2f} of the bare upsert")
    ok = errors == 0 and check["lost"] == 0 and check["doubled"] == 0 and ratio >= TARGET_RATIO
    print(
        f"  errors {errors} (target 0), lost {check['lost']} / doubled {check['doubled']} "
        f"(target 0 / 0), marks rate / bare upsert rate {ratio:.2f} (target >= {TARGET_RATIO})"
        f"  -> {'OK' if ok else 'MISSED'}",
        flush=True,
    )
    return ok


def main() -> None:
    engines = [("SQLite", None), ("PostgreSQL", PG_URL)]
    only = os.environ.get("BENCH_LOAD_ENGINES", "")
    for name, url in engines:
        if only and name.lower() not in only.lower():
            continue
        if url is None:
            workdir = Path(tempfile.mkdtemp(prefix="cantina-load-db-"))
            url = f"sqlite:///{workdir / 'cantina.db'}"
        results = run_engine(name, url)
        if results is not None:
            report(name, results)


if __name__ == "__main__":
    if sys.argv[1] == "seed":
        seed(sys.argv[2])
    elif sys.argv[1] == "client":
        port, plan_file, phase, seconds, out = sys.argv[2:7]
        figures = run_clients(
            int(port), json.loads(Path(plan_file).read_text()), phase, float(seconds)
        )
        Path(out).write_text(json.dumps(figures))
