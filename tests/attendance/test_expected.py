"""Who is expected on a day, and the kitchen count built on it."""

from datetime import date

from app.attendance import services
from app.attendance.models import Meal
from app.beneficiaries.models import EnrolmentStatus
from app.delivery.models import Route, RouteStop
from app.extensions import db
from app.places.models import Service


def test_expected_follows_enrolment_dates_status_and_pauses(
    ctx, canteen, make_site, make_enrolment, today
):
    ok = make_enrolment(canteen)
    delivered = make_enrolment(canteen, service=Service.DELIVERY)
    make_enrolment(canteen, status=EnrolmentStatus.WAITING)
    make_enrolment(canteen, start_date=date(2026, 11, 17))  # starts tomorrow
    make_enrolment(
        canteen,
        status=EnrolmentStatus.EXITED,
        end_date=date(2026, 11, 13),
    )
    last_day = make_enrolment(canteen, status=EnrolmentStatus.EXITED, end_date=today)
    make_enrolment(canteen, pauses=[(date(2026, 11, 10), date(2026, 11, 20))])
    after_pause = make_enrolment(canteen, pauses=[(date(2026, 11, 2), date(2026, 11, 13))])
    make_enrolment(canteen, service=Service.DAY_CARE)
    make_enrolment(make_site())  # another site
    got = {p.beneficiary_id for p in services.expected_people(canteen.id, today, Meal.LUNCH)}
    assert got == {e.beneficiary_id for e in (ok, delivered, last_day, after_pause)}


def test_kitchen_count_equals_the_expected_list_with_route_portions_and_diets(
    ctx, canteen, make_beneficiary, make_enrolment, today
):
    diabetic = make_beneficiary(diet_notes="fără zahăr")
    make_enrolment(canteen, beneficiary=diabetic)
    for _ in range(3):
        make_enrolment(canteen)
    couple = make_enrolment(canteen, service=Service.DELIVERY)
    single = make_enrolment(
        canteen, beneficiary=make_beneficiary(diet_notes=" fără  zahăr "), service="delivery"
    )
    make_enrolment(canteen, pauses=[(today, today)])  # in hospital today
    route = Route(site_id=canteen.id, name="Traseul 1")
    route.stops = [RouteStop(beneficiary_id=couple.beneficiary_id, position=1, portions=2)]
    db.session.add(route)
    db.session.flush()

    count = services.kitchen_count(canteen.id, today)
    expected = services.expected_people(canteen.id, today, Meal.LUNCH)
    assert count.serves
    assert count.at_canteen == 4
    assert count.to_deliver == 3  # two portions for the couple, one for the other
    assert count.total == sum(p.portions for p in expected) == 7
    assert len(expected) == 6
    # diets folded on spaces; everyone without notes is "normal"
    assert count.by_diet == {"normal": 5, "fără zahăr": 2}
    assert single.beneficiary_id in {p.beneficiary_id for p in expected}


def test_kitchen_count_says_why_on_a_day_without_service(ctx, canteen, make_enrolment):
    make_enrolment(canteen)
    easter_monday = services.kitchen_count(canteen.id, date(2026, 4, 13))
    assert not easter_monday.serves and easter_monday.total == 0
    assert "Paștele" in easter_monday.closed_message
    services.set_day_override(
        canteen.id, date(2026, 11, 18), is_open=False, reason="no_gas", note=None
    )
    closed = services.kitchen_count(canteen.id, date(2026, 11, 18))
    assert not closed.serves and "lipsă gaz" in closed.closed_message


def test_the_sheet_is_in_alphabetical_order_ignoring_diacritics(
    ctx, canteen, make_beneficiary, make_enrolment, today
):
    for last in ("Țurcanu", "Botnaru", "Bălan", "Șchiopu", "Sandu"):
        make_enrolment(canteen, beneficiary=make_beneficiary(last_name=last, first_name="Ana"))
    names = [p.last_name for p in services.expected_people(canteen.id, today, Meal.LUNCH)]
    assert names == ["Bălan", "Botnaru", "Sandu", "Șchiopu", "Țurcanu"]
