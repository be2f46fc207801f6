from app.auth.models import Role


def test_create_site_with_services(client, make_locality, login_as):
    login_as(Role.ADMIN)
    locality = make_locality("Lăpușna")
    response = client.post(
        "/api/v1/sites",
        json={
            "name": "Cantina Lăpușna",
            "kind": "canteen",
            "locality_id": locality.id,
            "latitude": 46.88,
            "longitude": 28.41,
            "cost_norm_lei": "38.50",
            "services": [
                {"service": "lunch", "capacity": 40},
                {"service": "delivery", "capacity": 12},
            ],
        },
    )
    assert response.status_code == 201, response.json
    body = response.json
    assert body["locality"] == "Lăpușna"
    assert body["cost_norm_lei"] == "38.50"
    assert {(s["service"], s["capacity"]) for s in body["services"]} == {
        ("lunch", 40),
        ("delivery", 12),
    }


def test_bad_site_input_answers_422_per_field(client, login_as):
    login_as(Role.ADMIN)
    response = client.post(
        "/api/v1/sites",
        json={
            "kind": "hotel",
            "locality_id": "x",
            "latitude": 200,
            "services": [{"service": "lunch", "capacity": -1}],
        },
    )
    assert response.status_code == 422
    errors = response.json["errors"]
    assert {"name", "kind", "locality_id", "latitude", "services"} <= set(errors)
    assert response.json["message"]


def test_not_json_body_is_a_4xx_not_500(client, login_as):
    login_as(Role.ADMIN)
    response = client.post("/api/v1/sites", data="{not json", content_type="application/json")
    assert 400 <= response.status_code < 500
    assert response.is_json


def test_duplicate_district_is_409(client, login_as):
    login_as(Role.ADMIN)
    assert client.post("/api/v1/districts", json={"name": "Cahul"}).status_code == 201
    again = client.post("/api/v1/districts", json={"name": "Cahul"})
    assert again.status_code == 409
    assert "Cahul" in again.json["message"]
    assert again.json["errors"] == {"name": [again.json["message"]]}


def test_unknown_site_is_404_json(client, login_as):
    login_as(Role.MANAGER)
    response = client.get("/api/v1/sites/999999")
    assert response.status_code == 404
    assert response.json["message"]


def test_site_change_is_audited(app, client, make_site, login_as):
    from app.core.audit import history

    site = make_site()
    admin = login_as(Role.ADMIN)
    response = client.patch(f"/api/v1/sites/{site.id}", json={"address": "str. Nouă 5"})
    assert response.status_code == 200
    with app.app_context():
        entries = history("site", site.id)
    change = next(e for e in entries if e.field == "address")
    assert (change.old_value, change.new_value, change.user_id) == (
        "str. Școlii 1",
        "str. Nouă 5",
        admin.id,
    )


def test_openapi_document(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json["paths"]
    assert "/api/v1/sites" in paths and "/api/v1/users" in paths


def test_pagination(client, make_district, login_as):
    login_as(Role.MANAGER)
    for i in range(5):
        make_district(f"Paginat {i}")
    page = client.get("/api/v1/districts?per_page=2&page=2").json
    assert page["per_page"] == 2 and page["page"] == 2 and len(page["items"]) == 2
    assert client.get("/api/v1/districts?per_page=0").status_code == 422


def test_an_unknown_site_is_refused_in_the_readers_language(client, login_as):
    login_as(Role.ADMIN, language="ru")
    for answer in (
        client.get("/api/v1/sites/999999"),
        client.patch("/api/v1/sites/999999", json={"name": "Nou"}),
        client.get("/api/v1/sites/999999/routes"),
    ):
        assert answer.status_code == 404
        assert answer.json["message"] == "Центр не найден."
