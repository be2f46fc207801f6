"""/api/v1 endpoints of the beneficiaries domain."""

from flask import jsonify, request
from flask_babel import gettext as _
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import fields

from app.auth.permissions import SITE_ROLES, require_site, roles_required, visible_site_ids
from app.beneficiaries import importer, services
from app.beneficiaries.access import visible_enrolment, visible_person
from app.beneficiaries.privacy import sees_full_idnp
from app.beneficiaries.schemas import (
    ActivateLoadSchema,
    BeneficiaryCreateSchema,
    BeneficiaryPageSchema,
    BeneficiarySchema,
    BeneficiaryUpdateSchema,
    DuplicateSchema,
    EnrolmentLoadSchema,
    EnrolmentSchema,
    EnrolmentUpdateSchema,
    ExitLoadSchema,
    ExitResultSchema,
    HistoryEntrySchema,
    ImportArgsSchema,
    ImportResultSchema,
    PauseLoadSchema,
    ResumeLoadSchema,
    SearchArgsSchema,
    SwitchLoadSchema,
)
from app.core.errors import InvalidInputError
from app.core.schemas import paginate

blp = Blueprint("beneficiaries_api", __name__, url_prefix="/api/v1", description="Beneficiaries")


@blp.get("/beneficiaries")
@roles_required(*SITE_ROLES)
@blp.arguments(SearchArgsSchema, location="query")
@blp.response(200, BeneficiaryPageSchema)
def list_beneficiaries(args):
    query = services.search_query(
        args, visible_site_ids(current_user), current_user.id, partial_idnp=sees_full_idnp()
    )
    return paginate(query, args["page"], args["per_page"])


@blp.post("/beneficiaries")
@roles_required(*SITE_ROLES)
@blp.arguments(BeneficiaryCreateSchema)
@blp.response(201, BeneficiarySchema)
def create_beneficiary(data):
    confirm = data.pop("confirm_not_duplicate")
    try:
        person = services.create_beneficiary(
            data, confirm_not_duplicate=confirm, site_ids=visible_site_ids(current_user)
        )
    except services.DuplicateSuspected as exc:
        candidates = DuplicateSchema(many=True).dump(exc.candidates)
        for candidate in candidates:
            candidate["sites"] = exc.sites[candidate["id"]]
        body = {"message": exc.message, "candidates": candidates}
        return jsonify(body), 409
    return person


@blp.get("/beneficiaries/<int:beneficiary_id>")
@roles_required(*SITE_ROLES)
@blp.response(200, BeneficiarySchema)
def get_beneficiary(beneficiary_id):
    return visible_person(beneficiary_id)


@blp.patch("/beneficiaries/<int:beneficiary_id>")
@roles_required(*SITE_ROLES)
@blp.arguments(BeneficiaryUpdateSchema)
@blp.response(200, BeneficiarySchema)
def update_beneficiary(data, beneficiary_id):
    return services.update_beneficiary(visible_person(beneficiary_id).id, data)


@blp.get("/beneficiaries/<int:beneficiary_id>/history")
@roles_required(*SITE_ROLES)
@blp.response(200, HistoryEntrySchema(many=True))
def person_history(beneficiary_id):
    """Who changed what on a person and their enrolments, newest first (as the user may read)."""
    person = visible_person(beneficiary_id)
    return services.person_history_rows(
        person.id, visible_site_ids(current_user), full_idnp=sees_full_idnp()
    )


@blp.get("/beneficiaries/<int:beneficiary_id>/enrolments")
@roles_required(*SITE_ROLES)
@blp.response(200, EnrolmentSchema(many=True))
def list_enrolments(beneficiary_id):
    person = visible_person(beneficiary_id)
    ids = visible_site_ids(current_user)
    return [e for e in person.enrolments if ids is None or e.site_id in ids]


@blp.post("/beneficiaries/<int:beneficiary_id>/enrolments")
@roles_required(*SITE_ROLES)
@blp.arguments(EnrolmentLoadSchema)
@blp.response(201, EnrolmentSchema)
def create_enrolment(data, beneficiary_id):
    person = visible_person(beneficiary_id)
    require_site(data["site_id"])
    result = services.enrol(person.id, **data)
    return result.enrolment


