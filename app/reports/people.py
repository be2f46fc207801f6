"""The beneficiary list of a period: everyone enrolled at the sites the user sees.

Columns depend on the role: the IDNP column exists only for the roles that may read
it (app/beneficiaries/privacy.py); staff get the list without it.
"""

from collections import defaultdict
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import or_, select

from app.beneficiaries.models import Beneficiary, BeneficiaryCategory, Enrolment
from app.core.labels import label
from app.extensions import db
from app.places.models import District, Locality, Site, by_name
from app.reports.books import book_titles, cover_lines
from app.reports.summary import SummaryFilters, site_scope
from exports.summary import DATE, Column, SummaryBook, Table


def people_rows(filters: SummaryFilters, *, visible: set[int] | None, with_idnp: bool):
    """One row per enrolment overlapping the period, by district, site and name."""
    scope = site_scope(filters, visible)
    rows = db.session.execute(
        select(
            District.name,
            Site.name,
            Beneficiary.id,
            Beneficiary.last_name,
            Beneficiary.first_name,
            Beneficiary.idnp,
            Beneficiary.birth_date,
            Beneficiary.sex,
            Beneficiary.address,
            Beneficiary.phone,
            Enrolment.service,
            Enrolment.status,
            Enrolment.decision_number,
            Enrolment.start_date,
            Enrolment.review_date,
            Enrolment.end_date,
        )
        .join(Beneficiary, Beneficiary.id == Enrolment.beneficiary_id)
        .join(Site, Site.id == Enrolment.site_id)
        .join(Locality, Locality.id == Site.locality_id)
        .join(District, District.id == Locality.district_id)
        .where(
            Enrolment.site_id.in_(scope),
            Enrolment.start_date <= filters.end,
            or_(Enrolment.end_date.is_(None), Enrolment.end_date >= filters.start),
        )
        .order_by(
            *by_name(District, Site),
            Beneficiary.last_name_key,
            Beneficiary.first_name_key,
            Enrolment.start_date,
        )
    ).all()
    categories: dict[int, list[str]] = defaultdict(list)
    ids = sorted({row[2] for row in rows})
    for start in range(0, len(ids), 500):
        for person_id, category in db.session.execute(
            select(BeneficiaryCategory.beneficiary_id, BeneficiaryCategory.category)
            .where(BeneficiaryCategory.beneficiary_id.in_(ids[start : start + 500]))
            .order_by(BeneficiaryCategory.beneficiary_id, BeneficiaryCategory.category)
        ):
            categories[person_id].append(label(category))
    table = []
    for (district, site, person_id, last, first, idnp, birth, sex, address, phone,
         service, status, decision, start, review, end) in rows:  # fmt: skip
        row = [district, site, f"{last} {first}"]
        if with_idnp:
            row.append(idnp)
        row += [
            birth,
            label(sex) if sex else None,
            "; ".join(categories.get(person_id, ())),
            label(service),
            label(status),
            decision,
            start,
            review,
            end,
            address,
            phone,
        ]
        table.append(row)
    return table


def people_book(filters, rows, *, with_idnp: bool, generated_by: str, generated_at: datetime):
    columns = [
        Column(_("Raion"), 16),
        Column(_("Centru"), 28),
        Column(_("Nume, prenume"), 28),
    ]
    if with_idnp:
        columns.append(Column("IDNP", 15))
    columns += [
        Column(_("Data nașterii"), 12, DATE),
        Column(_("Sex"), 10),
        Column(_("Categorii"), 40),
        Column(_("Serviciu"), 22),
        Column(_("Statut"), 12),
        Column(_("Nr. deciziei"), 12),
        Column(_("Început"), 12, DATE),
        Column(_("Revizuire"), 12, DATE),
        Column(_("Sfârșit"), 12, DATE),
        Column(_("Adresa"), 30),
        Column(_("Telefon"), 14),
    ]
    return SummaryBook(
        cover_title=_("Lista beneficiarilor"),
        cover=[
            *cover_lines(
                filters, generated_by=generated_by, generated_at=generated_at, with_filters=False
            ),
            (_("Rânduri"), len(rows)),
        ],
        definitions=[
            (
                _("Lista beneficiarilor"),
                _("Fiecare înscriere care se suprapune cu perioada, la centrele accesibile."),
            )
        ],
        tables=[Table(_("Beneficiari"), columns, rows, freeze="D2")],
        **book_titles(),
    )
