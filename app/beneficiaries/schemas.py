"""Input and output schemas of the registry: people, enrolments and their actions."""

import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from app.beneficiaries.models import (
    Category,
    DisabilityDegree,
    EnrolmentStatus,
    ReferralSource,
    Sex,
)
from app.beneficiaries.privacy import shown_idnp
from app.core.clock import today
from app.core.schemas import (
    INT32_MAX,
    FormId,
    LoadSchema,
    PageArgsSchema,
    PageMetaSchema,
    PartialLoadSchema,
    Upload,
    dates_in_order,
)
from app.core.text import collation_key
from app.places.models import Service

IDNP_WEIGHTS = (7, 3, 1)
IDNP_DIGITS = re.compile(r"[0-9]{13}")


def idnp_check_digit(first12: str) -> int:
    """Weights 7, 3, 1 repeated over the first 12 digits; the sum modulo 10."""
    return sum(int(d) * IDNP_WEIGHTS[i % 3] for i, d in enumerate(first12)) % 10


def with_check_digit(first12: str) -> str:
    """A full IDNP from its first 12 digits."""
    return first12 + str(idnp_check_digit(first12))


def idnp_problem(value: str) -> str | None:
    """Why an IDNP is not valid (a sentence for the user), or None when it is."""
    # only ASCII 0-9: str.isdigit() and int() also take "²" and Arabic-Indic digits
    if not IDNP_DIGITS.fullmatch(value):
        return str(_l("IDNP trebuie să aibă exact 13 cifre."))
    if idnp_check_digit(value[:12]) != int(value[12]):
        return str(_l("IDNP nu este valid: cifra de control nu se potrivește."))
    return None


