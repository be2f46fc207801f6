"""Inputs that used to answer 500: each one now gets a 4xx with a message per field
(JSON on the API, the form again on pages)."""

import io
import zipfile
from datetime import date

import pytest
from openpyxl import Workbook

from app.beneficiaries.importer import HEADERS
from app.beneficiaries.schemas import with_check_digit

BIG = 2**31  # one past a PostgreSQL integer
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def person_body(**overrides):
    body = {"first_name": "Ana", "last_name": "Rusu", "address": "str. Mare 1"}
    body.update(overrides)
    return body


def assert_field_error(response, field, status=422):
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.get_json()
    assert body is not None, response.get_data(as_text=True)[:300]
    assert field in body["errors"], body


@pytest.fixture
def manager(login_as):
    return login_as("manager")


@pytest.mark.parametrize("blank", ["", "   ", "\t\n"])
def test_blank_required_text_is_missing(client, manager, blank):
    response = client.post("/api/v1/beneficiaries", json=person_body(first_name=blank))
    assert_field_error(response, "first_name")


def test_blank_optional_text_in_a_patch_changes_nothing(client, manager, make_beneficiary):
    person = make_beneficiary(notes="de păstrat")
    response = client.patch(f"/api/v1/beneficiaries/{person.id}", json={"notes": "   "})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["notes"] == "de păstrat"


def test_blank_reason_of_a_pause_is_missing(client, manager, make_site, make_enrolment):
    enrolment = make_enrolment(make_site())
    response = client.post(
        f"/api/v1/enrolments/{enrolment.id}/pause",
        json={"start_date": "2026-12-01", "end_date": "2026-12-05", "reason": "  "},
    )
    assert_field_error(response, "reason")