@blp.get("/enrolments/<int:enrolment_id>")
@roles_required(*SITE_ROLES)
@blp.response(200, EnrolmentSchema)
def get_enrolment(enrolment_id):
    return visible_enrolment(enrolment_id)


@blp.patch("/enrolments/<int:enrolment_id>")
@roles_required(*SITE_ROLES)
@blp.arguments(EnrolmentUpdateSchema)
@blp.response(200, EnrolmentSchema)
def update_enrolment(data, enrolment_id):
    return services.update_enrolment(visible_enrolment(enrolment_id).id, data)


@blp.post("/enrolments/<int:enrolment_id>/pause")
@roles_required(*SITE_ROLES)
@blp.arguments(PauseLoadSchema)
@blp.response(201, EnrolmentSchema)
def pause_enrolment(data, enrolment_id):
    enrolment = visible_enrolment(enrolment_id)
    services.pause_enrolment(enrolment.id, data["start_date"], data["end_date"], data["reason"])
    return enrolment


@blp.post("/enrolments/<int:enrolment_id>/resume")
@roles_required(*SITE_ROLES)
@blp.arguments(ResumeLoadSchema)
@blp.response(200, EnrolmentSchema)
def resume_enrolment(data, enrolment_id):
    enrolment = visible_enrolment(enrolment_id)
    services.resume_early(enrolment.id, data["pause_id"], data["resume_date"])
    return enrolment


@blp.post("/enrolments/<int:enrolment_id>/exit")
@roles_required(*SITE_ROLES)
@blp.arguments(ExitLoadSchema)
@blp.response(200, ExitResultSchema)
def exit_enrolment(data, enrolment_id):
    enrolment = visible_enrolment(enrolment_id)
    result = services.exit_enrolment(enrolment.id, data["end_date"], data["reason"])
    return {"enrolment": result.enrolment, "offered": result.offered}


@blp.post("/enrolments/<int:enrolment_id>/switch")
@roles_required(*SITE_ROLES)
@blp.arguments(SwitchLoadSchema)
@blp.response(201, EnrolmentSchema)
def switch_enrolment(data, enrolment_id):
    enrolment = visible_enrolment(enrolment_id)
    return services.switch_lunch_mode(enrolment.id, data["effective_date"], data["reason"])


@blp.post("/enrolments/<int:enrolment_id>/activate")
@roles_required(*SITE_ROLES)
@blp.arguments(ActivateLoadSchema)
@blp.response(200, EnrolmentSchema)
def activate_enrolment(data, enrolment_id):
    enrolment = visible_enrolment(enrolment_id)
    services.activate_waiting(enrolment.id, data.get("start_date"))
    return enrolment


class ReviewDueSchema(EnrolmentSchema):
    person = fields.Function(lambda e: e.beneficiary.full_name)


@blp.get("/sites/<int:site_id>/review-due")
@roles_required(*SITE_ROLES)
@blp.response(200, ReviewDueSchema(many=True))
def site_review_due(site_id):
    require_site(site_id)
    return services.review_due({site_id})


UPLOAD = {"type": "string", "format": "binary"}


@blp.post("/beneficiaries/import")
@roles_required(*SITE_ROLES)
@blp.arguments(ImportArgsSchema, location="query")
@blp.doc(
    requestBody={
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {"type": "object", "properties": {"file": UPLOAD}, "required": ["file"]}
            }
        },
    }
)
@blp.response(200, ImportResultSchema)
def import_beneficiaries(args):
    require_site(args["site_id"])
    upload = request.files.get("file")
    if upload is None:
        raise InvalidInputError(_("Alegeți fișierul Excel."), field="file")
    try:
        # the importer commits its own batches (none on a dry run or an error)
        result = importer.import_beneficiaries(
            upload.stream,
            args["site_id"],
            site_ids=visible_site_ids(current_user),
            user_id=current_user.id,
            dry_run=args["dry_run"],
        )
    except importer.ImportFileError as exc:
        raise InvalidInputError(str(exc), field="file") from exc
    if result.errors:
        return jsonify(
            {
                "message": _("Fișierul are erori; nu s-a importat nimic."),
                "errors": ImportResultSchema().dump(result)["errors"],
            }
        ), 422
    return result
