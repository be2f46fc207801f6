"""Campaigns: plan a hand-out for the people who qualify, check stock, tick them off."""

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import exists, select

from app.beneficiaries.models import (
    Beneficiary,
    BeneficiaryCategory,
    Enrolment,
)
from app.core import audit, clock
from app.core.errors import DomainError, NotFoundError
from app.extensions import db
from app.parcels.models import Campaign, CampaignEntry, DistributionStatus
from app.parcels.services.distributions import (
    cancel_distribution,
    give_parcel,
    last_distribution_near,
)
from app.parcels.services.parcel_types import get_parcel_type
from app.parcels.services.stock import get_site, on_hand


class CampaignShortage(DomainError):
    """More parcels needed than are on the shelf; creating needs a conscious yes."""

    def __init__(self, needed: int, available: int):
        super().__init__(
            _(
                "Sunt necesare %(needed)s pachete, pe raft sunt %(available)s. "
                "Confirmați dacă planificați oricum.",
                needed=needed,
                available=available,
            ),
            "accept_shortage",
        )
        self.needed = needed
        self.available = available


@dataclass
class CampaignPlan:
    people: list[Beneficiary]
    too_soon: list[tuple[Beneficiary, date]] = field(default_factory=list)
    needed: int = 0
    on_hand: int = 0

    @property
    def shortage(self) -> int:
        return max(0, self.needed - self.on_hand)


def qualifying_people(
    site_id: int, day: date, category: str | None = None, service: str | None = None
) -> list[Beneficiary]:
    """The site's people with an active enrolment on the day, by category or service."""
    enrolled = [
        Enrolment.beneficiary_id == Beneficiary.id,
        Enrolment.site_id == site_id,
        Enrolment.holds_place_on(day),
    ]
    if service:
        enrolled.append(Enrolment.service == service)
    query = select(Beneficiary).where(exists().where(*enrolled))
    if category:
        query = query.where(
            exists().where(
                BeneficiaryCategory.beneficiary_id == Beneficiary.id,
                BeneficiaryCategory.category == category,
            )
        )
    return list(
        db.session.scalars(
            query.order_by(Beneficiary.last_name_key, Beneficiary.first_name_key, Beneficiary.id)
        )
    )


def plan_campaign(
    site_id: int,
    parcel_type_id: int,
    day: date,
    quantity: int = 1,
    category: str | None = None,
    service: str | None = None,
) -> CampaignPlan:
    """Who would receive a parcel, who got one too recently, and stock against need."""
    get_site(site_id)
    parcel_type = get_parcel_type(parcel_type_id)
    plan = CampaignPlan(people=[], on_hand=on_hand(site_id, parcel_type.id))
    for person in qualifying_people(site_id, day, category, service):
        last = last_distribution_near(person.id, parcel_type, day)
        if last is None:
            plan.people.append(person)
        else:
            plan.too_soon.append((person, last))
    plan.needed = len(plan.people) * quantity
    return plan


def create_campaign(
    site_id: int,
    parcel_type_id: int,
    name: str,
    day: date,
    quantity: int = 1,
    category: str | None = None,
    service: str | None = None,
    *,
    accept_shortage: bool = False,
    user_id: int | None = None,
) -> Campaign:
    """Create the campaign and its list in one action; short stock needs accept_shortage."""
    parcel_type = get_parcel_type(parcel_type_id)
    if not parcel_type.active:
        raise DomainError(_("Acest tip de pachet este retras."), "parcel_type_id")
    plan = plan_campaign(site_id, parcel_type_id, day, quantity, category, service)
    if not plan.people:
        raise DomainError(_("Nicio persoană nu corespunde criteriilor alese."))
    if plan.shortage and not accept_shortage:
        raise CampaignShortage(plan.needed, plan.on_hand)
    campaign = Campaign(
        site_id=site_id,
        parcel_type_id=parcel_type.id,
        name=name,
        day=day,
        quantity=quantity,
        category=category,
        service=service,
        created_by_id=user_id,
    )
    campaign.entries = [
        CampaignEntry(beneficiary_id=person.id, position=index)
        for index, person in enumerate(plan.people, start=1)
    ]
    db.session.add(campaign)
    db.session.flush()
    audit.record(
        "parcel_campaign",
        campaign.id,
        "create",
        new=f"{name}: {len(plan.people)} x {quantity} {parcel_type.name} {day.isoformat()}",
        site_id=site_id,
        user_id=user_id,
    )
    return campaign


def get_campaign(campaign_id: int) -> Campaign:
    campaign = db.session.get(Campaign, campaign_id)
    if campaign is None:
        raise NotFoundError(_("Campania nu a fost găsită."))
    return campaign


def campaigns_query(site_id: int):
    return (
        select(Campaign)
        .where(Campaign.site_id == site_id)
        .order_by(Campaign.day.desc(), Campaign.id.desc())
    )


def campaign_progress(campaign: Campaign) -> tuple[int, int]:
    """(ticked off, on the list)."""
    done = sum(1 for entry in campaign.entries if entry.distribution_id is not None)
    return done, len(campaign.entries)


def tick_entry(
    campaign_id: int,
    entry_id: int,
    handed_out: bool,
    *,
    override_reason: str | None = None,
    may_override: bool = False,
    user_id: int | None = None,
) -> CampaignEntry:
    """Tick a person off (the parcel leaves stock) or untick (it comes back)."""
    campaign = get_campaign(campaign_id)
    # the row is held until commit, so a double tap from two phones hands out once
    entry = db.session.get(CampaignEntry, entry_id, with_for_update=True, populate_existing=True)
    if entry is None or entry.campaign_id != campaign.id:
        raise NotFoundError(_("Înregistrarea nu a fost găsită."))
    if handed_out and entry.distribution_id is None:
        day = min(campaign.day, clock.today())
        entry.distribution = give_parcel(
            campaign.site_id,
            campaign.parcel_type_id,
            entry.beneficiary_id,
            day,
            campaign.quantity,
            override_reason=override_reason,
            may_override=may_override,
            user_id=user_id,
        )
    elif not handed_out and entry.distribution_id is not None:
        distribution = entry.distribution
        entry.distribution = None
        db.session.flush()
        if distribution.status == DistributionStatus.HANDED_OVER:
            cancel_distribution(distribution.id, _("Debifat din lista campaniei"), user_id=user_id)
    db.session.flush()
    return entry
