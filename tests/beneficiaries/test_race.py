"""Two requests enrol one person for lunch at two sites at the same moment."""

import threading
from datetime import date

from app.beneficiaries import services
from app.beneficiaries.models import Enrolment, EnrolmentStatus
from app.core.db import writing
from app.core.errors import DomainError
from app.extensions import db
from app.places import services as places_services
from app.places.models import Service, SiteKind


def seed(app):
    with app.app_context(), writing():
        district = places_services.create_district("Cahul")
        locality = places_services.create_locality("Giurgiulești", district.id)
        sites = [
            places_services.create_site(
                {
                    "name": name,
                    "kind": SiteKind.CANTEEN,
                    "locality_id": locality.id,
                    "services": [
                        {"service": Service.LUNCH, "capacity": 10},
                        {"service": Service.DELIVERY, "capacity": 10},
                    ],
                }
            )
            for name in ("Cantina Nord", "Cantina Sud")
        ]
        person = services.create_beneficiary(
            {
                "first_name": "Vasile",
                "last_name": "Ceban",
                "birth_date": date(1944, 2, 3),
                "consent_date": date(2026, 1, 5),
            }
        )
        db.session.commit()
        return person.id, [(s.id, s.name) for s in sites]


def test_two_racing_lunch_enrolments_exactly_one_wins(committed):
    app = committed
    person_id, sites = seed(app)
    barrier = threading.Barrier(len(sites))
    outcomes: dict[str, str] = {}

    def enrol(site_id: int, site_name: str, service: Service):
        with app.app_context(), writing():
            barrier.wait(timeout=10)
            try:
                services.enrol(
                    person_id, site_id=site_id, service=service, start_date=date(2026, 11, 16)
                )
                db.session.commit()
                outcomes[site_name] = "won"
            except DomainError as exc:
                db.session.rollback()
                outcomes[site_name] = exc.message
            finally:
                db.session.remove()

    threads = [
        threading.Thread(target=enrol, args=(site_id, name, service))
        for (site_id, name), service in zip(sites, (Service.LUNCH, Service.DELIVERY), strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    winners = [name for name, outcome in outcomes.items() if outcome == "won"]
    assert len(outcomes) == 2 and len(winners) == 1, outcomes
    loser_message = next(m for m in outcomes.values() if m != "won")
    assert winners[0] in loser_message  # the other site is named
    with app.app_context():
        active = db.session.scalars(
            db.select(Enrolment).where(
                Enrolment.beneficiary_id == person_id,
                Enrolment.status == EnrolmentStatus.ACTIVE,
            )
        ).all()
        assert len(active) == 1
