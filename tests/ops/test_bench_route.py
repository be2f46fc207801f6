"""The load benchmark's floor routes exist only when CANTINA_BENCH_ROUTES turns them on."""

from tests.conftest import make_test_app


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
