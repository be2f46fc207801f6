"""Pages of the beneficiaries domain: registry search, person page, forms, actions, import."""

import io
import secrets
import time
from pathlib import Path

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import ValidationError
from sqlalchemy import select

from app.auth.models import User
from app.auth.permissions import SITE_ROLES, require_site, roles_required, visible_site_ids
from app.beneficiaries import importer, services
from app.beneficiaries.access import visible_enrolment, visible_person
from app.beneficiaries.labels import field_label  # importing registers the words
from app.beneficiaries.models import Category, DisabilityDegree, ReferralSource
from app.beneficiaries.privacy import mask_idnp, sees_full_idnp, shown_idnp
from app.beneficiaries.schemas import (
    ActivateLoadSchema,
    BeneficiaryCreateSchema,
    BeneficiaryLoadSchema,
    EnrolmentLoadSchema,
    ExitLoadSchema,
    PauseLoadSchema,
    ResumeLoadSchema,
    SearchArgsSchema,
    SwitchLoadSchema,
)
from app.core.converters import id_value
from app.core.errors import DomainError
from app.core.forms import submit
from app.core.schemas import first_errors, form_data, paginate
from app.extensions import db
from app.places.models import Locality, Service, Site

bp = Blueprint("beneficiaries", __name__)


@bp.app_context_processor
def beneficiaries_helpers():
    links = []
    if current_user.is_authenticated and current_user.role in SITE_ROLES:
        links = [{"url": url_for("beneficiaries.index"), "text": _("Beneficiari")}]
    return {
        "beneficiaries_nav_links": links,
        "beneficiaries_site_summary": services.site_summary,
        "beneficiaries_review_due": lambda site: services.review_due({site.id}),
        "shown_idnp": shown_idnp,
        "field_label": field_label,
    }


def _localities():
    return list(db.session.scalars(select(Locality).order_by(Locality.name)))


def _sites():
    ids = visible_site_ids(current_user)
    query = select(Site).where(Site.active.is_(True)).order_by(Site.name)
    if ids is not None:
        query = query.where(Site.id.in_(ids))
    return list(db.session.scalars(query))


def _choices():
    return {
        "localities": _localities(),
        "categories": list(Category),
        "degrees": list(DisabilityDegree),
        "referral_sources": list(ReferralSource),
        "sites": _sites(),
        "services": list(Service),
    }


@bp.get("/beneficiaries")
@roles_required(*SITE_ROLES)
def index():
    try:
        args = SearchArgsSchema().load(form_data(request.args))
    except ValidationError as exc:
        args = SearchArgsSchema().load({})
        flash(" ".join(first_errors(exc.messages).values()), "error")
    query = services.search_query(args, visible_site_ids(current_user), current_user.id)
    page = paginate(query, args["page"], args["per_page"])
    filters = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template(
        "beneficiaries/list.html", page=page, args=args, filters=filters, **_choices()
    )


def _person_form_values(form) -> dict:
    values = form_data(form, lists=("categories",))
    values.setdefault("lives_alone", "false")
    values.setdefault("can_travel", "false")
    return values


@bp.route("/beneficiaries/new", methods=["GET", "POST"])
@roles_required(*SITE_ROLES)
def new():
    errors, raw, candidates = {}, {}, []
    if request.method == "POST":
        raw = request.form
        try:
            data = BeneficiaryCreateSchema().load(_person_form_values(request.form))
            confirm = data.pop("confirm_not_duplicate")
            person = services.create_beneficiary(data, confirm_not_duplicate=confirm)
        except ValidationError as exc:
            errors = first_errors(exc.messages)
        except services.DuplicateSuspected as exc:
            candidates = exc.candidates
            errors = {"_": exc.message}
        except DomainError as exc:
            db.session.rollback()
            errors = {exc.field or "_": exc.message}
        else:
            db.session.commit()
            flash(_("Persoana a fost înregistrată."), "ok")
            return redirect(url_for("beneficiaries.person", beneficiary_id=person.id))
    status = 409 if candidates else (422 if errors else 200)
    return render_template(
        "beneficiaries/form.html",
        person=None,
        raw=raw,
        errors=errors,
        candidates=candidates,
        **_choices(),
    ), status


