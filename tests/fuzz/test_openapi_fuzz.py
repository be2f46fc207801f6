"""Every operation of /api/v1/openapi.json driven with generated requests (schemathesis
strategies, run in-process through the Flask test client): no answer is a 500 and every
error answer is JSON.

Two tests: one lets schemathesis generate valid and invalid requests; the other sends,
to every operation, every field and every parameter, the inputs known to have broken
services like this one (NUL, lone surrogates, blank text, numbers past 32 and 64 bits,
year 1 and year 9999, null, JSON nested 5,000 deep, bytes that are not UTF-8). Both read
the operations from the document, so a new operation joins them by itself.
"""

import json
from datetime import date

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from tests.conftest import login

# about 1,450 generated requests besides the explicit ones: a few minutes per engine at most
EXAMPLES = 8
MEALS = ["lunch", "day_care"]
# near today mostly, and now and then anywhere from year 1 to 9999
DAYS = st.one_of(
    st.dates(date(2025, 1, 1), date(2027, 12, 31)), st.dates(), st.sampled_from([date.max])
).map(date.isoformat)


def _operations(app):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    return [result.ok() for result in schema.get_all_operations()]


def check_answer(response, label):
    assert response.status_code < 500, (label, response.status_code, response.get_data()[:500])
    if response.status_code >= 400:
        assert response.mimetype == "application/json", (label, response.get_data()[:300])
        body = response.get_json()
        assert isinstance(body, dict) and "message" in body, (label, body)


@pytest.mark.parametrize("role", ["manager", "staff"])
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_operation_answers_500(app, client, make_user, world, role, mode):
    state, site = world
    user = make_user(role, [site] if role == "staff" else [])
    login(client, user)
    # the session of the logged-in user, not one the generator makes up
    cookies = {"session": client.get_cookie("session").value}
    for operation in _operations(app):

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(generation_mode=mode, cookies=cookies), data=st.data())
        def run(case, data):
            for name in list(case.path_parameters or {}):
                known = state.ids.get(name)
                if name == "day" and data.draw(st.booleans(), label="a real date"):
                    case.path_parameters[name] = data.draw(DAYS)
                elif name == "meal" and data.draw(st.booleans(), label="a real meal"):
                    case.path_parameters[name] = data.draw(st.sampled_from(MEALS))
                elif known and data.draw(st.booleans(), label=f"real {name}"):
                    case.path_parameters[name] = data.draw(st.sampled_from(known))
            kwargs = case.as_transport_kwargs()
            kwargs.pop("base_url", None)
            # the session is bound to the browser that logged in (strong session protection)
            kwargs["headers"].pop("User-Agent", None)
            response = client.open(**kwargs)
            check_answer(response, f"{case.method} {case.formatted_path} {kwargs!r:.300}")

        run()


BIG = [2**31, 2**63, -1]
HOSTILE_TEXT = ["a\x00b", "\x00", "An\ud800a", "\udfff", "   ", "", "\t\n"]
HOSTILE_DATES = ["0001-01-01", "9999-12-31", "1899-12-31", "2026-02-30"]
RAW_BODIES = [
    b'{"a": ' + b"[" * 5000 + b"]" * 5000 + b"}",
    b"[" * 5000 + b"]" * 5000,
    b'{"name": "\xff\xfe"}',
    b'{"name": "\\ud800"}',
    b"null",
    b"",
]


def _resolve(document, schema):
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = document["components"]["schemas"][name]
    return schema


def hostile_values(schema) -> list:
    kind = schema.get("type")
    if kind == "integer":
        return BIG
    if kind == "number":
        return [1e308, -1e308, 2**70]
    if kind == "string" and schema.get("format") in ("date", "date-time"):
        return HOSTILE_DATES
    if kind == "string":
        return HOSTILE_TEXT
    if kind == "array":
        return [[value] for value in hostile_values(schema.get("items", {}))][:3] or [["x"]]
    return ["\x00"]


def explicit_requests(document, ids):
    """(method, path, query, json body or raw bytes) for every operation of the document."""
    for template, item in document["paths"].items():
        shared = item.get("parameters", [])
        for method, operation in item.items():
            if method == "parameters":
                continue
            parameters = shared + operation.get("parameters", [])
            real = {}
            for p in parameters:
                if p["in"] == "path":
                    name = p["name"]
                    real[name] = (
                        (ids.get(name) or [1])[0]
                        if name.endswith("_id")
                        else {"day": "2026-11-16", "meal": "lunch", "year": 2026, "month": 11}.get(
                            name, "x"
                        )
                    )

            def path(values, template=template):
                text = template
                for name, value in values.items():
                    text = text.replace("{" + name + "}", str(value))
                return text

            base = path(real)
            for p in parameters:
                if p["in"] == "path":
                    for value in (*BIG, *HOSTILE_DATES, "%00", "%ED%A0%80"):
                        yield method, path({**real, p["name"]: value}), {}, None
                elif p["in"] == "query":
                    for value in hostile_values(p.get("schema", {})):
                        if isinstance(value, list):
                            value = value[0]
                        if any("\ud800" <= c <= "\udfff" for c in str(value)):
                            continue  # a URL cannot carry a lone surrogate
                        yield method, base, {p["name"]: value}, None
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body is None:
                continue
            schema = _resolve(document, body["schema"])
            for name, prop in schema.get("properties", {}).items():
                prop = _resolve(document, prop)
                for value in [*hostile_values(prop), None]:
                    yield method, base, {}, {name: value}
            for raw in RAW_BODIES:
                yield method, base, {}, raw


@pytest.mark.parametrize("role", ["manager", "staff"])
def test_known_hostile_inputs_on_every_operation(app, client, make_user, world, role):
    state, site = world
    user = make_user(role, [site] if role == "staff" else [])
    login(client, user)
    document = client.get("/api/v1/openapi.json").get_json()
    sent = 0
    for method, path, query, body in explicit_requests(document, state.ids):
        if isinstance(body, bytes):
            kwargs = {"data": body, "content_type": "application/json"}
        elif body is not None:
            # ensure_ascii keeps a lone surrogate as its \\ud800 escape, as a client sends it
            kwargs = {"data": json.dumps(body), "content_type": "application/json"}
        else:
            kwargs = {}
        response = client.open(path, method=method.upper(), query_string=query, **kwargs)
        check_answer(response, f"{method.upper()} {path} {query} {body!r:.200}")
        sent += 1
    assert sent > 1000  # the document describes the operations, their fields and parameters
