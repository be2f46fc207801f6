"""Demo parcels: the usual parcel types, stock donated and bought, last month's hand-outs."""

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from app.beneficiaries.models import Enrolment
from app.core import clock
from app.core.errors import DomainError
from app.delivery.models import DeliveryList, DeliveryStop
from app.extensions import db
from app.parcels import services
from app.parcels.models import AdjustmentReason, SourceKind
from app.places.models import Service

PARCEL_TYPES = [
    (
        "Pachet alimentar standard",
        30,
        [
            ("Făină de grâu", "2", "kg"),
            ("Ulei de floarea-soarelui", "1", "l"),
            ("Zahăr", "1", "kg"),
            ("Orez", "1", "kg"),
            ("Paste făinoase", "1", "kg"),
            ("Conservă de pește", "2", "buc"),
        ],
    ),
    (
        "Pachet pentru familii cu copii",
        30,
        [
            ("Fulgi de ovăz", "1", "kg"),
            ("Lapte UHT", "2", "l"),
            ("Hrișcă", "1", "kg"),
            ("Biscuiți", "0.5", "kg"),
        ],
    ),
    (
        "Pachet de Crăciun",
        300,
        [
            ("Făină de grâu", "2", "kg"),
            ("Mălai", "2", "kg"),
            ("Ulei de floarea-soarelui", "1", "l"),
            ("Conservă de carne", "2", "buc"),
            ("Bomboane", "0.5", "kg"),
        ],
    ),
]
DONOR = "Banca de Alimente din Moldova"


def load(sites) -> None:
    """Parcel types; at each site offering parcels, stock received and a month of hand-outs."""
    types = [
        services.create_parcel_type(
            {
                "name": name,
                "min_days_between": days,
                "items": [
                    {"name": item, "quantity": Decimal(qty), "unit": unit}
                    for item, qty, unit in items
                ],
            }
        )
        for name, days, items in PARCEL_TYPES
    ]
    standard, children, christmas = types
    today = clock.today()
    received = today - timedelta(days=35)
    for index, site in enumerate(s for s in sites if s.offers(Service.PARCELS)):
        services.record_receipt(
            site.id,
            standard.id,
            40,
            received,
            SourceKind.DONATION,
            donor_name=DONOR,
            document_number=f"AV-{2026}-{101 + index}",
        )
        services.record_receipt(
            site.id,
            children.id,
            15,
            received + timedelta(days=2),
            SourceKind.PURCHASE,
            document_number=f"F-{5400 + index}",
        )
        services.record_adjustment(
            site.id, standard.id, -1, received + timedelta(days=3), AdjustmentReason.DAMAGED,
            note="ambalaj rupt la descărcare",
        )  # fmt: skip
        people = list(
            db.session.scalars(
                select(Enrolment.beneficiary_id)
                .where(Enrolment.site_id == site.id)
                .distinct()
                .order_by(Enrolment.beneficiary_id)
                .limit(10)
            )
        )
        for n, person_id in enumerate(people):
            day = today - timedelta(days=2 + (n * 3) % 28)
            parcel_type = children if n % 4 == 3 else standard
            services.record_distribution(site.id, parcel_type.id, person_id, day)
        if index < 3:
            _past_campaign(site, christmas, today)
            _parcels_on_todays_lists(site, children, today)
    db.session.flush()


def _past_campaign(site, parcel_type, today) -> None:
    """A winter hand-out a week ago for the site's elderly living alone, mostly ticked off."""
    services.record_receipt(
        site.id,
        parcel_type.id,
        20,
        today - timedelta(days=12),
        SourceKind.DONATION,
        donor_name="Fundația „Speranța”",
        document_number=f"AV-{2026}-3{site.id:02d}",
    )
    try:
        campaign = services.create_campaign(
            site.id,
            parcel_type.id,
            "Ajutor de iarnă",
            today - timedelta(days=7),
            category="solitary_elderly",
            accept_shortage=True,
        )
    except DomainError:
        return  # no one qualifies at this site
    for entry in campaign.entries[: max(1, len(campaign.entries) - 2)]:
        try:
            services.tick_entry(campaign.id, entry.id, True)
        except DomainError:
            break  # the shelf is empty: the rest stay on the list


def _parcels_on_todays_lists(site, parcel_type, today) -> None:
    """Two parcels travel with today's delivery lists (when the site delivers today)."""
    from app.delivery import services as delivery

    delivery.generate_lists(today, site_id=site.id, generated_by="demo")
    stops = db.session.scalars(
        select(DeliveryStop)
        .join(DeliveryList, DeliveryList.id == DeliveryStop.delivery_list_id)
        .where(DeliveryList.site_id == site.id, DeliveryList.day == today)
        .order_by(DeliveryStop.position)
    ).all()
    given = 0
    for stop in stops:
        if given == 2:
            break
        if services.last_distribution_near(stop.beneficiary_id, parcel_type, today):
            continue
        services.put_on_delivery_list(site.id, parcel_type.id, stop.beneficiary_id, today)
        given += 1
