"""The page, the workbook and the driver's email show the same stops in the same order."""

import re
import socket
import time
from io import BytesIO

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from openpyxl import load_workbook

from app.auth.models import Role
from app.core.clock import today
from app.delivery import services
from app.delivery.models import DeliveryList
from app.extensions import db


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox(Message):
    def __init__(self):
        super().__init__()
        self.messages = []

    def handle_message(self, message):
        self.messages.append(message)


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


def _people(site, make_person):
    return [
        make_person(site, last_name="Zamfir", diet_notes="fără zahăr", phone="068000001"),
        make_person(site, last_name="Arnaut", address='=HYPERLINK("x")'),
        make_person(site, last_name="Moraru", access_notes="câinele e legat"),
    ]


def page_names(html: str) -> list[str]:
    return re.findall(r'data-stop-name="([^"]+)"', html)


def test_page_workbook_and_email_agree(
    app, client, make_site, make_person, make_user, todays_list, login_as, smtp_server
):
    controller, inbox = smtp_server
    site = make_site()
    driver = make_user(Role.DRIVER, [site], email="sofer@example.org")
    delivery_list = todays_list(site, _people(site, make_person), driver=driver)
    expected = [stop.name for stop in delivery_list.stops]
    assert expected[0].startswith("Zamfir")

    login_as(Role.STAFF, [site])
    page = client.get(f"/sites/{site.id}/delivery/{today().isoformat()}").get_data(as_text=True)
    assert page_names(page) == expected
    single = client.get(f"/delivery-lists/{delivery_list.id}/print").get_data(as_text=True)
    assert page_names(single) == expected

    response = client.get(f"/sites/{site.id}/delivery/{today().isoformat()}.xlsx")
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.data))
    sheet = book[delivery_list.route_name]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[2][:3] == ("Nr.", "Nume", "Adresă")
    assert [row[1] for row in rows[3:]] == expected
    assert [row[0] for row in rows[3:]] == [1, 2, 3]
    assert rows[3][5] == "fără zahăr" and rows[3][3] == "068000001"
    assert rows[4][2] == '\'=HYPERLINK("x")'  # neutralised formula
    assert rows[5][6] == "câinele e legat"

    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=controller.port, SMTP_BACKOFF_SECONDS=0)
    try:
        with app.app_context():
            summary = services.email_drivers(today(), site_id=site.id)
            db.session.commit()
            emailed_at = db.session.get(DeliveryList, delivery_list.id).emailed_at
    finally:
        app.config.update(SMTP_HOST="")
    assert summary == "email: 1 sent, 0 failed" and emailed_at is not None
    for _ in range(50):
        if inbox.messages:
            break
        time.sleep(0.05)
    message = inbox.messages[0]
    assert message["To"] == "sofer@example.org"
    body = (
        next(p for p in message.walk() if p.get_content_type() == "text/plain")
        .get_payload(decode=True)
        .decode()
    )
    lines = [line for line in body.splitlines() if re.match(r"^\d+\. ", line)]
    assert [re.sub(r"^\d+\. (.*) \(\d+\)$", r"\1", line) for line in lines] == expected
    attachment = next(p for p in message.walk() if p.get_filename())
    attached = load_workbook(BytesIO(attachment.get_payload(decode=True)))
    assert [r[1] for r in list(attached.active.iter_rows(values_only=True))[3:]] == expected

    # sent once: a second run finds nothing to send
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=controller.port)
    try:
        with app.app_context():
            assert services.email_drivers(today(), site_id=site.id) == "email: 0 sent, 0 failed"
    finally:
        app.config.update(SMTP_HOST="")


def test_a_failed_send_is_retried_logged_and_harmless(
    app, make_site, make_person, make_user, todays_list, caplog
):
    site = make_site()
    driver = make_user(Role.DRIVER, [site], email="sofer2@example.org")
    delivery_list = todays_list(site, _people(site, make_person), driver=driver)
    app.config.update(
        SMTP_HOST="127.0.0.1", SMTP_PORT=free_port(), SMTP_RETRIES=3, SMTP_BACKOFF_SECONDS=0
    )
    try:
        with app.app_context():
            summary = services.email_drivers(today(), site_id=site.id)
            db.session.commit()
            assert db.session.get(DeliveryList, delivery_list.id).emailed_at is None
    finally:
        app.config.update(SMTP_HOST="", SMTP_RETRIES=3, SMTP_BACKOFF_SECONDS=1.0)
    assert summary == "email: 0 sent, 1 failed"
    attempts = [r for r in caplog.records if "email attempt" in r.getMessage()]
    assert len(attempts) == 3
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "Zamfir" not in logged and "sofer2@example.org" not in logged


