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


def _count(app, model, **where) -> int:
    from sqlalchemy import func, select

    from app.extensions import db

    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).filter_by(**where))


def test_a_taken_name_is_409_beside_the_field_and_nothing_is_written(
    app, client, login_as, make_district, make_locality, make_site, make_user
):
    """As on the route and person pages and in the API: the form again, 409, the
    sentence beside the name, and no row written or changed."""
    from app.auth.models import User
    from app.core.models import AuditEntry
    from app.places.models import District, Locality, Site

    login_as(Role.ADMIN)
    district = make_district("Glodeni")
    make_locality("Cobani", district.id)
    taken = make_site(name="CCAS Cobani")
    other = make_site(name="CCAS Balatina")
    make_user(Role.MANAGER, username="ana.manager")
    audit_rows = _count(app, AuditEntry)

    page = client.post("/places", data={"what": "district", "name": "Glodeni"})
    assert page.status_code == 409 and 'id="err-name"' in page.get_data(as_text=True)
    assert _count(app, District, name="Glodeni") == 1

    page = client.post(
        "/places", data={"what": "locality", "name": "Cobani", "district_id": str(district.id)}
    )
    assert page.status_code == 409 and 'id="err-name"' in page.get_data(as_text=True)
    assert _count(app, Locality, name="Cobani") == 1

    site_form = {"name": taken.name, "kind": "canteen", "locality_id": str(other.locality_id)}
    for url in ("/sites/new", f"/sites/{other.id}/edit"):
        page = client.post(url, data=site_form)
        html = page.get_data(as_text=True)
        assert page.status_code == 409, (url, page.status_code)
        assert 'id="err-name"' in html and 'value="CCAS Cobani"' in html, url
    assert _count(app, Site, name="CCAS Cobani") == 1
    assert _count(app, Site, name="CCAS Balatina") == 1

    page = client.post(
        "/users/new",
        data={"username": "ana.manager", "full_name": "Ana", "role": "manager",
              "password": "o-parola-lunga"},
    )  # fmt: skip
    assert page.status_code == 409 and 'id="err-username"' in page.get_data(as_text=True)
    assert _count(app, User, username="ana.manager") == 1
    assert _count(app, AuditEntry) == audit_rows
