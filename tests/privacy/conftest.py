"""One person with something of every kind: an enrolment, marks, a delivery, a parcel,
an edit; built by hand so the tests can say exactly what the exports must hold."""

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from app.extensions import db


@dataclass
class PersonWorld:
    site: object
    person: object
    enrolment: object
    manager: object
    route_name: str
    parcel_type_name: str
    marks: list
    stop_id: int
    distribution_id: int


@pytest.fixture
def person_world(app, make_site, make_beneficiary, make_enrolment, make_user):
    from app.attendance.models import AttendanceMark, Mark, MarkSource, Meal
    from app.auth.models import Role
    from app.beneficiaries import services
    from app.delivery.models import DeliveryList, DeliveryStop, Outcome, Route
    from app.parcels.models import Distribution, ParcelType

    site = make_site()
    manager = make_user(Role.MANAGER, full_name="Maria Manager")
    person = make_beneficiary(
        first_name="Elena",
        last_name="Rusu",
        idnp="2001234567890",
        birth_date=date(1941, 5, 17),
        sex="F",
        address="str. Florilor 3",
        phone="069000111",
        contact_name="Ana Rusu",
        contact_phone="069000222",
        diet_notes="fără sare",
        notes="vecina are cheia",
    )
    enrolment = make_enrolment(
        site,
        person,
        start_date=date(2021, 2, 1),
        end_date=date(2022, 6, 30),
        status="exited",
        exit_reason="mutat la fiică",
    )
    with app.app_context():
        marks = [
            AttendanceMark(
                site_id=site.id,
                beneficiary_id=person.id,
                enrolment_id=enrolment.id,
                day=day,
                meal=Meal.LUNCH,
                mark=mark,
                source=MarkSource.STAFF,
                marked_at=datetime(2022, 3, 1, 10, 0, tzinfo=UTC),
            )
            for day, mark in (
                (date(2022, 3, 1), Mark.PRESENT),
                (date(2022, 3, 2), Mark.ABSENT),
                (date(2022, 3, 3), Mark.DELIVERED),
            )
        ]
        db.session.add_all(marks)
        route = Route(site_id=site.id, name="Traseu Nord")
        parcel_type = ParcelType(name="Pachet de iarnă")
        db.session.add_all([route, parcel_type])
        db.session.flush()
        delivery_list = DeliveryList(
            route_id=route.id,
            site_id=site.id,
            day=date(2022, 3, 3),
            route_name=route.name,
            generated_by="scheduler",
        )
        db.session.add(delivery_list)
        db.session.flush()
        stop = DeliveryStop(
            delivery_list_id=delivery_list.id,
            beneficiary_id=person.id,
            position=1,
            name="Rusu Elena",
            address="str. Florilor 3",
            phone="069000111",
            contact="Ana Rusu",
            diet_notes="fără sare",
            outcome=Outcome.DELIVERED,
            remark='=HYPERLINK("http://x")',
        )
        distribution = Distribution(
            site_id=site.id,
            parcel_type_id=parcel_type.id,
            beneficiary_id=person.id,
            quantity=2,
            day=date(2022, 1, 20),
        )
        db.session.add_all([stop, distribution])
        db.session.flush()
        services.update_beneficiary(
            person.id, {"phone": "068555444", "address": "str. Nouă 5"}, user_id=manager.id
        )
        db.session.commit()
        return PersonWorld(
            site=site,
            person=person,
            enrolment=enrolment,
            manager=manager,
            route_name=route.name,
            parcel_type_name=parcel_type.name,
            marks=[(m.day, m.mark.value) for m in marks],
            stop_id=stop.id,
            distribution_id=distribution.id,
        )
