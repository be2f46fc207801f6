"""Report figures, aggregated in SQL: parcels by site, type, category and month; stock."""

from datetime import date

from app.beneficiaries.models import Category
from app.extensions import db
from app.parcels import services
from app.parcels.models import AdjustmentReason, SourceKind
from app.parcels.services import report_data


def test_parcels_by_site_type_month_and_by_category(
    ctx, today, canteen, other_canteen, make_parcel_type, person_at
):
    flour = make_parcel_type(name="Făină și ulei")
    winter = make_parcel_type(name="Pachet de iarnă")
    ana = person_at(canteen, categories=[Category.SOLITARY_ELDERLY, Category.DISABILITY])
    ion = person_at(canteen, categories=[Category.SOLITARY_ELDERLY])
    eva = person_at(other_canteen, categories=[Category.UNEMPLOYED])
    for site, parcel_type in ((canteen, flour), (canteen, winter), (other_canteen, flour)):
        services.record_receipt(site.id, parcel_type.id, 20, date(2026, 9, 1), SourceKind.PURCHASE)
    services.record_distribution(canteen.id, flour.id, ana.id, date(2026, 10, 5), 2)
    services.record_distribution(canteen.id, flour.id, ion.id, date(2026, 10, 20))
    services.record_distribution(canteen.id, flour.id, ion.id, date(2026, 11, 2))
    services.record_distribution(canteen.id, winter.id, ion.id, date(2026, 11, 3))
    services.record_distribution(other_canteen.id, flour.id, eva.id, date(2026, 11, 4))
    cancelled = services.record_distribution(canteen.id, winter.id, ana.id, date(2026, 11, 5))
    services.cancel_distribution(cancelled.id, "greșit")
    services.record_distribution(canteen.id, flour.id, ana.id, date(2026, 9, 30))  # before
    db.session.flush()

    rows = report_data.parcels_by_site_type_month(date(2026, 10, 1), date(2026, 11, 30))
    got = {
        (r["site_id"], r["parcel_type_name"], r["month"]): (
            r["distributions"],
            r["parcels"],
            r["people"],
        )
        for r in rows
    }
    assert got == {
        (canteen.id, "Făină și ulei", "2026-10"): (2, 3, 2),
        (canteen.id, "Făină și ulei", "2026-11"): (1, 1, 1),
        (canteen.id, "Pachet de iarnă", "2026-11"): (1, 1, 1),  # the cancelled one is out
        (other_canteen.id, "Făină și ulei", "2026-11"): (1, 1, 1),
    }
    mine = report_data.parcels_by_site_type_month(
        date(2026, 10, 1), date(2026, 11, 30), site_ids={other_canteen.id}
    )
    assert {r["site_id"] for r in mine} == {other_canteen.id}

    by_category = report_data.parcels_by_category_month(
        date(2026, 10, 1), date(2026, 10, 31), site_ids={canteen.id}
    )
    assert {(r["category"], r["parcels"], r["people"]) for r in by_category} == {
        ("solitary_elderly", 3, 2),
        ("disability", 2, 1),
    }


def test_stock_on_hand_and_movements_for_a_period(ctx, today, canteen, other_canteen, parcel_type):
    services.record_receipt(
        canteen.id, parcel_type.id, 10, date(2026, 9, 20), SourceKind.DONATION, donor_name="D"
    )
    services.record_receipt(canteen.id, parcel_type.id, 5, date(2026, 10, 3), SourceKind.PURCHASE)
    services.record_transfer(canteen.id, other_canteen.id, parcel_type.id, 4, date(2026, 10, 4))
    services.record_adjustment(
        canteen.id, parcel_type.id, -1, date(2026, 10, 5), AdjustmentReason.DAMAGED
    )
    services.record_adjustment(
        canteen.id, parcel_type.id, -2, date(2026, 11, 5), AdjustmentReason.EXPIRED
    )
    db.session.flush()

    rows = report_data.stock_movements(date(2026, 10, 1), date(2026, 10, 31))
    by_site = {r["site_id"]: r for r in rows}
    mine = by_site[canteen.id]
    assert (mine["opening"], mine["received"], mine["transferred_out"], mine["adjusted"]) == (
        10,
        5,
        4,
        -1,
    )
    assert mine["closing"] == 10 + 5 - 4 - 1
    other = by_site[other_canteen.id]
    assert (other["opening"], other["transferred_in"], other["closing"]) == (0, 4, 4)

    end_october = {
        r["site_id"]: r["on_hand"] for r in report_data.stock_on_hand(date(2026, 10, 31))
    }
    assert end_october == {canteen.id: 10, other_canteen.id: 4}
    now = {r["site_id"]: r["on_hand"] for r in report_data.stock_on_hand(today)}
    assert now[canteen.id] == services.on_hand(canteen.id, parcel_type.id) == 8
