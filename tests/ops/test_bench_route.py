"""The load benchmark's floor routes exist only when CANTINA_BENCH_ROUTES turns them on."""

import threading

from sqlalchemy import text

from app.extensions import db
from tests.conftest import PASSWORD, make_test_app


def _rules(app) -> set[str]:
    return {rule.rule for rule in app.url_map.iter_rules()}


def test_the_bench_route_is_not_served_by_default(database_url):
    app = make_test_app(database_url)
    assert not app.config["BENCH_ROUTES"]
    assert not any(rule.startswith("/bench") for rule in _rules(app))
    assert app.test_client().get("/bench/upsert?k=1&v=1").status_code == 404


def test_the_setting_adds_only_the_floor_routes(database_url):
    app = make_test_app(database_url, BENCH_ROUTES=True)
    assert {rule for rule in _rules(app) if rule.startswith("/bench")} == {
        "/bench/upsert",
        "/bench/signed",
    }


def test_the_signed_in_floor_asks_what_a_mark_asks(database_url):
    """Nobody signed in, or no CSRF token: refused, as a mark would be."""
    guarded = make_test_app(database_url, BENCH_ROUTES=True, WTF_CSRF_ENABLED=True)
    assert guarded.test_client().put("/bench/signed", json={}).status_code == 400  # no token
    app = make_test_app(database_url, BENCH_ROUTES=True)
    answer = app.test_client().put("/bench/signed", json={})
    assert answer.status_code == 302 and "/login" in answer.headers["Location"]


def test_the_upsert_floor_refuses_what_the_column_cannot_hold(database_url):
    app = make_test_app(database_url, BENCH_ROUTES=True)
    client = app.test_client()
    for query in ("k=1", "k=x&v=1", f"k={2**63}&v=1", "k=-1&v=1"):
        answer = client.get(f"/bench/upsert?{query}")
        assert answer.status_code == 422 and "integers" in answer.json["error"]


def test_the_signed_in_floor_writes_the_row_it_is_given(database_url, make_user):
    """The least a mark can cost: signed in, one row written, committed at the end."""
    app = make_test_app(database_url, BENCH_ROUTES=True)
    user = make_user("manager")
    with app.app_context():
        db.session.execute(text("CREATE TABLE bench_counter (k INTEGER PRIMARY KEY, v INTEGER)"))
        db.session.commit()  # into the test's transaction, rolled back at its end
    client = app.test_client()
    login = client.post("/login", data={"username": user.username, "password": PASSWORD})
    assert login.status_code == 302
    assert client.put("/bench/signed", json={"k": 3, "v": 7}).json == {"k": 3, "v": 7}
    assert client.put("/bench/signed", json={"k": 3, "v": 8}).status_code == 200
    for body in ({"k": 3}, {"k": "3", "v": 1}, {"k": -1, "v": 1}, {"k": True, "v": 1}, [3, 1]):
        answer = client.put("/bench/signed", json=body)
        assert answer.status_code == 422 and "integers" in answer.json["error"]
    with app.app_context():
        assert [tuple(r) for r in db.session.execute(text("SELECT k, v FROM bench_counter"))] == [
            (3, 8)
        ]


def test_signed_in_upserts_of_many_clients_at_once_all_succeed(committed, database_url, make_user):
    """Each takes the write lock for its write (SQLite: not a reader's late upgrade)."""
    bench = make_test_app(database_url, BENCH_ROUTES=True)
    user = make_user("manager")
    with bench.app_context():
        db.session.execute(text("CREATE TABLE bench_counter (k INTEGER PRIMARY KEY, v INTEGER)"))
        db.session.commit()
    try:
        clients = [bench.test_client() for _ in range(4)]
        for client in clients:
            login = client.post("/login", data={"username": user.username, "password": PASSWORD})
            assert login.status_code == 302
        answers: list[int] = []

        def work(key: int) -> None:
            for value in range(20):
                answer = clients[key].put("/bench/signed", json={"k": key, "v": value})
                answers.append(answer.status_code)

        threads = [threading.Thread(target=work, args=(key,)) for key in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert answers == [200] * 80
        with bench.app_context():
            rows = db.session.execute(text("SELECT k, v FROM bench_counter ORDER BY k")).all()
        assert [tuple(row) for row in rows] == [(key, 19) for key in range(4)]
    finally:
        with bench.app_context():
            db.session.execute(text("DROP TABLE bench_counter"))
            db.session.commit()
            db.engine.dispose()
