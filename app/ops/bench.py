"""The load benchmark's floor: what the server answers with almost no work of its own.

Registered only when CANTINA_BENCH_ROUTES is on (bench/bench_load.py starts the server
so); never in a real installation. `/bench/upsert?k=K&v=V` writes one row of
`bench_counter` (a table the benchmark creates; no personal data) with one
INSERT ... ON CONFLICT DO UPDATE and commits: the cost of one write request through the
same stack, to set beside the cost of a mark. `PUT /bench/signed` answers a signed-in
user's request with the CSRF token and nothing else: what every mark pays before
marking (the session, the token, the user and their sites, the log line, the commit).
With a body `{"k": K, "v": V}` it also writes the row as the upsert does: the least a
mark can cost, a signed-in write of one row with none of a mark's reads or checks.
"""

from flask import Blueprint, jsonify, request
from sqlalchemy import text

from app.auth.permissions import ALL_ROLES, roles_required
from app.core.db import locks_late, take_write_lock, writing
from app.extensions import db

bp = Blueprint("bench", __name__, url_prefix="/bench")

UPSERT = text(
    "INSERT INTO bench_counter (k, v) VALUES (:k, :v) ON CONFLICT (k) DO UPDATE SET v = excluded.v"
)


REFUSED = "k and v are integers from 0 to 2**31 - 1"


def _row(key, value) -> dict | None:
    """The row to write, or None when k or v is not an integer the column holds."""
    valid = all(type(n) is int and 0 <= n < 2**31 for n in (key, value))
    return {"k": key, "v": value} if valid else None


@bp.get("/upsert")
def upsert():
    row = _row(request.args.get("k", type=int), request.args.get("v", type=int))
    if row is None:
        return jsonify(error=REFUSED), 422
    with writing():  # a GET that writes: take SQLite's write lock at BEGIN
        db.session.execute(UPSERT, row)
        db.session.commit()
    return jsonify(row)


@bp.put("/signed")
@roles_required(*ALL_ROLES)
@locks_late  # without a row it writes nothing: no write lock on SQLite
def signed():
    body = request.get_json(silent=True)
    if not body:
        return jsonify(ok=True)
    row = _row(body.get("k"), body.get("v")) if isinstance(body, dict) else None
    if row is None:
        return jsonify(error=REFUSED), 422
    take_write_lock()  # SQLite: the lock for the write alone, as a mark takes it
    db.session.execute(UPSERT, row)
    return jsonify(row)
