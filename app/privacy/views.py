"""A person's data for a data subject's request: a page and its downloads (office only)."""

import io
import json

from flask import Blueprint, Response, render_template, send_file
from flask_login import current_user

from app.auth.permissions import OFFICE_ROLES, roles_required
from app.beneficiaries.services import get_beneficiary
from app.core.db import writing
from app.privacy import person_data

bp = Blueprint("privacy", __name__)

NO_STORE = {"Cache-Control": "no-store"}


@bp.get("/beneficiaries/<int:beneficiary_id>/data")
@roles_required(*OFFICE_ROLES)
def person_data_page(beneficiary_id: int):
    person = get_beneficiary(beneficiary_id)
    sections = person_data.person_data(person.id)
    counts = [(s.title, len(s.rows)) for s in sections if s.key != "person"]
    body = render_template("privacy/person_data.html", person=person, counts=counts)
    return body, 200, NO_STORE


@bp.get("/beneficiaries/<int:beneficiary_id>/data.xlsx")
@roles_required(*OFFICE_ROLES)
def person_data_xlsx(beneficiary_id: int):
    stream = io.BytesIO()
    with writing():  # the export is written down in the audit log
        sections = person_data.person_data(beneficiary_id)
        person_data.write_workbook(sections, stream)
        person_data.record_export(beneficiary_id, "xlsx", user_id=current_user.id)
    stream.seek(0)
    response = send_file(
        stream,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        as_attachment=True,
        download_name=f"persoana-{beneficiary_id}.xlsx",
        max_age=0,
    )
    response.headers.update(NO_STORE)
    return response


@bp.get("/beneficiaries/<int:beneficiary_id>/data.json")
@roles_required(*OFFICE_ROLES)
def person_data_json(beneficiary_id: int):
    with writing():
        sections = person_data.person_data(beneficiary_id)
        body = json.dumps(person_data.as_json(sections), ensure_ascii=False, indent=2)
        person_data.record_export(beneficiary_id, "json", user_id=current_user.id)
    return Response(
        body,
        mimetype="application/json",
        headers={
            **NO_STORE,
            "Content-Disposition": f'attachment; filename="persoana-{beneficiary_id}.json"',
        },
    )
