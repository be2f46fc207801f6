"""A world of two sites in two districts, with people, routes, today's lists and a user of
every role, for the tests that try each route as each kind of user."""

import itertools
import json
import secrets as tokens
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from app.auth.models import Role
from app.beneficiaries.importer import jobs
from app.beneficiaries.importer.checks import ImportResult
from app.beneficiaries.models import EnrolmentPause
from app.beneficiaries.schemas import with_check_digit
from app.core import jobs as core_jobs
from app.core.calendar import is_default_service_day
from app.core.clock import today
from app.core.models import SiteDayOverride
from app.delivery import services as delivery
from app.delivery.models import DeliveryList, RouteSubstitute
from app.extensions import db
from app.parcels import services as parcels
from app.parcels.models import SourceKind
from app.places.models import Service

_tags = itertools.count(1)


@dataclass
class Side:
    """One site and the records that belong to it (ids only: requests run in fresh sessions)."""

    site: int
    site_name: str
    district: int
    locality: int
    staff: object
    driver: object
    spare: object  # a driver of the site on no route today
    person: int  # lunch at the canteen
    enrolment: int
    pause: int
    carried: int  # home delivery, on the route
    carried_enrolment: int
    route: int
    route_stop: int
    substitute: int
    delivery_list: int
    list_stop: int
    distribution: int  # a parcel given to the person at the site
    campaign: int
    entry: int  # the campaign's entry for the person on delivery, not handed out
    job: str  # an import checked in the background for the site's staff
    secrets: list[str] = field(default_factory=list)
    people: list = field(default_factory=list)
    parcel_type: int = 0  # the one parcel type, shared by every site
    report_month: str = ""  # last month, whose generated files wait in the exports folder
    close_day: date = date(2000, 1, 1)  # a coming working day the office may close
    report_job: str = ""  # a report of the site made for its staff, ready to download

    def ids(self, day: date) -> dict:
        return {
            "site": self.site,
            "person": self.person,
            "enrolment": self.enrolment,
            "pause": self.pause,
            "carried": self.carried,
            "carried_enrolment": self.carried_enrolment,
            "route": self.route,
            "route_stop": self.route_stop,
            "substitute": self.substitute,
            "list": self.delivery_list,
            "list_stop": self.list_stop,
            "day": day.isoformat(),
            "year": day.year,
            "month": day.month,
            "staff": self.staff.id,
            "driver": self.driver.id,
            "spare": self.spare.id,
            "district": self.district,
            "locality": self.locality,
            "distribution": self.distribution,
            "campaign": self.campaign,
            "entry": self.entry,
            "job": self.job,
            "parcel_type": self.parcel_type,
            "close_day": self.close_day.isoformat(),
            "report_month": self.report_month,
            "report_job": self.report_job,
        }


@dataclass
class World:
    own: Side
    other: Side
    admin: object
    manager: object
    other_driver: object  # a driver of the own site who drives none of its routes
    day: date


def _secret_person(make_beneficiary, tag: str, letter: str, n: int, idnp_serial: int):
    surname = f"Zgardan{letter}{n}x{tag}"
    return make_beneficiary(
        first_name=f"Veaceslav{letter}{n}x{tag}",
        last_name=surname,
        idnp=with_check_digit(f"29{idnp_serial:010d}"),
        phone=f"0795{idnp_serial % 100000:05d}",
        address=f"str. Tainica{letter}{n}x{tag} 7",
    )


