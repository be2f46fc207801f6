"""A person logs in, switches the language and opens a site page, in a real browser."""

from app.auth import services as auth_services
from app.auth.models import Role
from app.extensions import db
from app.places import services as places_services
from app.places.models import Service, SiteKind

PASSWORD = "o-parola-de-test-lunga"


def seed(app):
    with app.app_context():
        district = places_services.create_district("Strășeni")
        locality = places_services.create_locality("Lozova", district.id)
        site = places_services.create_site(
            {
                "name": "CCAS Lozova",
                "kind": SiteKind.COMMUNITY_CENTRE,
                "locality_id": locality.id,
                "services": [{"service": Service.LUNCH, "capacity": 20}],
            }
        )
        auth_services.create_user(
            username="ana",
            full_name="Ana Rusu",
            role=Role.STAFF,
            password=PASSWORD,
            site_ids=[site.id],
        )
        db.session.commit()
        return site.id


def test_login_switch_language_open_site(live_server, page):
    site_id = seed(live_server.app)
    page.goto(f"{live_server.url}/login")
    assert page.locator("h1").inner_text() == "Autentificare"
    page.fill("input[name=username]", "ana")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    assert "Ana Rusu" in page.inner_text("body")

    page.click("a[data-lang=en]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Log out" in page.inner_text("header")

    page.click(f"a[href='/sites/{site_id}']")
    page.wait_for_url(f"{live_server.url}/sites/{site_id}")
    assert page.locator("h1").inner_text() == "CCAS Lozova"
    assert "Services" in page.inner_text("main")
