"""Sending each driver the day's lists by email, with retries."""

import logging
import smtplib
import time
from datetime import date
from email.message import EmailMessage

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select, update

from app.auth.models import User
from app.core.clock import utcnow
from app.delivery.models import (
    DeliveryList,
)
from app.delivery.services.files import list_document, workbook_bytes
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


def email_drivers(day: date, site_id: int | None = None) -> str:
    """Send each driver with an email address the day's lists not sent yet.

    Only when SMTP_HOST is set. A list is claimed by setting emailed_at where it is still
    empty, so two processes do not both send it; a send that fails after the retries
    gives the claim back and is logged (without personal data). Nothing here raises.
    """
    config = current_app.config
    if not config.get("SMTP_HOST"):
        return "email: off"
    query = (
        select(DeliveryList)
        .join(User, User.id == DeliveryList.driver_id)
        .where(
            DeliveryList.day == day,
            DeliveryList.emailed_at.is_(None),
            User.email.isnot(None),
            User.email != "",
        )
        .order_by(DeliveryList.id)
    )
    if site_id is not None:
        query = query.where(DeliveryList.site_id == site_id)
    tries = max(1, int(config.get("SMTP_RETRIES", 3)))
    backoff = float(config.get("SMTP_BACKOFF_SECONDS", 1.0))
    sent = failed = 0
    for delivery_list in list(db.session.scalars(query)):
        claimed = db.session.execute(
            update(DeliveryList)
            .where(DeliveryList.id == delivery_list.id, DeliveryList.emailed_at.is_(None))
            .values(emailed_at=utcnow())
            .execution_options(synchronize_session=False)
        ).rowcount
        if not claimed:
            continue
        document = list_document(delivery_list)
        message = EmailMessage()
        message["Subject"] = _(
            "Lista de livrare %(route)s, %(day)s",
            route=document["route_name"],
            day=day.strftime("%d.%m.%Y"),
        )
        message["From"] = config["MAIL_FROM"]
        message["To"] = document["driver_email"]
        message.set_content(email_text(document))
        message.add_attachment(
            workbook_bytes([document]),
            maintype="application",
            subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            filename=f"livrare-{day.isoformat()}-{delivery_list.id}.xlsx",
        )
        for attempt in range(1, tries + 1):
            try:
                _send(message)
            except (OSError, smtplib.SMTPException) as exc:
                log.warning(
                    "delivery list %s: email attempt %s/%s failed (%s)",
                    delivery_list.id,
                    attempt,
                    tries,
                    type(exc).__name__,
                )
                if attempt < tries:
                    time.sleep(backoff * attempt)
            else:
                sent += 1
                break
        else:
            failed += 1
            db.session.execute(
                update(DeliveryList)
                .where(DeliveryList.id == delivery_list.id)
                .values(emailed_at=None)
                .execution_options(synchronize_session=False)
            )
    db.session.expire_all()
    return f"email: {sent} sent, {failed} failed"