@bp.route("/beneficiaries/<int:beneficiary_id>/edit", methods=["GET", "POST"])
@roles_required(*SITE_ROLES)
def edit(beneficiary_id: int):
    person = visible_person(beneficiary_id)
    errors, raw = {}, {}
    if request.method == "POST":
        raw = request.form
        values = _person_form_values(request.form)

        def save():
            data = BeneficiaryLoadSchema().load(values)
            if "idnp" not in values and not sees_full_idnp():
                data.pop("idnp")  # staff see it masked: an empty box keeps it
            return services.update_beneficiary(person.id, data)

        outcome = submit(save)
        if outcome.ok:
            flash(_("Modificările au fost salvate."), "ok")
            return redirect(url_for("beneficiaries.person", beneficiary_id=person.id))
        errors = outcome.errors
    return render_template(
        "beneficiaries/form.html",
        person=person,
        raw=raw,
        errors=errors,
        candidates=[],
        **_choices(),
    ), (422 if errors else 200)


def _history_rows(person_id: int) -> list[dict]:
    entries = services.person_history(person_id)
    user_ids = {e.user_id for e in entries if e.user_id}
    names = dict(
        db.session.execute(select(User.id, User.full_name).where(User.id.in_(user_ids))).all()
    )
    full = sees_full_idnp()
    rows = []
    for entry in entries:
        old, new = entry.old_value, entry.new_value
        if entry.field == "idnp" and not full:
            old, new = mask_idnp(old), mask_idnp(new)
        rows.append(
            {
                "at": entry.at,
                "who": names.get(entry.user_id, "—"),
                "entity": entry.entity,
                "action": entry.action,
                "field": entry.field,
                "old": old,
                "new": new,
                "reason": entry.reason,
            }
        )
    return rows


def _person_page(person, errors=None, status=200, offered=None):
    ids = visible_site_ids(current_user)
    enrolments = [e for e in person.enrolments if ids is None or e.site_id in ids]
    return render_template(
        "beneficiaries/person.html",
        person=person,
        enrolments=enrolments,
        history=_history_rows(person.id),
        errors=errors or {},
        offered=offered,
        **_choices(),
    ), status


@bp.get("/beneficiaries/<int:beneficiary_id>")
@roles_required(*SITE_ROLES)
def person(beneficiary_id: int):
    return _person_page(visible_person(beneficiary_id))[0]


@bp.post("/beneficiaries/<int:beneficiary_id>/enrol")
@roles_required(*SITE_ROLES)
def enrol(beneficiary_id: int):
    person = visible_person(beneficiary_id)

    def save():
        data = EnrolmentLoadSchema().load(form_data(request.form))
        require_site(data["site_id"])
        return services.enrol(person.id, **data)

    outcome = submit(save)
    if not outcome.ok:
        return _person_page(person, {"enrol": outcome.errors}, outcome.status)
    result = outcome.result
    if result.waiting:
        flash(_("Serviciul este plin: persoana a fost trecută în lista de așteptare."), "ok")
    else:
        flash(_("Persoana a fost înscrisă."), "ok")
    return redirect(url_for("beneficiaries.person", beneficiary_id=person.id))


ACTIONS = {
    "pause": PauseLoadSchema,
    "resume": ResumeLoadSchema,
    "exit": ExitLoadSchema,
    "switch": SwitchLoadSchema,
    "activate": ActivateLoadSchema,
}


def _run_action(action: str, enrolment_id: int, data: dict):
    if action == "pause":
        services.pause_enrolment(enrolment_id, data["start_date"], data["end_date"], data["reason"])
    elif action == "resume":
        services.resume_early(enrolment_id, data["pause_id"], data["resume_date"])
    elif action == "exit":
        return services.exit_enrolment(enrolment_id, data["end_date"], data["reason"]).offered
    elif action == "switch":
        services.switch_lunch_mode(enrolment_id, data["effective_date"], data["reason"])
    else:
        services.activate_waiting(enrolment_id, data.get("start_date"))
    return None


