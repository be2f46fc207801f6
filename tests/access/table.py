"""Every route of the application, how to call it and who may.

Each (endpoint, method) of `app.url_map` has one entry. The URL and body are templates
filled with the ids of one site of the test world: `{site}`, `{person}` (lunch at the
canteen), `{enrolment}`, `{pause}`, `{carried}` (on home delivery), `{carried_enrolment}`,
`{route}`, `{route_stop}`, `{substitute}`, `{list}` (today's delivery list of the route),
`{list_stop}`, `{day}` (today), `{year}`, `{month}`, `{staff}`, `{driver}` (of the route),
`{spare}` (a driver of the site on no route), `{district}`, `{locality}`, `{parcel_type}`
(shared by every site), `{distribution}` (a parcel given at the site), `{campaign}`,
`{entry}` (its entry not handed out yet), `{job}` (a background import of the site's
staff), `{close_day}` (a coming working day), `{report_month}` (last month, with its
generated summary and each site's register), `{report_job}` (a report the site's staff
asked on the Reports page, ready).

`cross` is the same route on the user's own site naming records of the other site
(`{other_person}`, `{other_list_stop}` ...): a URL and a body, and the answers every
role let in must get (refusals that tell nothing of those records), or those answers by
role letter where the office may do what staff may not.

`roles` are the users let in on their own site: A admin, M manager, S staff of the site,
D the route's driver, O another driver of the site. Admins and managers see every site;
on another site's records, staff and drivers are refused (403/404), unless `other` is
FILTERED: the answer comes, holding nothing of the other site.

A new route fails the suite until it is added here.
"""

from dataclasses import dataclass, field

ALL = "AMSDO"
SITE = "AMS"
OFFICE = "AM"
ADMIN = "A"
LIST = "AMSD"  # a delivery list: the office, the site's staff, the route's driver

DENY = "deny"
FILTERED = "filtered"

DONE = frozenset({200, 201, 204})
REDIRECT = frozenset({302, 303})
# a form posted to a page: saved and redirected, or shown again with the message
FORM = frozenset({200, 302, 303, 409, 422})

FUTURE_DAY = "2030-03-04"  # a Monday, no holiday, inside every enrolment of the world


@dataclass(frozen=True)
class Case:
    url: str
    roles: str
    body: dict | None = None
    form: bool = False  # body sent as a form (pages) rather than JSON
    ok: frozenset = DONE  # answers of a request let in
    ok_for: dict = field(default_factory=dict)  # role letter -> answers, where they differ
    sited: bool = True  # the URL or body names a site's records (tried on both sites)
    other: str = DENY
    public: bool = False  # open without a session
    cross: tuple | None = None  # (url, body, answers) naming the other site's records

    def expected_ok(self, letter: str) -> frozenset:
        return self.ok_for.get(letter, self.ok)


def cross_ids(own: dict, other: dict) -> dict:
    return {**own, **{f"other_{name}": value for name, value in other.items()}}


def fill(value, ids: dict):
    """The template with the ids of one side of the world."""
    if isinstance(value, str):
        return value.format(**ids)
    if isinstance(value, list):
        return [fill(v, ids) for v in value]
    if isinstance(value, dict):
        return {k: fill(v, ids) for k, v in value.items()}
    return value


PERSON = {
    "first_name": "Nicolae",
    "last_name": "Vasilache",
    "birth_date": "1947-02-03",
    "sex": "M",
    "categories": ["solitary_elderly"],
    "consent_date": "2026-01-10",
    "can_travel": "true",
}
PASSWORD = "Lunca-Prutului-2026-ceai"
PARCEL_TYPE = {"name": "Pachet Nou", "items": [{"name": "Orez", "quantity": "2", "unit": "kg"}]}
PARCEL_TYPE_FORM = {
    "name": "Pachet Nou",
    "active": "true",
    "item_name": "Orez",
    "item_quantity": "2",
    "item_unit": "kg",
}

