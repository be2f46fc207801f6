"""Every route × every kind of user × own site / another site / no session.

The routes come from the application's own route list: a route missing from
tests/access/table.py fails the suite, so new routes join by themselves. Each request is
undone after its answer (a SAVEPOINT rolled back), so every user meets the same world.
No answer given to a user of one site, or to no one, holds anything of another site: its
people's names, IDNP, phone or address, its name, its pause reasons or its route names.
"""

import io
import zipfile
from contextlib import contextmanager

import pytest

from app.extensions import db
from tests.access.table import DENY, FILTERED, TABLE, cross_ids, fill
from tests.conftest import login

IGNORED_METHODS = {"HEAD", "OPTIONS"}
# who tries, and the role letter of the table
PRINCIPALS = {
    "anonymous": None,
    "admin": "A",
    "manager": "M",
    "staff": "S",
    "driver": "D",
    "other_driver": "O",
}
# whoever is tied to site A must never read anything of site B
SITE_BOUND = {"anonymous", "staff", "driver", "other_driver"}


def _routes(app) -> set[tuple[str, str]]:
    return {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        for method in rule.methods - IGNORED_METHODS
    }


def test_every_route_is_in_the_table(app):
    routes = _routes(app)
    assert sorted(routes - TABLE.keys()) == [], "add these routes to tests/access/table.py"
    assert sorted(TABLE.keys() - routes) == [], "these routes are gone: remove them"


@contextmanager
def _undone(app):
    """Whatever the request writes is rolled back once its answer is read."""
    with app.app_context():
        connection = db.session.get_bind()
    savepoint = connection.begin_nested()
    try:
        yield
    finally:
        with app.app_context():
            db.session.remove()
        savepoint.rollback()


def _user(world, principal):
    return {
        "admin": world.admin,
        "manager": world.manager,
        "staff": world.own.staff,
        "driver": world.own.driver,
        "other_driver": world.other_driver,
    }[principal]


def _verdict(case, principal: str, scope: str) -> str:
    letter = PRINCIPALS[principal]
    if letter is None:
        return "ok" if case.public else "login"
    if letter not in case.roles:
        return DENY
    if scope == "cross":
        return "cross"
    if scope == "other" and letter not in "AM":
        return case.other
    return "ok"


def _check(case, principal, scope, url, response, client) -> str | None:
    """What is wrong with the answer, or None."""
    status = response.status_code
    verdict = _verdict(case, principal, scope)
    location = response.headers.get("Location", "")
    if status >= 500 and status not in case.expected_ok(PRINCIPALS[principal]):
        return f"{status}"  # a 503 only where declared (not ready)
    if verdict == "login":
        if url.startswith("/api/"):
            good = status == 401 and response.is_json and response.json.get("message")
        else:
            good = status in (302, 303) and "/login" in location
        return None if good else f"{status} for no session"
    if verdict == DENY:
        if status in (302, 303) and response.request.method == "GET" and location:
            # a page sending on to the current month or day: that page refuses
            with _undone(client.application):
                followed = client.get(location)
                status = followed.status_code
                followed.close()
        return None if status in (403, 404) else f"{status}, should be refused"
    if status in (302, 303) and "/login" in location and not case.public:
        return f"{status} to the login"
    if verdict == "cross":
        allowed = case.cross[2]
        if isinstance(allowed, dict):
            allowed = allowed[PRINCIPALS[principal]]
        return None if status in allowed else f"{status}, expected one of {sorted(allowed)}"
    allowed = case.expected_ok(PRINCIPALS[principal])
    if verdict == FILTERED:
        allowed = allowed | {403, 404}
    return None if status in allowed else f"{status}, expected one of {sorted(allowed)}"


def _text(response) -> str:
    """The answer as text; a workbook (a zip) is read inside."""
    data = response.get_data()
    if data.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            data = b"".join(book.read(name) for name in book.namelist())
    return data.decode("utf-8", errors="replace")


def _leaks(response, secrets: list[str]) -> list[str]:
    body = _text(response)
    return [secret for secret in secrets if secret in body]


@pytest.mark.parametrize(
    ("endpoint", "method"), [pytest.param(e, m, id=f"{e}-{m}") for e, m in sorted(TABLE)]
)
def test_route(app, world, endpoint, method):
    case = TABLE[(endpoint, method)]
    sides = {"own": world.own, "other": world.other}
    scopes = ("own", "other") if case.sited else ("own",)
    if case.cross:
        scopes += ("cross",)
    problems = []
    for principal in PRINCIPALS:
        client = app.test_client()
        if principal != "anonymous":
            login(client, _user(world, principal))
        for scope in scopes:
            if scope == "cross":
                ids = cross_ids(world.own.ids(world.day), world.other.ids(world.day))
                url, body = fill(case.cross[0], ids), fill(case.cross[1], ids)
            else:
                ids = sides[scope].ids(world.day)
                url, body = fill(case.url, ids), fill(case.body, ids)
            kwargs = {}
            if body is not None:
                kwargs = {"data": body} if case.form else {"json": body}
            with _undone(app):
                response = client.open(url, method=method, **kwargs)
            wrong = _check(case, principal, scope, url, response, client)
            if wrong:
                problems.append(f"{principal} {scope} {method} {url}: {wrong}")
            if principal in SITE_BOUND and (leaked := _leaks(response, world.other.secrets)):
                problems.append(f"{principal} {scope} {method} {url}: shows {leaked}")
            response.close()
    assert problems == []
