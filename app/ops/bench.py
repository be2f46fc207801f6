"""The load benchmark's floor: what the server answers with almost no work of its own.

Registered only when CANTINA_BENCH_ROUTES is on (bench/bench_load.py starts the server
so); never in a real installation. `/bench/upsert?k=K&v=V` writes one row of
`bench_counter` (a table the benchmark creates; no personal data) with one
INSERT ... ON CONFLICT DO UPDATE and commits: the cost of one write request through the
same stack, to set beside the cost of a mark. `PUT /bench/signed` answers a signed-in
user's request with the CSRF token and nothing else: what every mark pays before
marking (the session, the token, the user and their sites, the log line, the commit).
"""

from flask import Blueprint, jsonify, request
from sqlalchemy import text

from app.auth.permissions import ALL_ROLES, roles_required
from app.core.db import locks_late, writing
from app.extensions import db

bp = Blueprint("bench", __name__, url_prefix="/bench")

UPSERT = text(
    "INSERT INTO bench_counter (k, v) VALUES (:k, :v) ON CONFLICT (k) DO UPDATE SET v = excluded.v"
)


@bp.get("/upsert")
def upsert():
    key, value = request.args.get("k", type=int), request.args.get("v", type=int)
    if key is None or value is None or not (0 <= key < 2**31 and 0 <= value < 2**31):
        return jsonify(error="k and v are integers from 0 to 2**31 - 1"), 422
    with writing():  # a GET that writes: take SQLite's write lock at BEGIN
        db.session.execute(UPSERT, {"k": key, "v": value})
        db.session.commit()
    return jsonify(k=key, v=value)


@bp.put("/signed")
@roles_required(*ALL_ROLES)
@locks_late  # it writes nothing: no write lock on SQLite
def signed():
    return jsonify(ok=True)
