"""Deterministic demo registry: about 470 people with Romanian names across the demo sites.

Most eat at the canteen, about 15% get lunch delivered (they cannot travel and have
coordinates near the site so routes can be ordered), a few are paused (a pause covering
today and next week), a few wait for a place at full sites, a few have exited.
"""

import random
from datetime import date, timedelta

from sqlalchemy import select

from app.beneficiaries.models import (
    Beneficiary,
    BeneficiaryCategory,
    Category,
    DisabilityDegree,
    Enrolment,
    EnrolmentPause,
    EnrolmentStatus,
    EnrolmentStatusChange,
    ReferralSource,
    Sex,
)
from app.beneficiaries.schemas import with_check_digit
from app.beneficiaries.services import sync_keys
from app.core.clock import today, utcnow
from app.extensions import db
from app.places.models import Locality, Service, SiteKind

WOMEN = ["Maria", "Elena", "Ana", "Ecaterina", "Tatiana", "Valentina", "Nadejda", "Zinaida",
         "Eudochia", "Parascovia", "Vera", "Lidia", "Galina", "Raisa", "Agafia", "Domnica",
         "Natalia", "Svetlana", "Larisa", "Aurelia", "Tamara", "Olga", "Ludmila", "Ștefania",
         "Anastasia", "Veronica", "Liliana", "Cristina", "Mariana", "Silvia"]  # fmt: skip
MEN = ["Ion", "Gheorghe", "Vasile", "Nicolae", "Mihai", "Petru", "Dumitru", "Constantin",
       "Ștefan", "Grigore", "Tudor", "Andrei", "Pavel", "Alexandru", "Victor", "Sergiu",
       "Anatol", "Valeriu", "Iacob", "Efim", "Simion", "Toma", "Vladimir", "Boris", "Ilie",
       "Teodor", "Mircea", "Vitalie", "Oleg", "Ruslan"]  # fmt: skip
SURNAMES = ["Rusu", "Ceban", "Lungu", "Munteanu", "Cojocaru", "Țurcanu", "Bîrcă", "Ciobanu",
            "Popescu", "Rotari", "Moraru", "Botnaru", "Bălan", "Guțu", "Sîrbu", "Țîrdea",
            "Cazacu", "Grosu", "Mîțu", "Străjescu", "Căldare", "Plămădeală", "Vîrlan", "Țurcan",
            "Cebotari", "Rusnac", "Gîrlea", "Chiriac", "Ungureanu", "Ursu", "Prisăcaru",
            "Manole", "Josan", "Donică", "Șchiopu", "Roșca", "Negară", "Covali", "Buzu",
            "Țâmbală", "Pîslaru", "Onofrei", "Mocanu", "Sandu", "Lozovanu"]  # fmt: skip
STREETS = ["Ștefan cel Mare", "Mihai Eminescu", "Alexandru cel Bun", "Păcii", "Livezilor",
           "Școlii", "Independenței", "Gării", "Florilor", "Viilor", "Bisericii",
           "Tineretului"]  # fmt: skip
ADULT_CATEGORIES = [
    (Category.SOLITARY_ELDERLY, 40),
    (Category.DISABILITY, 18),
    (Category.SERIOUSLY_ILL, 8),
    (Category.BEDRIDDEN, 5),
    (Category.ELDERLY_COUPLE_ILL, 6),
    (Category.UNEMPLOYED, 6),
    (Category.FAMILY_CHILDREN_AT_RISK, 5),
    (Category.VIOLENCE_VICTIM, 2),
    (Category.RELEASED_FROM_DETENTION, 2),
    (Category.YOUNG_LEAVING_CARE, 2),
    (Category.HIV, 1),
]
CHILD_CATEGORIES = [
    Category.CHILD_AT_RISK,
    Category.CHILD_WITHOUT_PARENTAL_CARE,
    Category.ORPHAN,
    Category.ABUSED_NEGLECTED_CHILD,
]
DIETS = [None] * 8 + ["diabetic", "hrană moale", "fără sare", "alergie la nuci"]
CANTEEN_PEOPLE = 43  # 11 canteens: about 470 people, as the seeds say
CENTRE_PEOPLE = 17
CHILDREN_PER_CENTRE = 4
FULL_SITES = 2  # community centres that get more people than places: a waiting list


def load(sites) -> int:
    """Add the demo people and enrolments to the given sites; returns how many people."""
    rng = random.Random(2026)
    day = today()
    used_idnp: set[str] = set()
    created = 0
    centre_index = 0
    for site in sites:
        localities = list(
            db.session.scalars(
                select(Locality)
                .where(Locality.district_id == site.locality.district_id)
                .order_by(Locality.id)
            )
        )
        if site.kind == SiteKind.CANTEEN:
            adults, children, extra = CANTEEN_PEOPLE, 0, 0
        else:
            adults, children = CENTRE_PEOPLE, CHILDREN_PER_CENTRE
            extra = 3 if centre_index < FULL_SITES else 0
            centre_index += 1
        lunch_capacity = site.capacity(Service.LUNCH) or 0
        delivery_capacity = site.capacity(Service.DELIVERY) or 0
        if extra:
            adults = lunch_capacity + delivery_capacity // 2 + extra
        delivery_wanted = min(delivery_capacity, round(adults * 0.15))
        taken = {Service.LUNCH: 0, Service.DELIVERY: 0, Service.DAY_CARE: 0}
        for index in range(adults + children):
            child = index >= adults
            person = _person(rng, site, localities, child, used_idnp, day)
            if child:
                service = Service.DAY_CARE
            elif index < delivery_wanted:
                service = Service.DELIVERY
            else:
                service = Service.LUNCH
            _enrol(rng, person, site, service, taken, index, day)
            created += 1
    db.session.flush()
    return created


