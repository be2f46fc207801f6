"""One Romanian order everywhere, review lists that add up, and the programme at a glance."""

from datetime import date

from app.attendance.models import Mark, MarkSource, Meal
from app.attendance.services import upsert_mark
from app.auth.models import Role
from app.core.text import collation_key
from app.extensions import db


def test_collation_puts_breve_and_comma_letters_in_place():
    names = ["Botnaru Ion", "Șchiopu Ana", "Bălan Raisa", "Sandu Maria", "Țurcanu Ion", "Tabac"]
    assert sorted(names, key=collation_key) == [
        "Bălan Raisa", "Botnaru Ion", "Sandu Maria", "Șchiopu Ana", "Tabac", "Țurcanu Ion",
    ]  # fmt: skip


def test_register_sorts_like_the_sheet(
    client, canteen, login_as, make_beneficiary, make_enrolment, today
):
    for last in ("Țurcanu", "Botnaru", "Bălan", "Șchiopu", "Sandu"):
        make_enrolment(canteen, beneficiary=make_beneficiary(last_name=last, first_name="Ana"))
    login_as(Role.STAFF, [canteen])
    html = client.get(f"/sites/{canteen.id}/register/2026/11/lunch").get_data(as_text=True)
    order = [html.index(f"{last} Ana") for last in ("Bălan", "Botnaru", "Sandu", "Șchiopu")]
    assert order == sorted(order) and html.index("Șchiopu Ana") < html.index("Țurcanu Ana")


def test_home_site_cards_sort_by_romanian_order(client, make_site, login_as):
    for name in ("Cantina Cobani", "Cantina Cărpineni", "Cantina Ștefănești", "Cantina Sărata"):
        make_site(name=name)
    login_as(Role.MANAGER)
    html = client.get("/").get_data(as_text=True)
    names = ("Cantina Cărpineni", "Cantina Cobani", "Cantina Sărata", "Cantina Ștefănești")
    positions = [html.index(name) for name in names]
    assert positions == sorted(positions)


def test_review_list_agrees_with_its_count(
    client, canteen, login_as, make_beneficiary, make_enrolment, today
):
    for n in range(11):
        make_enrolment(canteen, review_date=date(2026, 10, 1 + n))
    login_as(Role.STAFF, [canteen])
    html = client.get(f"/sites/{canteen.id}").get_data(as_text=True)
    assert "Revizuiri restante (11)" in html
    section = html.split('class="review-due"')[1].split("</ul>")[0]
    assert section.count("<li>") == 10 and "Încă 1: vezi lista completă" in section


def test_manager_home_shows_programme_totals_and_unmarked_sites(
    ctx, client, make_site, login_as, make_enrolment, today
):
    marked, quiet = make_site(name="Cantina Marcată"), make_site(name="Cantina Tăcută")
    people = [make_enrolment(marked).beneficiary_id for _ in range(3)]
    make_enrolment(quiet)
    for person, mark in zip(people, (Mark.PRESENT, Mark.PRESENT, Mark.ABSENT), strict=True):
        upsert_mark(
            site_id=marked.id, beneficiary_id=person, day=today, meal=Meal.LUNCH,
            mark=mark, source=MarkSource.STAFF,
        )  # fmt: skip
    db.session.commit()
    login_as(Role.MANAGER)
    html = client.get("/").get_data(as_text=True)
    assert 'data-total="people">4<' in html
    assert 'data-total="meals">2<' in html
    unmarked = html.split('class="unmarked-sites"')[1].split("</ul>")[0]
    assert "Cantina Tăcută" in unmarked and "Cantina Marcată" not in unmarked
    client.post("/logout")
    login_as(Role.STAFF, [marked])
    assert "unmarked-sites" not in client.get("/").get_data(as_text=True)


def test_home_shows_the_weekday(client, login_as, today):
    login_as(Role.MANAGER)
    assert "luni, 16.11.2026" in client.get("/").get_data(as_text=True)