def test_the_scheduler_writes_the_days_workbook(app, make_site, make_person, make_route, a_weekday):
    from pathlib import Path

    from scheduler.jobs import generate_delivery_lists

    site = make_site()
    make_route(site, _people(site, make_person))
    with app.app_context():
        summary = generate_delivery_lists(a_weekday)
        target = services.workbook_path(a_weekday, site.id)
    assert "workbook(s)" in summary and "email: off" in summary
    assert Path(target).parent.name == a_weekday.isoformat()
    book = load_workbook(target)
    assert [r[1] for r in list(book.active.iter_rows(values_only=True))[3:]][0].startswith("Zamfir")


@pytest.mark.parametrize(
    ("lang", "one", "three"),
    [("ro", "1 oprire", "3 opriri"), ("ru", "1 остановка", "3 остановки")],
)
def test_the_print_counts_stops_in_the_plural_of_its_language(
    client, make_site, make_person, todays_list, login_as, lang, one, three
):
    site = make_site()
    single = todays_list(site, [make_person(site, last_name="Albu")])
    login_as(Role.STAFF, [site])
    client.get(f"/lang/{lang}")
    page = client.get(f"/delivery-lists/{single.id}/print").get_data(as_text=True)
    assert f"· {one}</p>" in page
    other = make_site()
    three_list = todays_list(other, _people(other, make_person))
    login_as(Role.STAFF, [other])
    client.get(f"/lang/{lang}")
    page = client.get(f"/delivery-lists/{three_list.id}/print").get_data(as_text=True)
    assert f"· {three}</p>" in page


def test_a_run_killed_after_claiming_leaves_the_list_to_a_later_run(
    app, make_site, make_person, make_user, todays_list, smtp_server
):
    """Claimed, then the process dies before sending: the list is not marked sent, and
    once the claim is older than its lease, the next run sends it (once)."""
    from datetime import timedelta

    from sqlalchemy import update

    from app.core.clock import utcnow
    from app.delivery.services.mail import EMAIL_CLAIM_MINUTES

    controller, inbox = smtp_server
    site = make_site()
    driver = make_user(Role.DRIVER, [site], email="sofer3@example.org")
    delivery_list = todays_list(site, _people(site, make_person), driver=driver)
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=controller.port, SMTP_BACKOFF_SECONDS=0)
    try:
        with app.app_context():
            assert [e.list_id for e in services.claim_emails(today(), site_id=site.id)] == [
                delivery_list.id
            ]
            db.session.commit()  # ... and the run is killed here, before sending
            stored = db.session.get(DeliveryList, delivery_list.id)
            assert stored.emailed_at is None and stored.email_claimed_at is not None
            # another run meanwhile leaves it to the run that holds it
            assert services.email_drivers(today(), site_id=site.id) == "email: 0 sent, 0 failed"
            db.session.commit()
            # the lease runs out
            db.session.execute(
                update(DeliveryList)
                .where(DeliveryList.id == delivery_list.id)
                .values(email_claimed_at=utcnow() - timedelta(minutes=EMAIL_CLAIM_MINUTES + 1))
            )
            db.session.commit()
            assert services.email_drivers(today(), site_id=site.id) == "email: 1 sent, 0 failed"
            db.session.commit()
            assert db.session.get(DeliveryList, delivery_list.id).emailed_at is not None
            assert services.email_drivers(today(), site_id=site.id) == "email: 0 sent, 0 failed"
    finally:
        app.config.update(SMTP_HOST="", SMTP_BACKOFF_SECONDS=1.0)
    for _ in range(50):
        if inbox.messages:
            break
        time.sleep(0.05)
    assert [m["To"] for m in inbox.messages] == ["sofer3@example.org"]
