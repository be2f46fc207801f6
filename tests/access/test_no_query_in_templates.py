"""Pages read their data before rendering: no SQL statement runs while a template (or a
context processor feeding it) renders.

Every GET page of tests/access/table.py is asked by every kind of user (and no one), on
their own site and on the other one, refusals and error pages included; any statement the
database receives between the start of the template's context and the end of its
rendering is named with its template. A lazy load in a Jinja loop (`person.enrolments`,
`stop.enrolment.beneficiary`) shows up here.
"""

from contextlib import contextmanager

from flask import before_render_template, template_rendered
from sqlalchemy import event

from app.beneficiaries.models import EnrolmentStatus
from app.core.clock import utcnow
from app.delivery.models import DeliveryStop
from app.extensions import db
from app.places.models import Service
from tests.access.table import ALL, TABLE, Case, fill
from tests.access.test_routes import PRINCIPALS, _undone, _user
from tests.conftest import PASSWORD, login

CONTEXT = "(context processors)"


class RenderWatch:
    """The statements run while a template renders, with that template's name."""

    def __init__(self):
        self.rendering: str | None = None
        self.seen: list[tuple[str, str]] = []

    def context_starts(self):
        self.rendering = CONTEXT

    def template_starts(self, sender, template, context, **extra):
        self.rendering = template.name

    def template_ends(self, sender, template, context, **extra):
        self.rendering = None

    def statement(self, conn, cursor, statement, parameters, context, executemany):
        if self.rendering is not None:
            self.seen.append((self.rendering, " ".join(statement.split())[:300]))

    def take(self) -> list[tuple[str, str]]:
        seen, self.seen, self.rendering = self.seen, [], None
        return seen


@contextmanager
def _watching(app, monkeypatch):
    watch = RenderWatch()
    # Flask fills a template's context (the context processors) just before it signals
    # the rendering: the window opens there, so a context processor's query counts too
    update = app.update_template_context

    def update_template_context(context):
        watch.context_starts()
        update(context)

    monkeypatch.setattr(app, "update_template_context", update_template_context)
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", watch.statement)
    before_render_template.connect(watch.template_starts, app)
    template_rendered.connect(watch.template_ends, app)
    try:
        yield watch
    finally:
        template_rendered.disconnect(watch.template_ends, app)
        before_render_template.disconnect(watch.template_starts, app)
        event.remove(engine, "before_cursor_execute", watch.statement)


# a page no route answers: its 404 page shows who is logged in all the same
MISSING = Case("/no-such-page", ALL, sited=False)


def _pages():
    pages = [
        (endpoint, case)
        for (endpoint, method), case in TABLE.items()
        if method == "GET" and not case.url.startswith(("/api/", "/static/"))
    ]
    return sorted(pages) + [("(none)", MISSING)]


def _more_to_show(app, world, make_enrolment):
    """What the world lacks for some parts of pages: a person waiting for a free place
    (the site page offers it), a concern the site followed up (the concerns page names
    who did)."""
    for side in (world.own, world.other):
        make_enrolment(side.site, service=Service.DELIVERY, status=EnrolmentStatus.WAITING)
        with app.app_context():
            stop = db.session.get(DeliveryStop, side.list_stop)
            stop.concern_handled_by_id = side.staff.id
            stop.concern_handled_at = utcnow()
            stop.concern_action = "called"
            db.session.commit()


def test_no_template_runs_a_query(app, world, monkeypatch, make_enrolment):
    _more_to_show(app, world, make_enrolment)
    sides = {"own": world.own, "other": world.other}
    problems = []
    asked = 0
    with _watching(app, monkeypatch) as watch:
        for principal in PRINCIPALS:
            client = app.test_client()
            if principal != "anonymous":
                login(client, _user(world, principal))
            for endpoint, case in _pages():
                for scope in ("own", "other") if case.sited else ("own",):
                    url = fill(case.url, sides[scope].ids(world.day))
                    watch.take()
                    with _undone(app):
                        response = client.get(url)
                        response.close()
                    asked += 1
                    problems += [
                        f"{principal} {endpoint} {url} [{template}]: {statement}"
                        for template, statement in watch.take()
                    ]
    assert asked > 100
    assert problems == [], "\n".join(problems)


def test_no_form_shown_again_runs_a_query(app, world, monkeypatch):
    """A page form refused (422, 409) is shown again: after the rollback its template
    reads nothing from the database either, the header naming who is signed in included."""
    forms = sorted(
        (endpoint, case)
        for (endpoint, method), case in TABLE.items()
        if method == "POST" and case.form and case.body is not None
    )
    problems = []
    with _watching(app, monkeypatch) as watch:
        for principal in ("admin", "staff", "driver"):
            client = app.test_client()
            login(client, _user(world, principal))
            ids = world.own.ids(world.day)
            for endpoint, case in forms:
                url = fill(case.url, ids)
                watch.take()
                with _undone(app):
                    client.post(url, data=fill(case.body, ids)).close()
                problems += [
                    f"{principal} {endpoint} {url} [{template}]: {statement}"
                    for template, statement in watch.take()
                ]
    assert problems == [], "\n".join(problems)


def test_no_refusal_of_a_signed_in_user_runs_a_query(app, world, monkeypatch, make_district):
    """Every way the login and password forms refuse a signed-in user (a wrong password
    counted on the throttle, a throttled try, a new password equal to the old one), and a
    name already taken on the places and user pages: the refused try expired the user
    (rolled back, or its failure committed as in production), and the page header reads
    them again before the template renders, not while it does."""
    district = make_district()
    with app.app_context():
        db.session.configure(expire_on_commit=True)  # as in production: a commit expires
    staff, admin = app.test_client(), app.test_client()
    login(staff, world.own.staff)
    login(admin, world.admin)
    wrong_login = {"username": world.own.staff.username, "password": "nu-este-parola"}
    wrong_current = {"current_password": "nu-este-parola", "password": "o-parola-noua-lunga"}
    same = {"current_password": PASSWORD, "password": PASSWORD}
    taken_site = {"name": world.own.site_name, "kind": "canteen", "locality_id": "{locality}"}
    tries = [
        (staff, "/login", {"username": ""}, 422),
        *[(staff, "/login", wrong_login, 401)] * 4,  # the free failures, then a wait
        (staff, "/login", wrong_login, 429),
        (admin, "/account/password", same, 409),
        *[(admin, "/account/password", wrong_current, 409)] * 4,
        (admin, "/account/password", wrong_current, 429),
        (admin, "/places", {"what": "district", "name": district.name}, 409),
        (admin, "/sites/new", taken_site, 409),
        (admin, "/sites/{site}/edit", {**taken_site, "name": world.other.site_name}, 409),
        (admin, "/users/new", {"username": world.manager.username, "full_name": "Ana",
                               "role": "manager", "password": "o-parola-lunga"}, 409),
    ]  # fmt: skip
    problems = []
    ids = world.own.ids(world.day)
    with _watching(app, monkeypatch) as watch:
        for client, url, body, status in tries:
            watch.take()
            answer = client.post(fill(url, ids), data=fill(body, ids))
            assert answer.status_code == status, (url, body, answer.status_code)
            problems += [f"{url} {status} [{t}]: {statement}" for t, statement in watch.take()]
    assert problems == [], "\n".join(problems)
