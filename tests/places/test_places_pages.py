from app.auth.models import Role


def test_site_form_shows_errors_beside_fields(client, login_as):
    login_as(Role.ADMIN)
    page = client.post("/sites/new", data={"name": "", "kind": "canteen", "latitude": "abc"})
    assert page.status_code == 422
    html = page.get_data(as_text=True)
    assert 'id="err-name"' in html and 'id="err-latitude"' in html


def test_admin_creates_site_through_the_form(client, make_locality, login_as):
    login_as(Role.ADMIN)
    locality = make_locality("Cobani")
    response = client.post(
        "/sites/new",
        data={
            "name": "CCAS Cobani",
            "kind": "community_centre",
            "locality_id": str(locality.id),
            "service_lunch": "1",
            "capacity_lunch": "20",
            "service_day_care": "1",
            "capacity_day_care": "15",
            "active": "true",
        },
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "CCAS Cobani" in page and "20 de locuri" in page  # Romanian plural of 20


def test_admin_creates_user_and_errors_show(client, make_site, login_as):
    login_as(Role.ADMIN)
    site = make_site()
    bad = client.post(
        "/users/new",
        data={"username": "X Y", "full_name": "", "role": "staff", "password": "short"},
    )
    assert bad.status_code == 422
    html = bad.get_data(as_text=True)
    assert 'id="err-username"' in html and 'id="err-password"' in html and "site_ids" in html
    good = client.post(
        "/users/new",
        data={
            "username": "ana.staff",
            "full_name": "Ana Popescu",
            "role": "staff",
            "password": "o-parola-lunga",
            "site_ids": [str(site.id)],
        },
    )
    assert good.status_code == 302
    assert "ana.staff" in client.get("/users").get_data(as_text=True)


def test_places_page_adds_district_and_locality(client, login_as):
    login_as(Role.ADMIN)
    assert client.post("/places", data={"what": "district", "name": "Glodeni"}).status_code == 302
    html = client.get("/places").get_data(as_text=True)
    assert "r. Glodeni" in html


def test_site_form_shows_the_limits_of_its_schema(client, login_as):
    login_as("admin")
    html = client.get("/sites/new").get_data(as_text=True)
    assert 'name="name" value="" required maxlength="120"' in html
