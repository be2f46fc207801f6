"""What a driver needs in the first hour: the village, a map that opens, phones to tap,
errors beside the stop, and a word on when today's lists are ready."""

from datetime import datetime, timedelta
from io import BytesIO

from openpyxl import load_workbook
from sqlalchemy import select

from app.auth.models import Role, User
from app.core import calendar
from app.core.clock import local_tz, today
from app.core.models import SiteDayOverride
from app.delivery.models import DeliveryList
from app.extensions import db
from tests.conftest import login


def _driver(app, delivery_list):
    with app.app_context():
        return db.session.get(User, delivery_list.driver_id)


def test_addresses_carry_the_locality_on_phone_print_and_workbook(
    client, app, make_site, make_person, make_locality, todays_list, login_as
):
    village = make_locality("Ciuciuleni")
    site = make_site()
    delivery_list = todays_list(
        site,
        [
            make_person(site, address="str. Viilor 57", locality_id=village.id),
            make_person(site, address="str. Mare 5, Ciuciuleni", locality_id=village.id),
        ],
    )
    login(client, _driver(app, delivery_list))
    phone = client.get(f"/driver/lists/{delivery_list.id}").get_data(as_text=True)
    assert "str. Viilor 57, Ciuciuleni" in phone
    # an address that already names its village does not get it twice
    assert "str. Mare 5, Ciuciuleni, Ciuciuleni" not in phone
    printed = client.get(f"/delivery-lists/{delivery_list.id}/print").get_data(as_text=True)
    assert "str. Viilor 57, Ciuciuleni" in printed
    client.post("/logout")
    login_as(Role.STAFF, [site])
    answer = client.get(f"/sites/{site.id}/delivery/{today().isoformat()}.xlsx")
    sheet = load_workbook(BytesIO(answer.data)).worksheets[0]
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value]
    assert "str. Viilor 57, Ciuciuleni" in cells


def test_contact_phone_is_a_phone_link(client, app, make_site, make_person, todays_list):
    site = make_site()
    delivery_list = todays_list(
        site, [make_person(site, contact_name="Ion Vecinul", contact_phone="+373 69 555 111")]
    )
    login(client, _driver(app, delivery_list))
    page = client.get(f"/driver/lists/{delivery_list.id}").get_data(as_text=True)
    assert "Ion Vecinul" in page
    assert 'href="tel:+37369555111"' in page


def test_before_list_time_the_driver_is_told_when_lists_are_ready(
    client, app, make_site, make_user, monkeypatch
):
    from app.delivery.services import pages as views

    site = make_site()
    with app.app_context():
        if not calendar.serves_on(site.id, today()):
            db.session.add(SiteDayOverride(site_id=site.id, day=today(), is_open=True, reason="t"))
            db.session.commit()
    driver = make_user(Role.DRIVER, [site])
    login(client, driver)
    early = datetime.combine(today(), datetime.min.time(), tzinfo=local_tz()) + timedelta(hours=6)
    monkeypatch.setattr(views, "now_local", lambda: early)
    page = client.get("/driver").get_data(as_text=True)
    assert "vor fi gata la ora 07:00" in page
    monkeypatch.setattr(views, "now_local", lambda: early + timedelta(hours=3))
    page = client.get("/driver").get_data(as_text=True)
    assert "vor fi gata" not in page and "Nicio listă de livrare azi." in page


def test_the_demo_has_todays_lists(ctx, monkeypatch):
    from app import demo
    from app.delivery import demo as delivery_demo

    day = today()
    while not calendar.is_default_service_day(day):
        day -= timedelta(days=1)
    monkeypatch.setattr(delivery_demo, "today", lambda: day)
    demo.load()
    lists = list(db.session.scalars(select(DeliveryList).where(DeliveryList.day == day)))
    assert lists and any(dl.stops for dl in lists)


def test_no_promise_of_lists_on_a_day_the_site_is_closed(
    client, app, make_site, make_user, monkeypatch
):
    from app.delivery.services import pages as views

    site = make_site()
    with app.app_context():
        if calendar.serves_on(site.id, today()):
            db.session.add(
                SiteDayOverride(site_id=site.id, day=today(), is_open=False, reason="no_gas")
            )
            db.session.commit()
    login(client, make_user(Role.DRIVER, [site]))
    early = datetime.combine(today(), datetime.min.time(), tzinfo=local_tz()) + timedelta(hours=6)
    monkeypatch.setattr(views, "now_local", lambda: early)
    page = client.get("/driver").get_data(as_text=True)
    assert "vor fi gata" not in page and "Nicio listă de livrare azi." in page