class Text(fields.String):
    """A string trimmed of spaces; an empty string counts as no value."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs).strip()
        return text or None


class IDNP(Text):
    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        if text is None:
            return None
        text = text.replace(" ", "")
        problem = idnp_problem(text)
        if problem:
            raise ValidationError(problem)
        return text


def _not_future(value):
    if value > today():
        # a plain string: marshmallow would split a lazy one into characters
        raise ValidationError(_("Data nu poate fi în viitor."))


def optional(field_cls, *args, **kwargs):
    return field_cls(*args, load_default=None, allow_none=True, **kwargs)


NAME = validate.Length(min=1, max=80)


class BeneficiaryLoadSchema(LoadSchema):
    first_name = Text(required=True, validate=NAME)
    last_name = Text(required=True, validate=NAME)
    idnp = optional(IDNP)
    birth_date = optional(fields.Date, validate=_not_future)
    sex = optional(fields.Enum, Sex, by_value=True)
    locality_id = optional(fields.Integer)
    address = Text(load_default="", validate=validate.Length(max=200))  # NOT NULL column
    latitude = optional(fields.Float, validate=validate.Range(-90, 90))
    longitude = optional(fields.Float, validate=validate.Range(-180, 180))
    phone = optional(Text, validate=validate.Length(max=40))
    household_size = optional(fields.Integer, validate=validate.Range(min=1, max=30))
    categories = fields.List(fields.Enum(Category, by_value=True), load_default=list)
    disability_degree = optional(fields.Enum, DisabilityDegree, by_value=True)
    lives_alone = fields.Boolean(load_default=False)
    can_travel = fields.Boolean(load_default=True)
    cannot_travel_reason = optional(Text, validate=validate.Length(max=200))
    inquiry_reference = optional(Text, validate=validate.Length(max=80))
    diet_notes = optional(Text, validate=validate.Length(max=300))
    access_notes = optional(Text, validate=validate.Length(max=300))
    contact_name = optional(Text, validate=validate.Length(max=120))
    contact_phone = optional(Text, validate=validate.Length(max=40))
    consent_date = optional(fields.Date, validate=_not_future)
    notes = optional(Text, validate=validate.Length(max=2000))

    @validates_schema
    def reason_when_cannot_travel(self, data, partial=None, **kwargs):
        if data.get("can_travel") is False and not data.get("cannot_travel_reason"):
            if partial and "can_travel" not in data:
                return
            raise ValidationError(
                _l("Scrieți motivul pentru care persoana nu se poate deplasa."),
                "cannot_travel_reason",
            )


class BeneficiaryCreateSchema(BeneficiaryLoadSchema):
    confirm_not_duplicate = fields.Boolean(load_default=False)


class BeneficiaryUpdateSchema(PartialLoadSchema, BeneficiaryLoadSchema):
    pass


class SiteRefSchema(Schema):
    id = fields.Integer()
    name = fields.String()


class PauseSchema(Schema):
    id = fields.Integer()
    start_date = fields.Date()
    end_date = fields.Date()
    reason = fields.String()


class StatusChangeSchema(Schema):
    status = fields.String()
    effective_date = fields.Date()
    reason = fields.String(allow_none=True)
    changed_at = fields.DateTime()


class EnrolmentSchema(Schema):
    id = fields.Integer()
    beneficiary_id = fields.Integer()
    site_id = fields.Integer()
    site = fields.Function(lambda e: e.site.name)
    service = fields.Enum(Service, by_value=True)
    status = fields.Enum(EnrolmentStatus, by_value=True)
    shown_status = fields.Function(lambda e: e.shown_status(today()))
    decision_number = fields.String(allow_none=True)
    decision_date = fields.Date(allow_none=True)
    referral_source = fields.Enum(ReferralSource, by_value=True, allow_none=True)
    referral_name = fields.String(allow_none=True)
    start_date = fields.Date()
    review_date = fields.Date(allow_none=True)
    end_date = fields.Date(allow_none=True)
    exit_reason = fields.String(allow_none=True)
    waiting_since = fields.DateTime(allow_none=True)
    pauses = fields.List(fields.Nested(PauseSchema))
    changes = fields.List(fields.Nested(StatusChangeSchema))


class BeneficiarySchema(Schema):
    id = fields.Integer()
    first_name = fields.String()
    last_name = fields.String()
    idnp = fields.Function(lambda p: shown_idnp(p.idnp))
    birth_date = fields.Date(allow_none=True)
    sex = fields.Enum(Sex, by_value=True, allow_none=True)
    locality_id = fields.Integer(allow_none=True)
    locality = fields.Function(lambda p: p.locality.name if p.locality else None)
    address = fields.String()
    latitude = fields.Float(allow_none=True)
    longitude = fields.Float(allow_none=True)
    phone = fields.String(allow_none=True)
    household_size = fields.Integer(allow_none=True)
    categories = fields.List(fields.Enum(Category, by_value=True))
    disability_degree = fields.Enum(DisabilityDegree, by_value=True, allow_none=True)
    lives_alone = fields.Boolean()
    can_travel = fields.Boolean()
    cannot_travel_reason = fields.String(allow_none=True)
    inquiry_reference = fields.String(allow_none=True)
    diet_notes = fields.String(allow_none=True)
    access_notes = fields.String(allow_none=True)
    contact_name = fields.String(allow_none=True)
    contact_phone = fields.String(allow_none=True)
    consent_date = fields.Date(allow_none=True)
    notes = fields.String(allow_none=True)
    enrolments = fields.Method("visible_enrolments")

    def visible_enrolments(self, person):
        """Staff see the person's enrolments at their own sites only."""
        from flask_login import current_user

        from app.auth.permissions import visible_site_ids

        ids = visible_site_ids(current_user)
        shown = [e for e in person.enrolments if ids is None or e.site_id in ids]
        return EnrolmentSchema(many=True).dump(shown)


class BeneficiaryListItemSchema(Schema):
    id = fields.Integer()
    first_name = fields.String()
    last_name = fields.String()
    idnp = fields.Function(lambda p: shown_idnp(p.idnp))
    birth_date = fields.Date(allow_none=True)
    locality = fields.Function(lambda p: p.locality.name if p.locality else None)
    categories = fields.List(fields.Enum(Category, by_value=True))


class BeneficiaryPageSchema(PageMetaSchema):
    items = fields.List(fields.Nested(BeneficiaryListItemSchema))


class DuplicateSchema(Schema):
    id = fields.Integer()
    first_name = fields.String()
    last_name = fields.String()
    birth_date = fields.Date(allow_none=True)
    idnp = fields.Function(lambda p: shown_idnp(p.idnp))
    sites = fields.Function(
        lambda p: sorted({e.site.name for e in p.enrolments}, key=collation_key)
    )