@pytest.fixture
def world(
    app, make_district, make_locality, make_site, make_user, make_beneficiary, make_enrolment
):
    tag = str(next(_tags))
    day = today()
    serial = itertools.count(int(tag) * 1000 + 1)
    admin = make_user(Role.ADMIN)
    manager = make_user(Role.MANAGER)
    sides = {}
    close_day = day + timedelta(days=7)
    while not is_default_service_day(close_day):
        close_day += timedelta(days=1)
    with app.app_context():
        parcel_type = parcels.create_parcel_type(
            {"name": f"Pachet Test x{tag}", "items": [{"name": "Ulei", "quantity": 1, "unit": "l"}]}
        ).id
        db.session.commit()
    other_driver = None
    for letter in ("A", "B"):
        district = make_district(f"Raion Secret{letter}x{tag}")
        locality = make_locality(f"Sat Secret{letter}x{tag}", district.id)
        site = make_site(name=f"Cantina Ascunsa{letter}x{tag}", locality_id=locality.id)
        staff = make_user(Role.STAFF, [site])
        driver = make_user(Role.DRIVER, [site])
        spare = make_user(Role.DRIVER, [site])
        if letter == "A":
            other_driver = spare
        person = _secret_person(make_beneficiary, tag, letter, 1, next(serial))
        carried = _secret_person(make_beneficiary, tag, letter, 2, next(serial))
        enrolment = make_enrolment(site, person, pauses=[(date(2030, 3, 2), date(2030, 3, 6))])
        carried_enrolment = make_enrolment(site, carried, service=Service.DELIVERY)
        with app.app_context():
            pause = db.session.scalar(
                select(EnrolmentPause.id).where(EnrolmentPause.enrolment_id == enrolment.id)
            )
            db.session.get(EnrolmentPause, pause).reason = f"Internare Spitalul{letter}x{tag}"
            route = delivery.create_route(
                site.id, f"Traseu Drum{letter}x{tag}", driver_id=driver.id, weekdays="1234567"
            )
            stop = delivery.add_stop(route.id, carried.id)
            substitute = RouteSubstitute(
                driver_id=spare.id, start_date=date(2031, 1, 6), end_date=date(2031, 1, 10)
            )
            route.substitutes.append(substitute)
            db.session.add(SiteDayOverride(site_id=site.id, day=day, is_open=True, reason="test"))
            db.session.flush()
            delivery.create_lists(day, site_id=site.id)
            db.session.commit()
            delivery_list = db.session.scalar(
                select(DeliveryList).where(DeliveryList.route_id == route.id)
            )
            list_stop = delivery_list.stops[0]
            list_stop.concern = True
            list_stop.concern_note = f"Caine Rau{letter}x{tag}"
            list_stop = list_stop.id
            parcels.record_receipt(
                site.id,
                parcel_type,
                40,
                day,
                SourceKind.DONATION,
                donor_name=f"Donator Tainic{letter}x{tag}",
            )
            distribution = parcels.record_distribution(site.id, parcel_type, person.id, day).id
            campaign = parcels.create_campaign(
                site.id, parcel_type, f"Campanie Ascunsa{letter}x{tag}", day
            )
            entry = next(e.id for e in campaign.entries if e.beneficiary_id == carried.id)
            db.session.commit()
            job = tokens.token_hex(16)
            jobs.state_path(app.config["IMPORTS_DIR"], job).write_text(
                json.dumps(
                    {
                        "user_id": staff.id,
                        "site_id": site.id,
                        "dry_run": True,
                        "state": "done",
                        "stage": "done",
                        "done": 1,
                        "total": 1,
                        "result": asdict(ImportResult(new=1)),
                        "message": None,
                    }
                ),
                "utf-8",
            )
            sides[letter] = Side(
                site=site.id,
                site_name=site.name,
                district=district.id,
                locality=locality.id,
                staff=staff,
                driver=driver,
                spare=spare,
                person=person.id,
                enrolment=enrolment.id,
                pause=pause,
                carried=carried.id,
                carried_enrolment=carried_enrolment.id,
                route=route.id,
                route_stop=stop.id,
                substitute=substitute.id,
                delivery_list=delivery_list.id,
                list_stop=list_stop,
                distribution=distribution,
                campaign=campaign.id,
                entry=entry,
                job=job,
                parcel_type=parcel_type,
                close_day=close_day,
                people=[person, carried],
                secrets=[
                    site.name,
                    f"Internare Spitalul{letter}x{tag}",
                    f"Traseu Drum{letter}x{tag}",
                    f"Caine Rau{letter}x{tag}",
                    f"Donator Tainic{letter}x{tag}",
                    f"Campanie Ascunsa{letter}x{tag}",
                    *(
                        value
                        for p in (person, carried)
                        for value in (p.first_name, p.last_name, p.idnp, p.phone, p.address)
                    ),
                    *("*********" + p.idnp[-4:] for p in (person, carried)),
                ],
            )
    with app.app_context():
        # site A's ledger names site B: parcels came from there
        parcels.record_transfer(sides["B"].site, sides["A"].site, parcel_type, 2, day)
        db.session.commit()
    # last month's generated files: the summary of every site and each site's register
    month = (day.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    folder = Path(app.config["EXPORTS_DIR"]) / "reports" / month
    folder.mkdir(parents=True, exist_ok=True)
    files = [folder / f"sinteza-{month}.xlsx"]
    for side in sides.values():
        side.report_month = month
        files.append(folder / f"registru-lunch-{side.site}-{month}.xlsx")
    for path in files:
        path.write_bytes(b"registru")
    # a report each site's staff asked on the Reports page, done
    folder = Path(app.config["EXPORTS_DIR"]) / "on-demand"
    folder.mkdir(parents=True, exist_ok=True)
    for side in sides.values():
        side.report_job = tokens.token_hex(16)
        core_jobs.write_state(
            folder,
            side.report_job,
            {
                "user_id": side.staff.id,
                "report": "summary",
                "scope": [side.site],
                "download_name": f"sinteza-{day.isoformat()}-{day.isoformat()}.xlsx",
                "state": "done",
                "step": 3,
                "steps": 3,
                "stage": "saving",
                "sheets": 3,
            },
        )
        files += [folder / f"{side.report_job}.xlsx", folder / f"{side.report_job}.json"]
        files[-2].write_bytes(b"sinteza")
    yield World(sides["A"], sides["B"], admin, manager, other_driver, day)
    for side in sides.values():
        jobs.discard(app.config["IMPORTS_DIR"], side.job)
    for path in files:
        path.unlink(missing_ok=True)