TABLE: dict[tuple[str, str], Case] = {
    # ------------------------------------------------------------ open to everyone
    ("static", "GET"): Case("/static/app.css", ALL, sited=False, public=True),
    ("api-docs.openapi_json", "GET"): Case("/api/v1/openapi.json", ALL, sited=False, public=True),
    ("auth.login", "GET"): Case("/login", ALL, sited=False, public=True, ok=DONE | REDIRECT),
    # an empty form: refused by the schema, before any password is tried
    ("auth.login", "POST"): Case(
        "/login", ALL, {"username": ""}, form=True, sited=False, public=True, ok=FORM
    ),
    ("auth.logout", "POST"): Case("/logout", ALL, sited=False, public=True, ok=REDIRECT),
    ("auth.set_language", "GET"): Case("/lang/en", ALL, sited=False, public=True, ok=REDIRECT),
    # ------------------------------------------------------------ accounts
    ("auth.home", "GET"): Case("/", ALL, sited=False),
    ("ops.healthz", "GET"): Case("/healthz", ALL, sited=False, public=True),
    # the test database is not stamped and no scheduler runs: ready or not, never a 500
    ("ops.readyz", "GET"): Case("/readyz", ALL, sited=False, public=True, ok=frozenset({200, 503})),
    ("auth.token", "GET"): Case("/account/token", ALL, sited=False),
    ("auth.password", "GET"): Case("/account/password", ALL, sited=False),
    # an empty form: refused by the schema, before the current password is tried
    ("auth.password", "POST"): Case(
        "/account/password", ALL, {}, form=True, sited=False, ok=frozenset({422})
    ),
    ("auth.token", "POST"): Case("/account/token", ALL, sited=False),
    ("users_api.me", "GET"): Case("/api/v1/me", ALL, sited=False),
    ("users_api.list_users", "GET"): Case("/api/v1/users", ADMIN, sited=False),
    ("users_api.create_user", "POST"): Case(
        "/api/v1/users",
        ADMIN,
        {
            "username": "bucatar9",
            "full_name": "Bucătar Nou",
            "role": "staff",
            "password": PASSWORD,
            "site_ids": ["{site}"],
        },
    ),
    ("users_api.update_user", "PATCH"): Case(
        "/api/v1/users/{staff}", ADMIN, {"full_name": "Nume Schimbat"}
    ),
    ("auth.users", "GET"): Case("/users", ADMIN, sited=False),
    ("auth.user_new", "GET"): Case("/users/new", ADMIN, sited=False),
    ("auth.user_new", "POST"): Case(
        "/users/new",
        ADMIN,
        {
            "username": "bucatar8",
            "full_name": "Bucătar Nou",
            "role": "staff",
            "password": PASSWORD,
            "site_ids": "{site}",
        },
        form=True,
        ok=REDIRECT,
    ),
    ("auth.user_edit", "GET"): Case("/users/{staff}", ADMIN),
    ("auth.user_edit", "POST"): Case(
        "/users/{staff}",
        ADMIN,
        {"full_name": "Nume Schimbat", "role": "staff", "site_ids": "{site}", "active": "true"},
        form=True,
        ok=FORM,
    ),
    # ------------------------------------------------------------ places
    ("places_api.list_districts", "GET"): Case("/api/v1/districts", ALL, sited=False),
    ("places_api.create_district", "POST"): Case(
        "/api/v1/districts", ADMIN, {"name": "Raion Nou"}, sited=False, ok=frozenset({201})
    ),
    ("places_api.list_localities", "GET"): Case("/api/v1/localities", ALL, sited=False),
    ("places_api.create_locality", "POST"): Case(
        "/api/v1/localities", ADMIN, {"name": "Sat Nou", "district_id": "{district}"}
    ),
    ("places_api.list_sites", "GET"): Case("/api/v1/sites", SITE, sited=False),
    ("places_api.create_site", "POST"): Case(
        "/api/v1/sites",
        ADMIN,
        {"name": "Cantina Nouă", "kind": "canteen", "locality_id": "{locality}"},
    ),
    ("places_api.get_site", "GET"): Case("/api/v1/sites/{site}", SITE),
    ("places_api.update_site", "PATCH"): Case("/api/v1/sites/{site}", ADMIN, {"name": "Redenumit"}),
    ("places.places", "GET"): Case("/places", OFFICE, sited=False),
    ("places.places", "POST"): Case(
        "/places",
        ADMIN,
        {"what": "locality", "name": "Sat Nou", "district_id": "{district}"},
        form=True,
        ok=REDIRECT,
    ),
    ("places.sites", "GET"): Case("/sites", SITE, sited=False),
    ("places.site", "GET"): Case("/sites/{site}", SITE),
    ("places.site_new", "GET"): Case("/sites/new", ADMIN, sited=False),
    ("places.site_new", "POST"): Case(
        "/sites/new",
        ADMIN,
        {"name": "Cantina Nouă", "kind": "canteen", "locality_id": "{locality}"},
        form=True,
        ok=FORM,
    ),
    ("places.site_edit", "GET"): Case("/sites/{site}/edit", ADMIN),
    ("places.site_edit", "POST"): Case(
        "/sites/{site}/edit",
        ADMIN,
        {"name": "Redenumit", "kind": "canteen", "locality_id": "{locality}"},
        form=True,
        ok=FORM,
    ),
    # ------------------------------------------------------------ attendance
    ("attendance_api.get_alerts", "GET"): Case("/api/v1/attendance/alerts?site_id={site}", SITE),
    ("attendance_api.get_sheet", "GET"): Case("/api/v1/sites/{site}/attendance/{day}/lunch", SITE),
    ("attendance_api.put_sheet", "PUT"): Case(
        "/api/v1/sites/{site}/attendance/{day}/lunch",
        SITE,
        {"marks": [{"beneficiary_id": "{person}", "mark": "present"}]},
        cross=(
            "/api/v1/sites/{site}/attendance/{day}/lunch",
            {"marks": [{"beneficiary_id": "{other_person}", "mark": "present"}]},
            frozenset({422}),
        ),
    ),
    ("attendance_api.put_mark", "PUT"): Case(
        "/api/v1/sites/{site}/attendance/{day}/lunch/{person}",
        SITE,
        {"mark": "present"},
        cross=(
            "/api/v1/sites/{site}/attendance/{day}/lunch/{other_person}",
            {"mark": "present"},
            frozenset({422}),
        ),
    ),
    # nothing marked yet: clearing changes nothing; another site's person is not on the sheet
    ("attendance_api.delete_mark", "DELETE"): Case(
        "/api/v1/sites/{site}/attendance/{day}/lunch/{person}",
        SITE,
        {},
        cross=(
            "/api/v1/sites/{site}/attendance/{day}/lunch/{other_person}",
            {},
            frozenset({404}),
        ),
    ),
    ("attendance_api.get_month", "GET"): Case("/api/v1/sites/{site}/calendar/{year}-{month}", SITE),
    # a day with marks is closed only once the office says what becomes of them
    ("attendance_api.put_day", "PUT"): Case(
        "/api/v1/sites/{site}/calendar/days/{close_day}",
        OFFICE,
        {"is_open": False, "reason": "no_water", "keep_marks": True},
    ),
    ("attendance_api.delete_day", "DELETE"): Case(
        "/api/v1/sites/{site}/calendar/days/{day}", OFFICE
    ),
    ("attendance_api.get_kitchen_count", "GET"): Case(
        "/api/v1/sites/{site}/kitchen-count/{day}", SITE
    ),
    # the page lists the user's own sites' alerts whatever site is asked for
    ("attendance.alerts", "GET"): Case("/attendance/alerts?site_id={site}", SITE, other=FILTERED),
    ("attendance.sheet_today", "GET"): Case("/sites/{site}/attendance", SITE, ok=DONE | REDIRECT),
    ("attendance.sheet", "GET"): Case("/sites/{site}/attendance/{day}/lunch", SITE),
    ("attendance.sheet", "POST"): Case(
        "/sites/{site}/attendance/{day}/lunch",
        SITE,
        {"tap": "{person}:present"},
        form=True,
        ok=REDIRECT,
        cross=(
            "/sites/{site}/attendance/{day}/lunch",
            {"tap": "{other_person}:present"},
            frozenset({422}),
        ),
    ),
    ("attendance.calendar_now", "GET"): Case("/sites/{site}/calendar", SITE, ok=DONE | REDIRECT),
    ("attendance.calendar_month", "GET"): Case("/sites/{site}/calendar/{year}/{month}", SITE),
    # staff reach the page; closing a day is for managers (the page says so)
    ("attendance.calendar_month", "POST"): Case(
        "/sites/{site}/calendar/{year}/{month}",
        SITE,
        {"day": "{close_day}", "action": "close", "reason": "no_water", "marks": "keep"},
        form=True,
        ok=REDIRECT,
        ok_for={"S": frozenset({403})},
    ),
    ("reports.register_now", "GET"): Case("/sites/{site}/register", SITE, ok=DONE | REDIRECT),
    ("reports.register", "GET"): Case("/sites/{site}/register/{year}/{month}/lunch", SITE),
    ("reports.register_xlsx", "GET"): Case(
        "/sites/{site}/register/{year}/{month}/lunch/xlsx", SITE
    ),
    # ------------------------------------------------------------ registry
    ("beneficiaries_api.list_beneficiaries", "GET"): Case(
        "/api/v1/beneficiaries?site_id={site}", SITE, other=FILTERED
    ),
    ("beneficiaries_api.create_beneficiary", "POST"): Case(
        "/api/v1/beneficiaries", SITE, {**PERSON, "can_travel": True}, sited=False
    ),
    ("beneficiaries_api.get_beneficiary", "GET"): Case("/api/v1/beneficiaries/{person}", SITE),
    ("beneficiaries_api.update_beneficiary", "PATCH"): Case(
        "/api/v1/beneficiaries/{person}", SITE, {"phone": "060000001"}
    ),
    ("beneficiaries_api.person_history", "GET"): Case(
        "/api/v1/beneficiaries/{person}/history", SITE
    ),
    ("beneficiaries_api.list_enrolments", "GET"): Case(
        "/api/v1/beneficiaries/{person}/enrolments", SITE
    ),
    ("beneficiaries_api.create_enrolment", "POST"): Case(
        "/api/v1/beneficiaries/{person}/enrolments",
        SITE,
        {"site_id": "{site}", "service": "parcels", "start_date": "{day}"},
    ),
    # no file: the user is let in and told to choose one
    ("beneficiaries_api.import_beneficiaries", "POST"): Case(
        "/api/v1/beneficiaries/import?site_id={site}", SITE, ok=frozenset({422})
    ),
    ("beneficiaries_api.get_enrolment", "GET"): Case("/api/v1/enrolments/{enrolment}", SITE),
    ("beneficiaries_api.update_enrolment", "PATCH"): Case(
        "/api/v1/enrolments/{enrolment}", SITE, {"decision_number": "D-NOU"}
    ),
    # the place is already active: let in, refused by the rule
    ("beneficiaries_api.activate_enrolment", "POST"): Case(
        "/api/v1/enrolments/{enrolment}/activate", SITE, {}, ok=frozenset({409})
    ),
    ("beneficiaries_api.exit_enrolment", "POST"): Case(
        "/api/v1/enrolments/{enrolment}/exit", SITE, {"end_date": "{day}", "reason": "mutat"}
    ),
    ("beneficiaries_api.pause_enrolment", "POST"): Case(
        "/api/v1/enrolments/{enrolment}/pause",
        SITE,
        {"start_date": "2030-04-01", "end_date": "2030-04-03", "reason": "spital"},
    ),
    ("beneficiaries_api.resume_enrolment", "POST"): Case(
        "/api/v1/enrolments/{enrolment}/resume",
        SITE,
        {"pause_id": "{pause}", "resume_date": FUTURE_DAY},
        cross=(
            "/api/v1/enrolments/{enrolment}/resume",
            {"pause_id": "{other_pause}", "resume_date": FUTURE_DAY},
            frozenset({404}),
        ),
    ),
    ("beneficiaries_api.switch_enrolment", "POST"): Case(
        "/api/v1/enrolments/{enrolment}/switch", SITE, {"effective_date": "{day}", "reason": "x"}
    ),
    ("beneficiaries_api.site_review_due", "GET"): Case("/api/v1/sites/{site}/review-due", SITE),
    ("beneficiaries.index", "GET"): Case("/beneficiaries?site_id={site}", SITE, other=FILTERED),
    ("beneficiaries.new", "GET"): Case("/beneficiaries/new", SITE, sited=False),
    ("beneficiaries.new", "POST"): Case(
        "/beneficiaries/new", SITE, PERSON, form=True, sited=False, ok=REDIRECT
    ),
    ("beneficiaries.person", "GET"): Case("/beneficiaries/{person}", SITE),
    ("beneficiaries.edit", "GET"): Case("/beneficiaries/{person}/edit", SITE),
    ("beneficiaries.edit", "POST"): Case(
        "/beneficiaries/{person}/edit",
        SITE,
        {**PERSON, "address": "str. Nouă 1"},
        form=True,
        ok=REDIRECT,
    ),
    ("beneficiaries.enrol", "POST"): Case(
        "/beneficiaries/{person}/enrol",
        SITE,
        {"site_id": "{site}", "service": "parcels", "start_date": "{day}"},
        form=True,
        ok=REDIRECT,
    ),
    ("beneficiaries.enrolment_action", "POST"): Case(
        "/enrolments/{enrolment}/exit",
        SITE,
        {"end_date": "{day}", "reason": "mutat"},
        form=True,
        ok=REDIRECT,
    ),
    ("beneficiaries.review_due", "GET"): Case("/beneficiaries/review-due", SITE, sited=False),
    ("beneficiaries.import_template", "GET"): Case(
        "/beneficiaries/import/template.xlsx", SITE, sited=False
    ),
    ("beneficiaries.import_page", "GET"): Case("/beneficiaries/import", SITE, sited=False),
    # no file: the form again, with the message
    ("beneficiaries.import_page", "POST"): Case(
        "/beneficiaries/import", SITE, {"site_id": "{site}"}, form=True, ok=frozenset({422})
    ),
    # a background import is its author's only: the office is told it does not exist
    ("beneficiaries.import_job", "GET"): Case(
        "/beneficiaries/import/jobs/{job}",
        SITE,
        ok_for={"A": frozenset({404}), "M": frozenset({404})},
    ),
    # an upload nobody left: nothing to drop; someone else's job is not found
    ("beneficiaries.import_cancel", "POST"): Case(
        "/beneficiaries/import/cancel",
        SITE,
        {"token": "0" * 32},
        form=True,
        sited=False,
        ok=REDIRECT,
        cross=("/beneficiaries/import/cancel", {"token": "{other_job}"}, frozenset({404})),
    ),
    # ------------------------------------------------------------ delivery
    ("delivery_api.list_lists", "GET"): Case(
        "/api/v1/delivery-lists?site_id={site}&date={day}", ALL, other=FILTERED
    ),
    ("delivery_api.get_list", "GET"): Case("/api/v1/delivery-lists/{list}", LIST),
    ("delivery_api.record_outcome", "PUT"): Case(
        "/api/v1/delivery-lists/{list}/stops/{list_stop}",
        LIST,
        {"outcome": "delivered"},
        cross=(
            "/api/v1/delivery-lists/{list}/stops/{other_list_stop}",
            {"outcome": "delivered"},
            frozenset({404}),
        ),
    ),
    ("delivery_api.list_routes", "GET"): Case("/api/v1/sites/{site}/routes", SITE),
    ("delivery_api.create_route", "POST"): Case(
        "/api/v1/sites/{site}/routes", SITE, {"name": "Traseu Nou", "driver_id": "{spare}"}
    ),
    ("delivery_api.get_route", "GET"): Case("/api/v1/routes/{route}", SITE),
    ("delivery_api.update_route", "PATCH"): Case(
        "/api/v1/routes/{route}", SITE, {"name": "Traseu Redenumit"}
    ),
    ("delivery_api.list_stops", "GET"): Case("/api/v1/routes/{route}/stops", SITE),
    # the person eats at the canteen: let in, refused by the rule
    ("delivery_api.add_stop", "POST"): Case(
        "/api/v1/routes/{route}/stops",
        SITE,
        {"beneficiary_id": "{person}"},
        ok=frozenset({409}),
        cross=(
            "/api/v1/routes/{route}/stops",
            {"beneficiary_id": "{other_carried}"},
            frozenset({409}),
        ),
    ),
    ("delivery_api.reorder_stops", "PUT"): Case(
        "/api/v1/routes/{route}/stops",
        SITE,
        {"stop_ids": ["{route_stop}"]},
        cross=(
            "/api/v1/routes/{route}/stops",
            {"stop_ids": ["{other_route_stop}"]},
            frozenset({422}),
        ),
    ),
    ("delivery.routes", "GET"): Case("/sites/{site}/routes", SITE),
    ("delivery.routes", "POST"): Case(
        "/sites/{site}/routes",
        SITE,
        {"name": "Traseu Nou", "driver_id": "{spare}", "weekdays": "1"},
        form=True,
        ok=REDIRECT,
    ),
    ("delivery.route", "GET"): Case("/routes/{route}", SITE),
    ("delivery.route", "POST"): Case(
        "/routes/{route}",
        SITE,
        {"name": "Traseu Redenumit", "driver_id": "{driver}", "weekdays": "1"},
        form=True,
        ok=REDIRECT,
    ),
    ("delivery.suggest", "GET"): Case("/routes/{route}/suggest", SITE),
    ("delivery.stop_order", "POST"): Case(
        "/routes/{route}/order", SITE, {"stop_ids": "{route_stop}"}, form=True, ok=REDIRECT
    ),
    ("delivery.stop_add", "POST"): Case(
        "/routes/{route}/stops", SITE, {"beneficiary_id": "{person}"}, form=True, ok=FORM
    ),
    ("delivery.stop_move", "POST"): Case(
        "/routes/{route}/stops/{route_stop}/move",
        SITE,
        {"direction": "up"},
        form=True,
        ok=REDIRECT,
    ),
    ("delivery.stop_transfer", "POST"): Case(
        "/routes/{route}/stops/{route_stop}/transfer",
        SITE,
        {"to_route_id": "{route}"},
        form=True,
        ok=FORM,
    ),
    ("delivery.stop_remove", "POST"): Case(
        "/routes/{route}/stops/{route_stop}/remove", SITE, {}, form=True, ok=REDIRECT
    ),
    ("delivery.substitute_add", "POST"): Case(
        "/routes/{route}/substitutes",
        SITE,
        {"driver_id": "{spare}", "start_date": "2031-02-03", "end_date": "2031-02-04"},
        form=True,
        ok=REDIRECT,
    ),
    ("delivery.substitute_remove", "POST"): Case(
        "/routes/{route}/substitutes/{substitute}/remove", SITE, {}, form=True, ok=REDIRECT
    ),
    ("delivery.generate", "POST"): Case(
        "/sites/{site}/delivery/generate", SITE, {}, form=True, ok=REDIRECT
    ),
    ("delivery.site_day", "GET"): Case("/sites/{site}/delivery/{day}", SITE),
    ("delivery.concerns", "GET"): Case("/delivery/concerns", SITE, sited=False),
    ("delivery.concern_handled", "POST"): Case(
        "/delivery/concerns/{list_stop}/handled",
        SITE,
        {"concern_action": "am sunat familia"},
        form=True,
        ok=REDIRECT,
    ),
    ("delivery.driver", "GET"): Case("/driver", "DO", sited=False),
    # the script that keeps an opened list readable offline: for anyone signed in
    ("delivery.driver_service_worker", "GET"): Case("/driver/sw.js", ALL, sited=False),
    ("delivery.driver_list", "GET"): Case("/driver/lists/{list}", LIST),
    ("delivery.list_print", "GET"): Case("/delivery-lists/{list}/print", LIST),
    ("delivery.driver_outcome", "POST"): Case(
        "/driver/lists/{list}/stops/{list_stop}",
        LIST,
        {"outcome": "delivered"},
        form=True,
        ok=REDIRECT,
        cross=(
            "/driver/lists/{list}/stops/{other_list_stop}",
            {"outcome": "delivered"},
            frozenset({404}),
        ),
    ),
    ("delivery.driver_concern", "POST"): Case(
        "/driver/lists/{list}/stops/{list_stop}/concern",
        LIST,
        {"concern": "true", "concern_note": "nu deschide"},
        form=True,
        ok=REDIRECT,
        cross=(
            "/driver/lists/{list}/stops/{other_list_stop}/concern",
            {"concern": "true"},
            frozenset({404}),
        ),
    ),
    # ------------------------------------------------------------ parcels
    ("parcels_api.list_parcel_types", "GET"): Case("/api/v1/parcel-types", SITE, sited=False),
    ("parcels_api.create_parcel_type", "POST"): Case(
        "/api/v1/parcel-types", OFFICE, PARCEL_TYPE, sited=False, ok=frozenset({201})
    ),
    ("parcels_api.get_parcel_type", "GET"): Case(
        "/api/v1/parcel-types/{parcel_type}", SITE, sited=False
    ),
    ("parcels_api.update_parcel_type", "PATCH"): Case(
        "/api/v1/parcel-types/{parcel_type}", OFFICE, {"min_days_between": 30}, sited=False
    ),
    ("parcels_api.stock", "GET"): Case("/api/v1/sites/{site}/parcels/stock", SITE),
    ("parcels_api.list_movements", "GET"): Case("/api/v1/sites/{site}/parcels/movements", SITE),
    ("parcels_api.list_receipts", "GET"): Case("/api/v1/sites/{site}/parcels/receipts", SITE),
    ("parcels_api.record_receipt", "POST"): Case(
        "/api/v1/sites/{site}/parcels/receipts",
        SITE,
        {"parcel_type_id": "{parcel_type}", "quantity": 5, "day": "{day}", "source": "purchase"},
    ),
    ("parcels_api.record_adjustment", "POST"): Case(
        "/api/v1/sites/{site}/parcels/adjustments",
        SITE,
        {"parcel_type_id": "{parcel_type}", "quantity": -1, "day": "{day}", "reason": "damaged"},
    ),
    # sending to another site: the office may; staff are told that site is unknown
    ("parcels_api.record_transfer", "POST"): Case(
        "/api/v1/sites/{site}/parcels/transfers",
        SITE,
        {"parcel_type_id": "{parcel_type}", "to_site_id": "{site}", "quantity": 1, "day": "{day}"},
        ok=frozenset({422}),
        cross=(
            "/api/v1/sites/{site}/parcels/transfers",
            {
                "parcel_type_id": "{parcel_type}",
                "to_site_id": "{other_site}",
                "quantity": 1,
                "day": "{day}",
            },
            {"A": frozenset({201}), "M": frozenset({201}), "S": frozenset({404})},
        ),
    ),
    ("parcels_api.list_distributions", "GET"): Case(
        "/api/v1/sites/{site}/parcels/distributions", SITE
    ),
    ("parcels_api.record_distribution", "POST"): Case(
        "/api/v1/sites/{site}/parcels/distributions",
        SITE,
        {"parcel_type_id": "{parcel_type}", "beneficiary_id": "{carried}", "day": "{day}"},
        cross=(
            "/api/v1/sites/{site}/parcels/distributions",
            {
                "parcel_type_id": "{parcel_type}",
                "beneficiary_id": "{other_carried}",
                "day": "{day}",
            },
            frozenset({404}),
        ),
    ),
    ("parcels_api.cancel_distribution", "POST"): Case(
        "/api/v1/sites/{site}/parcels/distributions/{distribution}/cancel",
        SITE,
        {"reason": "greseala"},
        ok=frozenset({200}),
        cross=(
            "/api/v1/sites/{site}/parcels/distributions/{other_distribution}/cancel",
            {"reason": "greseala"},
            frozenset({404}),
        ),
    ),
    ("parcels_api.list_campaigns", "GET"): Case("/api/v1/sites/{site}/parcels/campaigns", SITE),
    ("parcels_api.plan_campaign", "POST"): Case(
        "/api/v1/sites/{site}/parcels/campaigns/plan",
        SITE,
        {"parcel_type_id": "{parcel_type}", "day": "{day}"},
    ),
    ("parcels_api.create_campaign", "POST"): Case(
        "/api/v1/sites/{site}/parcels/campaigns",
        SITE,
        {"parcel_type_id": "{parcel_type}", "day": "{day}", "name": "Campanie Noua"},
    ),
    ("parcels_api.get_campaign", "GET"): Case("/api/v1/parcel-campaigns/{campaign}", SITE),
    ("parcels_api.tick_entry", "PUT"): Case(
        "/api/v1/parcel-campaigns/{campaign}/entries/{entry}",
        SITE,
        {"handed_out": True},
        cross=(
            "/api/v1/parcel-campaigns/{campaign}/entries/{other_entry}",
            {"handed_out": True},
            frozenset({404}),
        ),
    ),
    ("parcels.index", "GET"): Case("/parcels", SITE, sited=False, ok=DONE | REDIRECT),
    ("parcels.parcel_types", "GET"): Case("/parcel-types", SITE, sited=False),
    ("parcels.parcel_type_create", "POST"): Case(
        "/parcel-types", OFFICE, PARCEL_TYPE_FORM, form=True, sited=False, ok=REDIRECT
    ),
    ("parcels.parcel_type", "GET"): Case("/parcel-types/{parcel_type}", OFFICE, sited=False),
    ("parcels.parcel_type_update", "POST"): Case(
        "/parcel-types/{parcel_type}",
        OFFICE,
        {**PARCEL_TYPE_FORM, "name": "Pachet Redenumit"},
        form=True,
        sited=False,
        ok=REDIRECT,
    ),
    ("parcels.site_stock", "GET"): Case("/sites/{site}/parcels", SITE),
    ("parcels.receipt", "POST"): Case(
        "/sites/{site}/parcels/receipts",
        SITE,
        {"parcel_type_id": "{parcel_type}", "quantity": "5", "day": "{day}", "source": "purchase"},
        form=True,
        ok=REDIRECT,
    ),
    ("parcels.adjustment", "POST"): Case(
        "/sites/{site}/parcels/adjustments",
        SITE,
        {"parcel_type_id": "{parcel_type}", "quantity": "-1", "day": "{day}", "reason": "damaged"},
        form=True,
        ok=REDIRECT,
    ),
    ("parcels.transfer", "POST"): Case(
        "/sites/{site}/parcels/transfers",
        SITE,
        {
            "parcel_type_id": "{parcel_type}",
            "to_site_id": "{site}",
            "quantity": "1",
            "day": "{day}",
        },
        form=True,
        ok=frozenset({422}),
        cross=(
            "/sites/{site}/parcels/transfers",
            {
                "parcel_type_id": "{parcel_type}",
                "to_site_id": "{other_site}",
                "quantity": "1",
                "day": "{day}",
            },
            {"A": REDIRECT, "M": REDIRECT, "S": frozenset({404})},
        ),
    ),
    # the search finds the site's own people only
    ("parcels.hand_out", "GET"): Case("/sites/{site}/parcels/hand-out?q=Zgardan", SITE),
    ("parcels.distribute", "POST"): Case(
        "/sites/{site}/parcels/distributions",
        SITE,
        {"parcel_type_id": "{parcel_type}", "beneficiary_id": "{carried}", "day": "{day}"},
        form=True,
        ok=REDIRECT,
        cross=(
            "/sites/{site}/parcels/distributions",
            {
                "parcel_type_id": "{parcel_type}",
                "beneficiary_id": "{other_carried}",
                "day": "{day}",
            },
            frozenset({404}),
        ),
    ),
    ("parcels.cancel", "POST"): Case(
        "/sites/{site}/parcels/distributions/{distribution}/cancel",
        SITE,
        {"reason": "greseala"},
        form=True,
        ok=REDIRECT,
        cross=(
            "/sites/{site}/parcels/distributions/{other_distribution}/cancel",
            {"reason": "greseala"},
            frozenset({404}),
        ),
    ),
    ("parcels.campaigns", "GET"): Case("/sites/{site}/parcels/campaigns", SITE),
    ("parcels.campaign_create", "POST"): Case(
        "/sites/{site}/parcels/campaigns",
        SITE,
        {"parcel_type_id": "{parcel_type}", "day": "{day}", "name": "Campanie Noua"},
        form=True,
        ok=REDIRECT,
    ),
    ("parcels.campaign", "GET"): Case("/parcel-campaigns/{campaign}", SITE),
    ("parcels.campaign_print", "GET"): Case("/parcel-campaigns/{campaign}/print", SITE),
    ("parcels.campaign_tick", "POST"): Case(
        "/parcel-campaigns/{campaign}/entries/{entry}",
        SITE,
        {"handed_out": "true"},
        form=True,
        ok=REDIRECT,
        cross=(
            "/parcel-campaigns/{campaign}/entries/{other_entry}",
            {"handed_out": "true"},
            frozenset({404}),
        ),
    ),
    # ------------------------------------------------------------ a person's data
    ("privacy.person_data_page", "GET"): Case("/beneficiaries/{person}/data", OFFICE),
    ("privacy.person_data_xlsx", "GET"): Case("/beneficiaries/{person}/data.xlsx", OFFICE),
    ("privacy.person_data_json", "GET"): Case("/beneficiaries/{person}/data.json", OFFICE),
    # ------------------------------------------------------------ reports
    ("reports.dashboard", "GET"): Case("/dashboard", SITE, sited=False),
    ("reports.index", "GET"): Case("/reports", SITE, sited=False),
    # every site the user sees: staff get their own site's people only; naming another
    # site, the office gets its list and staff are refused. The answer sends to the
    # page of the report's job.
    ("reports.index", "POST"): Case(
        "/reports",
        SITE,
        {"report": "beneficiaries", "start": "{day}", "end": "{day}"},
        form=True,
        sited=False,
        ok=frozenset({303}),
        cross=(
            "/reports",
            {
                "report": "beneficiaries",
                "start": "{day}",
                "end": "{day}",
                "site_id": "{other_site}",
            },
            {"A": frozenset({303}), "M": frozenset({303}), "S": frozenset({403})},
        ),
    ),
    # a report asked on the page is its asker's only: the office is told it does not exist
    ("reports.job", "GET"): Case(
        "/reports/jobs/{report_job}", SITE, ok_for={"A": frozenset({404}), "M": frozenset({404})}
    ),
    ("reports.job_status", "GET"): Case(
        "/reports/jobs/{report_job}/status",
        SITE,
        ok_for={"A": frozenset({404}), "M": frozenset({404})},
    ),
    ("reports.job_file", "GET"): Case(
        "/reports/jobs/{report_job}/file",
        SITE,
        ok_for={"A": frozenset({404}), "M": frozenset({404})},
    ),
    # a site's register; the summary covers every site: the office only
    ("reports.month_file", "GET"): Case(
        "/reports/files/{report_month}/registru-lunch-{site}-{report_month}.xlsx",
        SITE,
        cross=(
            "/reports/files/{report_month}/sinteza-{report_month}.xlsx",
            None,
            {"A": DONE, "M": DONE, "S": frozenset({404})},
        ),
    ),
}
