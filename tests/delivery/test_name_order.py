"""Pick lists and concerns name people and drivers in the Romanian reader's order."""

from datetime import date

from sqlalchemy import select

from app.auth.models import Role
from app.delivery.models import DeliveryStop
from app.delivery.services.lookups import delivery_people, site_drivers
from app.delivery.services.outcomes import concerns
from app.extensions import db
from app.places.models import Service

# raw code-point order puts Ș and Ț after every plain letter; the reader's order does not
LAST_NAMES = ["Țurcanu", "Ursu", "Șișcanu", "Stratan", "Tabac"]
READER_ORDER = ["Șișcanu", "Stratan", "Tabac", "Țurcanu", "Ursu"]


def test_delivery_people_and_drivers_are_in_the_readers_order(
    app, make_site, make_beneficiary, make_enrolment, make_user
):
    site = make_site()
    for last in LAST_NAMES:
        person = make_beneficiary(last_name=last, first_name="Ana")
        make_enrolment(site, person, service=Service.DELIVERY)
        make_user(Role.DRIVER, [site.id], full_name=f"{last} Ion")
    with app.app_context():
        people = delivery_people(site.id, date(2026, 11, 16))
        drivers = site_drivers(site.id)
        assert [p.last_name for p in people] == READER_ORDER
        assert [d.full_name for d in drivers] == [f"{last} Ion" for last in READER_ORDER]


def test_concerns_name_people_in_the_readers_order(app, make_site, make_person, todays_list):
    site = make_site()
    people = [make_person(site, last_name=last, first_name="Ana") for last in LAST_NAMES]
    delivery_list = todays_list(site, people)
    with app.app_context():
        for stop in db.session.scalars(
            select(DeliveryStop).where(DeliveryStop.delivery_list_id == delivery_list.id)
        ):
            stop.concern = True
        db.session.flush()
        flagged = concerns({site.id}, delivery_list.day)
        assert [stop.name for stop, _list in flagged] == [f"{n} Ana" for n in READER_ORDER]
