"""Every page form posted with the inputs known to break services: the answer is never a
500, and a refused form comes back as the page with its form (not a JSON body).

The field names are read from the forms the pages render, and the routes from the
application's URL map, so new pages and fields join by themselves.
"""

import re

import pytest

from tests.conftest import login

HOSTILE = ["a\x00b", "   ", str(2**31), str(2**63), "-1", "٣", "²", "0001-01-01", "9999-12-31"]
# /readyz answers 503 by design here: the test database is built from the models, not by
# the migrations, and no scheduler beats (tests/ops/test_health.py checks both answers)
SKIPPED = {"/login", "/logout", "/lang/<code>", "/readyz"}
FIELD = re.compile(r'name="([a-z_]+)"')
PLAIN = {"day": "2026-11-16", "meal": "lunch", "year": 2026, "month": 11, "action": "pause"}


def fill(rule, ids, action="pause"):
    path = rule.rule
    for arg in rule.arguments:
        value = (ids.get(arg) or [1])[0] if arg.endswith("_id") else PLAIN.get(arg, "x")
        if arg == "action":
            value = action
        path = re.sub(rf"<(?:[^:>]+:)?{arg}>", str(value), path)
    return path


@pytest.mark.parametrize("role", ["manager", "staff"])
def test_page_forms_refuse_hostile_input_without_500(app, client, make_user, world, role):
    state, site = world
    ids = dict(state.ids, substitute_id=[1])
    user = make_user(role, [site] if role == "staff" else [])
    login(client, user)
    rules = [r for r in app.url_map.iter_rules() if not r.rule.startswith(("/api", "/static"))]
    names = set()
    for rule in rules:
        if "GET" in rule.methods and rule.rule not in SKIPPED:
            # closed as a WSGI server closes it: a file sent (sw.js, downloads) is released
            with client.get(fill(rule, ids)) as page:
                assert page.status_code < 500, rule.rule
                if page.mimetype == "text/html":
                    names.update(FIELD.findall(page.get_data(as_text=True)))
    names.discard("csrf_token")
    assert {"first_name", "site_id", "tap"} <= names
    posted = 0
    for rule in rules:
        if "POST" not in rule.methods or rule.rule in SKIPPED:
            continue
        actions = ("pause", "resume", "exit", "switch", "activate")
        for action in actions if "action" in rule.arguments else ("",):
            for value in HOSTILE:
                path = fill(rule, ids, action)
                response = client.post(path, data=dict.fromkeys(names, value))
                label = f"POST {path} {value!r}"
                assert response.status_code < 500, label
                if response.status_code == 422:
                    assert response.mimetype == "text/html", label
                    assert "<form" in response.get_data(as_text=True), label
                posted += 1
    assert posted > 100