@pytest.mark.parametrize(
    "path",
    [
        f"/api/v1/beneficiaries/{BIG}",
        f"/api/v1/sites/{BIG}",
        f"/api/v1/routes/{BIG}/stops",
        f"/api/v1/delivery-lists/{2**63}",
        f"/beneficiaries/{BIG}/edit",
        f"/routes/{BIG}",
    ],
)
def test_path_ids_past_32_bits_are_not_found(client, manager, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("value", [BIG, 2**63, -1, 0])
def test_body_ids_out_of_range_are_refused(client, manager, value):
    response = client.post("/api/v1/beneficiaries", json=person_body(locality_id=value))
    assert_field_error(response, "locality_id")


def test_list_of_ids_past_32_bits_is_refused(client, manager, make_site):
    site = make_site()
    route = client.post(f"/api/v1/sites/{site.id}/routes", json={"name": "Traseu"}).get_json()
    response = client.put(f"/api/v1/routes/{route['id']}/stops", json={"stop_ids": [BIG]})
    assert_field_error(response, "stop_ids")


@pytest.mark.parametrize("query", [f"site_id={BIG}", "site_id=-5", f"per_page={BIG}"])
def test_query_numbers_out_of_range_are_refused(client, manager, query):
    response = client.get(f"/api/v1/beneficiaries?{query}")
    assert_field_error(response, query.split("=")[0])


def test_household_size_past_32_bits_is_refused(client, manager):
    response = client.post("/api/v1/beneficiaries", json=person_body(household_size=BIG))
    assert_field_error(response, "household_size")


@pytest.mark.parametrize(
    "idnp",
    [
        with_check_digit("200000000000").translate(ARABIC_INDIC),
        "²" * 13,
        with_check_digit("200000000000")[:12] + "³",
    ],
)
def test_only_ascii_digits_make_an_idnp(client, manager, idnp):
    response = client.post("/api/v1/beneficiaries", json=person_body(idnp=idnp))
    assert_field_error(response, "idnp")


def test_lone_surrogate_in_json_is_a_field_error(client, manager):
    raw = '{"first_name": "An\\ud800a", "last_name": "Rusu", "address": "x"}'
    response = client.post(
        "/api/v1/beneficiaries", data=raw, headers={"Content-Type": "application/json"}
    )
    assert_field_error(response, "first_name")


def test_bytes_that_are_not_utf8_are_a_json_400(client, manager):
    response = client.post(
        "/api/v1/beneficiaries",
        data=b'{"first_name": "\xff\xfe"}',
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.get_json()["message"]


def test_json_nested_5000_deep_is_a_json_400(client, manager):
    raw = '{"first_name": ' + "[" * 5000 + "]" * 5000 + "}"
    response = client.post(
        "/api/v1/beneficiaries", data=raw, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400, response.get_data(as_text=True)[:300]
    assert response.get_json()["message"]


def test_address_null_is_refused(client, manager):
    response = client.post("/api/v1/beneficiaries", json=person_body(address=None))
    assert_field_error(response, "address")


@pytest.mark.parametrize("field", ["first_name", "address", "notes", "phone"])
def test_nul_character_is_refused(client, manager, field):
    response = client.post("/api/v1/beneficiaries", json=person_body(**{field: "a\x00b"}))
    assert_field_error(response, field)


def test_nul_character_in_a_query_is_refused(client, manager):
    response = client.get("/api/v1/beneficiaries?q=Ion%00")
    assert_field_error(response, "q")


def test_nul_character_on_a_page_shows_the_form_again(client, manager, make_locality):
    locality = make_locality()
    response = client.post(
        "/beneficiaries/new",
        data={
            "first_name": "Ana\x00",
            "last_name": "Rusu",
            "locality_id": str(locality.id),
            "address": "x",
        },
    )
    assert response.status_code == 422
    assert "<form" in response.get_data(as_text=True)


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1899-12-31"])
def test_far_dates_on_sheets_and_delivery_pages_are_not_found(client, manager, make_site, day):
    site = make_site()
    for path in (
        f"/api/v1/sites/{site.id}/attendance/{day}/lunch",
        f"/api/v1/sites/{site.id}/kitchen-count/{day}",
        f"/sites/{site.id}/attendance/{day}/lunch",
        f"/sites/{site.id}/delivery/{day}",
    ):
        assert client.get(path).status_code == 404, path
    response = client.put(
        f"/api/v1/sites/{site.id}/calendar/days/{day}", json={"is_open": False, "reason": "other"}
    )
    assert response.status_code == 404


@pytest.mark.parametrize("end", ["9999-12-31", "0001-01-01"])
def test_far_pause_end_is_refused(client, manager, make_site, make_enrolment, end):
    enrolment = make_enrolment(make_site())
    response = client.post(
        f"/api/v1/enrolments/{enrolment.id}/pause",
        json={"start_date": "2026-12-01", "end_date": end, "reason": "spital"},
    )
    assert_field_error(response, "end_date")


def test_birth_date_of_year_one_is_refused(client, manager):
    response = client.post("/api/v1/beneficiaries", json=person_body(birth_date="0001-01-01"))
    assert_field_error(response, "birth_date")


def test_far_delivery_list_date_in_a_query_is_refused(client, manager):
    response = client.get("/api/v1/delivery-lists?date=9999-12-31")
    assert_field_error(response, "date")


def entity_bomb_workbook() -> bytes:
    """A real workbook whose sheet XML declares nested entities (billion laughs)."""
    book = Workbook()
    book.active.append(HEADERS)
    book.active.append(["Rusu", "Ana"])
    plain = io.BytesIO()
    book.save(plain)
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)
    )
    out = io.BytesIO()
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                start = text.index("<worksheet")
                text = (
                    text[:start]
                    + f"<!DOCTYPE worksheet [{entities}]>"
                    + text[start:].replace("<v>", "<v>&i;", 1)
                )
                data = text.encode()
            target.writestr(item, data)
    return out.getvalue()


def test_xml_entity_bomb_in_an_upload_is_refused(client, login_as, make_site):
    site = make_site()
    login_as("staff", [site])
    response = client.post(
        f"/api/v1/beneficiaries/import?site_id={site.id}&dry_run=true",
        data={"file": (io.BytesIO(entity_bomb_workbook()), "bomb.xlsx")},
        content_type="multipart/form-data",
    )
    assert_field_error(response, "file")


def test_service_day_window_follows_today(monkeypatch):
    from app.core import clock
    from app.core.converters import service_day

    monkeypatch.setattr(clock, "today", lambda: date(2026, 11, 16))
    assert service_day("2026-11-16") == date(2026, 11, 16)
    assert service_day("2016-01-01") == date(2016, 1, 1)
    assert service_day("2015-12-31") is None
    assert service_day("2029-01-01") is None
    assert service_day("２０２６-11-16") is None


@pytest.mark.parametrize("value", [str(2**40), "٣", "-1"])
def test_import_page_with_an_impossible_site_shows_the_form_again(client, manager, value):
    response = client.post(
        "/beneficiaries/import",
        data={"site_id": value, "file": (io.BytesIO(b"x"), "lista.xlsx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "<form" in response.get_data(as_text=True)
