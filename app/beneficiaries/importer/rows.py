"""The row schema: what each template column accepts, spelled as people write it."""

from datetime import date, datetime
from functools import lru_cache

from flask_babel import force_locale
from flask_babel import gettext as _
from marshmallow import ValidationError, fields, validate

from app.beneficiaries import labels as _labels  # noqa: F401 - the Romanian words
from app.beneficiaries.importer.reading import _loose
from app.beneficiaries.models import Beneficiary, Category, DisabilityDegree, ReferralSource, Sex
from app.beneficiaries.schemas import IDNP, Text
from app.core import audit
from app.core.labels import LABELS
from app.core.schemas import LoadSchema
from app.places.models import Service

PERSON_COLUMNS = (
    "last_name",
    "first_name",
    "idnp",
    "birth_date",
    "sex",
    "address",
    "phone",
    "household_size",
    "disability_degree",
    "lives_alone",
    "can_travel",
    "cannot_travel_reason",
    "inquiry_reference",
    "diet_notes",
    "contact_name",
    "contact_phone",
    "consent_date",
)
YES = {"da", "yes", "1", "true", "x", "+"}
NO = {"nu", "no", "0", "false", "-"}


@lru_cache(maxsize=16)
def _words(enum_cls, extra: tuple[tuple[str, str], ...] = ()) -> dict[str, str]:
    """Accepted spellings of an enum's values: the code and the Romanian word, folded."""
    words = {}
    with force_locale("ro"):  # the file speaks Romanian whatever the user's language
        for member in enum_cls:
            words[_loose(member.value)] = member.value
            if member.value in LABELS:
                words[_loose(str(LABELS[member.value]))] = member.value
    for word, value in extra:
        words[_loose(word)] = value
    return words


class Choice(fields.String):
    """A word from a fixed list, matched ignoring case and diacritics."""

    def __init__(self, words_factory, **kwargs):
        super().__init__(**kwargs)
        self.words_factory = words_factory

    def _deserialize(self, value, attr, data, **kwargs):
        text = _loose(super()._deserialize(value, attr, data, **kwargs))
        if not text:
            return None
        found = self.words_factory().get(text)
        if found is None:
            raise ValidationError(_("Valoare necunoscută: „%(value)s”.", value=value))
        return found


class YesNo(fields.String):
    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool):
            return value
        text = _loose(str(value))
        if text in YES:
            return True
        if text in NO:
            return False
        raise ValidationError(_("Scrieți „da” sau „nu”."))


class CategoryList(fields.String):
    def _deserialize(self, value, attr, data, **kwargs):
        words = _words(Category)
        found, unknown = [], []
        for part in str(value).replace(",", ";").split(";"):
            key = _loose(part)
            if not key:
                continue
            if key in words:
                found.append(words[key])
            else:
                unknown.append(part.strip())
        if unknown:
            raise ValidationError(_("Categorie necunoscută: %(names)s.", names=", ".join(unknown)))
        return sorted(set(found))


class ExcelDate(fields.Date):
    """A date cell, or text as 31.12.1950, 31/12/1950 or 1950-12-31."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = str(value).strip()
        for pattern in ("%d.%m.%Y", "%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
            try:
                return datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        raise ValidationError(_("Dată nevalidă; scrieți ZZ.LL.AAAA."))


SERVICE_WORDS = {
    "cantina": "lunch",
    "pranz": "lunch",
    "pranz la cantina": "lunch",
    "livrare": "delivery",
    "domiciliu": "delivery",
    "livrare la domiciliu": "delivery",
    "pachete": "parcels",
    "pachet": "parcels",
    "centru de zi": "day_care",
}


class ImportRowSchema(LoadSchema):
    last_name = Text(required=True, validate=validate.Length(min=1, max=80))
    first_name = Text(required=True, validate=validate.Length(min=1, max=80))
    idnp = IDNP()
    birth_date = ExcelDate()
    sex = Choice(lambda: _words(Sex, (("femeie", "F"), ("barbat", "M"))))
    locality = Text(validate=validate.Length(max=80))
    district = Text(validate=validate.Length(max=80))
    address = Text(validate=validate.Length(max=200))
    phone = Text(validate=validate.Length(max=40))
    household_size = fields.Integer(validate=validate.Range(min=1, max=30))
    categories = CategoryList()
    disability_degree = Choice(lambda: _words(DisabilityDegree))
    lives_alone = YesNo()
    can_travel = YesNo()
    cannot_travel_reason = Text(validate=validate.Length(max=200))
    inquiry_reference = Text(validate=validate.Length(max=80))
    diet_notes = Text(validate=validate.Length(max=300))
    contact_name = Text(validate=validate.Length(max=120))
    contact_phone = Text(validate=validate.Length(max=40))
    consent_date = ExcelDate()
    service = Choice(lambda: _words(Service, tuple(SERVICE_WORDS.items())))
    decision_number = Text(validate=validate.Length(max=60))
    decision_date = ExcelDate()
    referral_source = Choice(
        lambda: _words(ReferralSource, (("asistent social", "social_worker"),))
    )
    start_date = ExcelDate()
    review_date = ExcelDate()


def person_values(data: dict) -> dict:
    values = {name: data[name] for name in PERSON_COLUMNS if name in data}
    for name in ("sex", "disability_degree"):
        if name in values:
            values[name] = (Sex if name == "sex" else DisabilityDegree)(values[name])
    if "locality_id" in data:
        values["locality_id"] = data["locality_id"]
    if "categories" in data:
        values["categories"] = data["categories"]
    return values


def differs(person: Beneficiary, values: dict) -> bool:
    for name, value in values.items():
        current = (
            [c.value for c in person.categories] if name == "categories" else getattr(person, name)
        )
        if audit._text(current) != audit._text(value):
            return True
    return False
