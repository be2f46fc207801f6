"""Sending each driver the day's lists by email, with retries."""

import logging
import smtplib
import time
from dataclasses import dataclass
from datetime import date, timedelta
from email.message import EmailMessage

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import or_, select, update

from app.auth.models import User
from app.core.clock import utcnow
from app.delivery.models import (
    DeliveryList,
)
from app.delivery.services.files import list_documents, workbook_bytes
from app.extensions import db

log = logging.getLogger("app.delivery.services")


def email_text(document: dict) -> str:
    lines = [
        _(
            "Lista de livrare: %(route)s, %(day)s",
            route=document["route_name"],
            day=document["day"].strftime("%d.%m.%Y"),
        ),
        document["site"],
        "",
    ]
    for stop in document["stops"]:
        lines.append(f"{stop['position']}. {stop['name']} ({stop['portions']})")
        details = [
            stop["address"],
            stop["phone"],
            stop["contact"] and _("contact: %(c)s", c=stop["contact"]),
            stop["diet_notes"] and _("dietă: %(d)s", d=stop["diet_notes"]),
            stop["access_notes"] and _("acces: %(a)s", a=stop["access_notes"]),
        ]
        lines.extend(f"   {d}" for d in details if d)
    return "\n".join(lines) + "\n"


def _send(message: EmailMessage) -> None:
    config = current_app.config
    with smtplib.SMTP(
        config["SMTP_HOST"], config["SMTP_PORT"], timeout=config.get("SMTP_TIMEOUT", 10)
    ) as smtp:
        if config.get("SMTP_STARTTLS"):
            smtp.starttls()
        if config.get("SMTP_USER"):
            smtp.login(config["SMTP_USER"], config["SMTP_PASSWORD"])
        smtp.send_message(message)


# a run sends its claimed lists within minutes (retries included); a claim older than
# this is a run that died before sending, and the next run sends the list
EMAIL_CLAIM_MINUTES = 30


@dataclass(frozen=True)
class PendingEmail:
    list_id: int
    message: EmailMessage


def claim_emails(day: date, site_id: int | None = None) -> list[PendingEmail] | None:
    """Take the day's lists not sent yet to drivers with an email address; None when off.

    Only when SMTP_HOST is set. A list is claimed by setting email_claimed_at where no
    run holds it, so two processes do not both send it; a claim older than
    EMAIL_CLAIM_MINUTES belongs to a run that died before sending, and is taken over.
    Commit the claims before sending, so no transaction waits on the mail server; then
    finish_emails marks what was sent and gives back what failed.
    """
    config = current_app.config
    if not config.get("SMTP_HOST"):
        return None
    now = utcnow()
    free = or_(
        DeliveryList.email_claimed_at.is_(None),
        DeliveryList.email_claimed_at < now - timedelta(minutes=EMAIL_CLAIM_MINUTES),
    )
    query = (
        select(DeliveryList)
        .join(User, User.id == DeliveryList.driver_id)
        .where(
            DeliveryList.day == day,
            DeliveryList.emailed_at.is_(None),
            free,
            User.email.isnot(None),
            User.email != "",
        )
        .order_by(DeliveryList.id)
    )
    if site_id is not None:
        query = query.where(DeliveryList.site_id == site_id)
    claimed = []
    for delivery_list in list(db.session.scalars(query)):
        if db.session.execute(
            update(DeliveryList)
            .where(DeliveryList.id == delivery_list.id, DeliveryList.emailed_at.is_(None), free)
            .values(email_claimed_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount:
            claimed.append(delivery_list)
    return [
        PendingEmail(document["id"], _message(document, day))
        for document in list_documents(claimed)
    ]


def _message(document: dict, day: date) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = _(
        "Lista de livrare %(route)s, %(day)s",
        route=document["route_name"],
        day=day.strftime("%d.%m.%Y"),
    )
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = document["driver_email"]
    message.set_content(email_text(document))
    message.add_attachment(
        workbook_bytes([document]),
        maintype="application",
        subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        filename=f"livrare-{day.isoformat()}-{document['id']}.xlsx",
    )
    return message


def send_emails(pending: list[PendingEmail]) -> list[int]:
    """Send claimed lists, retrying; the ids of the lists that could not be sent.

    Touches no database. Failures are logged without personal data; nothing raises.
    """
    config = current_app.config
    tries = max(1, int(config.get("SMTP_RETRIES", 3)))
    backoff = float(config.get("SMTP_BACKOFF_SECONDS", 1.0))
    failed = []
    for email in pending:
        for attempt in range(1, tries + 1):
            try:
                _send(email.message)
            except (OSError, smtplib.SMTPException) as exc:
                log.warning(
                    "delivery list %s: email attempt %s/%s failed (%s)",
                    email.list_id,
                    attempt,
                    tries,
                    type(exc).__name__,
                )
                if attempt < tries:
                    time.sleep(backoff * attempt)
            else:
                break
        else:
            failed.append(email.list_id)
    return failed


def finish_emails(pending: list[PendingEmail] | None, failed: list[int]) -> None:
    """Mark the claimed lists sent, and give back the claims of those that failed."""
    sent = [email.list_id for email in pending or [] if email.list_id not in failed]
    if sent:
        db.session.execute(
            update(DeliveryList)
            .where(DeliveryList.id.in_(sent))
            .values(emailed_at=utcnow())
            .execution_options(synchronize_session=False)
        )
    if failed:
        db.session.execute(
            update(DeliveryList)
            .where(DeliveryList.id.in_(failed))
            .values(email_claimed_at=None)
            .execution_options(synchronize_session=False)
        )
    db.session.expire_all()


def email_summary(pending: list[PendingEmail] | None, failed: list[int]) -> str:
    if pending is None:
        return "email: off"
    return f"email: {len(pending) - len(failed)} sent, {len(failed)} failed"


def email_drivers(day: date, site_id: int | None = None) -> str:
    """Claim, send and finish in one go, for callers that hold no lock worth freeing;
    the delivery-lists job runs the three steps with commits between them."""
    pending = claim_emails(day, site_id=site_id)
    failed = send_emails(pending or [])
    finish_emails(pending, failed)
    return email_summary(pending, failed)