@bp.post("/enrolments/<int:enrolment_id>/<action>")
@roles_required(*SITE_ROLES)
def enrolment_action(enrolment_id: int, action: str):
    if action not in ACTIONS:
        abort(404)
    enrolment = visible_enrolment(enrolment_id)
    person = enrolment.beneficiary
    key = f"{action}-{enrolment.id}"
    outcome = submit(
        lambda: _run_action(action, enrolment.id, ACTIONS[action]().load(form_data(request.form)))
    )
    if not outcome.ok:
        return _person_page(person, {key: outcome.errors}, outcome.status)
    offered = outcome.result
    flash(_("Salvat."), "ok")
    if offered is not None:
        flash(
            _(
                "Loc liber: %(name)s (în așteptare din %(since)s) poate fi activat(ă).",
                name=offered.beneficiary.full_name,
                since=offered.waiting_since.strftime("%d.%m.%Y"),
            ),
            "ok",
        )
    next_url = request.form.get("next", "")
    if next_url.startswith("/") and not next_url.startswith("//"):
        return redirect(next_url)
    return redirect(url_for("beneficiaries.person", beneficiary_id=person.id))


@bp.get("/beneficiaries/review-due")
@roles_required(*SITE_ROLES)
def review_due():
    rows = services.review_due(visible_site_ids(current_user))
    return render_template("beneficiaries/review_due.html", rows=rows)


# ---------------------------------------------------------------- import


def _upload_dir() -> Path:
    """Where uploads wait for confirmation; previews left unconfirmed are removed
    after IMPORT_KEEP_HOURS, since the files hold personal data."""
    path = Path(current_app.config["IMPORTS_DIR"])
    path.mkdir(parents=True, exist_ok=True)
    too_old = time.time() - current_app.config["IMPORT_KEEP_HOURS"] * 3600
    for stale in path.glob("*.xlsx"):
        if stale.stat().st_mtime < too_old:
            stale.unlink(missing_ok=True)
    return path


@bp.get("/beneficiaries/import/template.xlsx")
@roles_required(*SITE_ROLES)
def import_template():
    buffer = io.BytesIO()
    importer.write_template(buffer)
    buffer.seek(0)
    return send_file(
        buffer,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        as_attachment=True,
        download_name="model-import-beneficiari.xlsx",
    )


@bp.route("/beneficiaries/import", methods=["GET", "POST"])
@roles_required(*SITE_ROLES)
def import_page():
    context = {"sites": _sites(), "result": None, "token": None, "errors": {}, "site_id": None}
    if request.method == "GET":
        return render_template("beneficiaries/import.html", **context)
    site_id = request.form.get("site_id", type=id_value)
    context["site_id"] = site_id
    if site_id is None:
        context["errors"] = {"site_id": _("Alegeți centrul.")}
        return render_template("beneficiaries/import.html", **context), 422
    require_site(site_id)
    token = request.form.get("token", "")
    confirming = bool(token)
    if confirming:
        if not token.isalnum():
            abort(400)
        path = _upload_dir() / f"{token}.xlsx"
        if not path.exists():
            context["errors"] = {"file": _("Fișierul a expirat; încărcați-l din nou.")}
            return render_template("beneficiaries/import.html", **context), 422
    else:
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            context["errors"] = {"file": _("Alegeți fișierul Excel.")}
            return render_template("beneficiaries/import.html", **context), 422
        token = secrets.token_hex(16)
        path = _upload_dir() / f"{token}.xlsx"
        upload.save(path)
    try:
        result = importer.import_beneficiaries(str(path), site_id, dry_run=not confirming)
    except importer.ImportFileError as exc:
        path.unlink(missing_ok=True)
        context["errors"] = {"file": str(exc)}
        return render_template("beneficiaries/import.html", **context), 422
    if result.errors:
        db.session.rollback()
        path.unlink(missing_ok=True)
        context["result"] = result
        return render_template("beneficiaries/import.html", **context), 422
    if not confirming:
        db.session.rollback()
        context.update(result=result, token=token)
        return render_template("beneficiaries/import.html", **context)
    db.session.commit()
    path.unlink(missing_ok=True)
    flash(
        _(
            "Import reușit: %(new)s persoane noi, %(updated)s actualizate, "
            "%(unchanged)s neschimbate; %(enrolled)s înscrieri.",
            new=result.new,
            updated=result.updated,
            unchanged=result.unchanged,
            enrolled=result.enrolled,
        ),
        "ok",
    )
    return redirect(url_for("beneficiaries.index", site_id=site_id))