class HistoryEntrySchema(Schema):
    """One event of a person's history, as the user may read it."""

    at = fields.DateTime()
    who = fields.String()
    entity = fields.String()
    action = fields.String()
    field = fields.String(allow_none=True)
    old = fields.String(allow_none=True)
    new = fields.String(allow_none=True)
    reason = fields.String(allow_none=True)


class SearchArgsSchema(PageArgsSchema):
    q = optional(Text, validate=validate.Length(max=120))
    idnp = optional(Text, validate=validate.Length(max=13))
    locality_id = optional(fields.Integer)
    site_id = optional(fields.Integer)
    category = optional(fields.Enum, Category, by_value=True)
    status = optional(
        fields.String, validate=validate.OneOf(["waiting", "active", "paused", "exited"])
    )
    review_due = fields.Boolean(load_default=False)


class EnrolmentLoadSchema(LoadSchema):
    site_id = fields.Integer(required=True)
    service = fields.Enum(Service, by_value=True, required=True)
    decision_number = optional(Text, validate=validate.Length(max=60))
    decision_date = optional(fields.Date)
    referral_source = optional(fields.Enum, ReferralSource, by_value=True)
    referral_name = optional(Text, validate=validate.Length(max=120))
    start_date = fields.Date(required=True)
    review_date = optional(fields.Date)

    @validates_schema
    def review_after_start(self, data, **kwargs):
        message = _l("Data revizuirii nu poate fi înainte de data începerii.")
        dates_in_order(data, "start_date", "review_date", message)


class EnrolmentUpdateSchema(PartialLoadSchema):
    decision_number = optional(Text, validate=validate.Length(max=60))
    decision_date = optional(fields.Date)
    referral_source = optional(fields.Enum, ReferralSource, by_value=True)
    referral_name = optional(Text, validate=validate.Length(max=120))
    review_date = optional(fields.Date)


class PauseLoadSchema(LoadSchema):
    start_date = fields.Date(required=True)
    end_date = fields.Date(required=True)
    reason = Text(required=True, validate=validate.Length(min=1, max=200))

    @validates_schema
    def end_after_start(self, data, **kwargs):
        message = _l("Sfârșitul pauzei nu poate fi înainte de început.")
        dates_in_order(data, "start_date", "end_date", message)


class ResumeLoadSchema(LoadSchema):
    pause_id = fields.Integer(required=True)
    resume_date = fields.Date(required=True)


class ExitLoadSchema(LoadSchema):
    end_date = fields.Date(required=True)
    reason = Text(required=True, validate=validate.Length(min=1, max=200))


class SwitchLoadSchema(LoadSchema):
    effective_date = fields.Date(required=True)
    reason = Text(required=True, validate=validate.Length(min=1, max=200))


class ActivateLoadSchema(LoadSchema):
    start_date = optional(fields.Date)


class ExitResultSchema(Schema):
    enrolment = fields.Nested(EnrolmentSchema)
    offered = fields.Nested(EnrolmentSchema, allow_none=True)


class ImportArgsSchema(LoadSchema):
    site_id = fields.Integer(required=True)
    dry_run = fields.Boolean(load_default=False)


CHOOSE_SITE = _l("Alegeți centrul.")


class ImportTokenSchema(LoadSchema):
    """An upload checked before, named by its token (to confirm or cancel it).

    The page checks the token's shape itself: one it did not write is a 400, not a
    form to correct; the length limit only keeps a huge text out."""

    token = fields.String(load_default="", validate=validate.Length(max=1000))


class ImportFormSchema(ImportTokenSchema):
    """The import page's form: the site, and the file to check or, to confirm a file
    checked before, its token. Which of the two is needed is said once the site is
    known to be the user's (a stranger's site is refused before any word on files)."""

    site_id = FormId(
        required=True,
        validate=validate.Range(min=1, max=INT32_MAX, error=CHOOSE_SITE),
        error_messages={"required": CHOOSE_SITE, "invalid": CHOOSE_SITE},
    )
    file = Upload(load_default=None, error_messages={"invalid": _l("Alegeți fișierul Excel.")})


class ImportErrorSchema(Schema):
    row = fields.Integer()
    column = fields.String()
    message = fields.String()


class ImportResultSchema(Schema):
    imported = fields.Boolean()
    new = fields.Integer()
    updated = fields.Integer()
    unchanged = fields.Integer()
    enrolled = fields.Integer()
    errors = fields.List(fields.Nested(ImportErrorSchema))