def _person(rng, site, localities, child: bool, used_idnp: set[str], day: date) -> Beneficiary:
    sex = Sex.FEMALE if rng.random() < (0.5 if child else 0.62) else Sex.MALE
    first = rng.choice(WOMEN if sex == Sex.FEMALE else MEN)
    last = rng.choice(SURNAMES)
    if child:
        birth = date(day.year - rng.randint(6, 13), rng.randint(1, 12), rng.randint(1, 28))
        categories = {rng.choice(CHILD_CATEGORIES)}
    else:
        birth = date(rng.randint(1935, 1975), rng.randint(1, 12), rng.randint(1, 28))
        weights = [w for _c, w in ADULT_CATEGORIES]
        categories = set(rng.choices([c for c, _w in ADULT_CATEGORIES], weights, k=2)[:2])
        if rng.random() < 0.6:
            categories = {next(iter(categories))}
    locality = site.locality if rng.random() < 0.6 or not localities else rng.choice(localities)
    idnp = None
    if rng.random() < 0.7:
        while idnp is None or idnp in used_idnp:
            idnp = with_check_digit(f"{rng.choice('20')}{rng.randint(0, 10**11 - 1):011d}")
        used_idnp.add(idnp)
    person = Beneficiary(
        first_name=first,
        last_name=last,
        idnp=idnp,
        birth_date=birth,
        sex=sex,
        locality_id=locality.id,
        address=f"str. {rng.choice(STREETS)} {rng.randint(1, 120)}",
        phone=f"0{rng.choice(['68', '69', '78', '79', '60'])}{rng.randint(100000, 999999)}",
        household_size=rng.randint(1, 5) if child else rng.choice([1, 1, 1, 2, 2, 3]),
        lives_alone=not child and rng.random() < 0.45,
        diet_notes=None if child else rng.choice(DIETS),
        contact_name=f"{rng.choice(WOMEN)} {last}" if rng.random() < 0.5 else None,
        contact_phone=f"079{rng.randint(100000, 999999)}" if rng.random() < 0.5 else None,
        consent_date=day - timedelta(days=rng.randint(30, 700)),
        inquiry_reference=f"AS-{rng.randint(2023, 2026)}/{rng.randint(1, 400)}",
        category_rows=[BeneficiaryCategory(category=c) for c in sorted(categories)],
    )
    if Category.DISABILITY in categories:
        person.disability_degree = rng.choice(list(DisabilityDegree))
    sync_keys(person)
    db.session.add(person)
    return person


def _enrol(rng, person, site, service: Service, taken: dict, index: int, day: date) -> None:
    capacity = site.capacity(service)
    start = day - timedelta(days=rng.randint(20, 600))
    decision = start - timedelta(days=rng.randint(2, 14))
    status = EnrolmentStatus.ACTIVE
    end_date = exit_reason = waiting_since = None
    if index % 29 == 7:  # a few have left the programme
        status = EnrolmentStatus.EXITED
        end_date = day - timedelta(days=rng.randint(3, 15))
        exit_reason = rng.choice(["decedat", "mutat la rude", "internat într-un centru"])
    elif capacity is not None and taken[service] >= capacity:
        status = EnrolmentStatus.WAITING
        start = day + timedelta(days=7)
        waiting_since = utcnow() - timedelta(days=rng.randint(5, 60))
    else:
        taken[service] += 1
    if service == Service.DELIVERY:
        person.can_travel = False
        person.cannot_travel_reason = rng.choice(
            ["țintuit la pat", "se deplasează greu", "locuiește departe", "după operație"]
        )
        person.access_notes = rng.choice([None, "poarta din spate", "sunați la vecină"])
        if site.latitude is not None and site.longitude is not None:
            person.latitude = round(site.latitude + rng.uniform(-0.02, 0.02), 6)
            person.longitude = round(site.longitude + rng.uniform(-0.025, 0.025), 6)
    enrolment = Enrolment(
        beneficiary=person,
        site_id=site.id,
        service=service,
        status=status,
        decision_number=f"{rng.randint(1, 300)}/{decision.year}",
        decision_date=decision,
        referral_source=ReferralSource.SOCIAL_WORKER
        if rng.random() < 0.8
        else rng.choice(list(ReferralSource)),
        start_date=start,
        review_date=start + timedelta(days=365 if rng.random() < 0.9 else 180),
        end_date=end_date,
        exit_reason=exit_reason,
        waiting_since=waiting_since,
        changes=[
            EnrolmentStatusChange(
                status=EnrolmentStatus.WAITING.value if waiting_since else "active",
                effective_date=start,
            )
        ],
    )
    if status == EnrolmentStatus.EXITED:
        enrolment.changes.append(
            EnrolmentStatusChange(status="exited", effective_date=end_date, reason=exit_reason)
        )
    elif status == EnrolmentStatus.ACTIVE and index % 23 == 5:  # in hospital this week
        pause_start = day - timedelta(days=rng.randint(0, 3))
        pause_end = day + timedelta(days=rng.randint(7, 12))
        enrolment.pauses.append(
            EnrolmentPause(start_date=pause_start, end_date=pause_end, reason="internat în spital")
        )
        enrolment.changes.append(
            EnrolmentStatusChange(status="paused", effective_date=pause_start, reason="spital")
        )
    db.session.add(enrolment)
