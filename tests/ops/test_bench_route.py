"""The load benchmark's floor route exists only when CANTINA_BENCH_ROUTES turns it on."""

from tests.conftest import make_test_app


def _rules(app) -> set[str]:
    return {rule.rule for rule in app.url_map.iter_rules()}


def test_the_bench_route_is_not_served_by_default(database_url):
    app = make_test_app(database_url)
    assert not app.config["BENCH_ROUTES"]
    assert not any(rule.startswith("/bench") for rule in _rules(app))
    assert app.test_client().get("/bench/upsert?k=1&v=1").status_code == 404


def test_the_setting_adds_only_the_upsert_route(database_url):
    app = make_test_app(database_url, BENCH_ROUTES=True)
    assert {rule for rule in _rules(app) if rule.startswith("/bench")} == {"/bench/upsert"}
