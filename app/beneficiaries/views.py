"""Pages of the beneficiaries domain: registry search, person page, forms, actions, import."""

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import ValidationError

from app.auth.permissions import SITE_ROLES, require_site, roles_required, visible_site_ids
from app.beneficiaries import services
from app.beneficiaries.access import visible_enrolment, visible_person
from app.beneficiaries.labels import (  # importing registers the words
    field_label,
    import_counts,
)
from app.beneficiaries.privacy import sees_full_idnp, shown_idnp
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
from app.beneficiaries.services import pages
from app.core.forms import max_lengths, submit
from app.core.labels import action_label, history_reason, history_value
from app.core.pages import section
from app.core.schemas import first_errors, form_data

bp = Blueprint("beneficiaries", __name__)


@bp.app_context_processor
def beneficiaries_helpers():
    links = []
    if current_user.is_authenticated and current_user.role in SITE_ROLES:
        links = [{"url": url_for("beneficiaries.index"), "text": _("Beneficiari")}]
    return {
        "beneficiaries_nav_links": links,
        "shown_idnp": shown_idnp,
        "field_label": field_label,
        "import_counts": import_counts,
        "action_label": action_label,
        "history_value": history_value,
        "history_reason": history_reason,
    }


@section("site")
def beneficiaries_site_section(site) -> dict:
    """Places taken and waiting per service, whom to offer a free place, reviews due."""
    return {
        "beneficiaries_summary": services.site_summary(site),
        "review_due": services.review_due({site.id}),
    }


def _choices():
    return {
        **pages.form_choices(visible_site_ids(current_user)),
        "limits": max_lengths(BeneficiaryLoadSchema),
    }


@bp.get("/beneficiaries")
@roles_required(*SITE_ROLES)
def index():
    errors = {}
    try:
        args = SearchArgsSchema().load(form_data(request.args))
    except ValidationError as exc:
        # a search too long (or a filter not valid) is said beside its field
        args = SearchArgsSchema().load({})
        errors = first_errors(exc.messages)
    ids = visible_site_ids(current_user)
    filters = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template(
        "beneficiaries/list.html",
        **pages.search_page(args, ids, current_user.id, partial_idnp=sees_full_idnp()),
        args=args,
        filters=filters,
        errors=errors,
        search_limits=max_lengths(SearchArgsSchema),
        limits=max_lengths(BeneficiaryLoadSchema),
    )


def _person_form_values(form) -> dict:
    values = form_data(form, lists=("categories",))
    values.setdefault("lives_alone", "false")
    values.setdefault("can_travel", "false")
    return values


@bp.route("/beneficiaries/new", methods=["GET", "POST"])
@roles_required(*SITE_ROLES)
def new():
    errors, raw, duplicate, status = {}, {}, None, 200
    if request.method == "POST":
        raw = request.form

        def create():
            data = BeneficiaryCreateSchema().load(_person_form_values(request.form))
            confirm = data.pop("confirm_not_duplicate")
            return services.create_beneficiary(
                data, confirm_not_duplicate=confirm, site_ids=visible_site_ids(current_user)
            )

        outcome = submit(create)
        if outcome.ok:
            flash(_("Persoana a fost înregistrată."), "ok")
            return redirect(url_for("beneficiaries.person", beneficiary_id=outcome.result.id))
        errors, status = outcome.errors, outcome.status
        if isinstance(outcome.refusal, services.DuplicateSuspected):
            duplicate = outcome.refusal
    return render_template(
        "beneficiaries/form.html",
        person=None,
        raw=raw,
        errors=errors,
        duplicate=duplicate,
        candidates=duplicate.candidates if duplicate else [],
        **_choices(),
    ), status


@bp.route("/beneficiaries/<int:beneficiary_id>/edit", methods=["GET", "POST"])
@roles_required(*SITE_ROLES)
def edit(beneficiary_id: int):
    person = visible_person(beneficiary_id)
    errors, raw, status = {}, {}, 200
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
        errors, status = outcome.errors, outcome.status
    return render_template(
        "beneficiaries/form.html",
        raw=raw,
        errors=errors,
        candidates=[],
        **pages.edit_page(person, visible_site_ids(current_user)),
        limits=max_lengths(BeneficiaryLoadSchema),
    ), status


def _person_page(person, errors=None, status=200, offered=None):
    return render_template(
        "beneficiaries/person.html",
        **pages.person_page(person, visible_site_ids(current_user), full_idnp=sees_full_idnp()),
        errors=errors or {},
        offered=offered,
        action_limits={
            **max_lengths(EnrolmentLoadSchema),
            **max_lengths(PauseLoadSchema),
            **max_lengths(ExitLoadSchema),
            **max_lengths(SwitchLoadSchema),
        },
        limits=max_lengths(BeneficiaryLoadSchema),
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
# the import pages live in import_views.py, on this blueprint
from app.beneficiaries import import_views  # noqa: E402, F401
