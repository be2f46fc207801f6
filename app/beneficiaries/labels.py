"""Romanian words for the beneficiaries domain's stored values."""

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from app.core.labels import LABELS

LABELS.update(
    {
        # categories
        "solitary_elderly": _l("Vârstnic solitar"),
        "elderly_couple_ill": _l("Cuplu de vârstnici, unul grav bolnav"),
        "disability": _l("Persoană cu dizabilități"),
        "bedridden": _l("Persoană țintuită la pat"),
        "seriously_ill": _l("Persoană grav bolnavă"),
        "family_children_at_risk": _l("Familie cu copii în situație de risc"),
        "family_disabled_children": _l("Familie cu copii cu dizabilități"),
        "child_without_parental_care": _l("Copil rămas fără ocrotire părintească"),
        "orphan": _l("Copil orfan"),
        "abused_neglected_child": _l("Copil abuzat sau neglijat"),
        "child_at_risk": _l("Copil în situație de risc"),
        "young_leaving_care": _l("Tânăr care părăsește sistemul rezidențial"),
        "minor_mother": _l("Mamă minoră"),
        "violence_victim": _l("Victimă a violenței în familie"),
        "trafficking_victim": _l("Victimă a traficului de ființe umane"),
        "released_from_detention": _l("Persoană eliberată din detenție"),
        "unemployed": _l("Șomer"),
        "substance_dependence": _l("Dependență de droguri sau alcool"),
        "hiv": _l("Persoană care trăiește cu HIV"),
        "other": _l("Altele"),
        # disability degree
        "severe": _l("sever"),
        "accentuated": _l("accentuat"),
        "medium": _l("mediu"),
        # sex
        "F": _l("feminin"),
        "M": _l("masculin"),
        # enrolment status (paused is shown, not stored)
        "waiting": _l("în așteptare"),
        "active": _l("activ"),
        "paused": _l("suspendat"),
        "resumed": _l("reluat"),
        "switched": _l("transferat"),
        "exited": _l("ieșit"),
        # referral source
        "social_worker": _l("Asistent social comunitar"),
        "self": _l("Din proprie inițiativă"),
        "institution": _l("Altă instituție"),
    }
)

# Field names as they appear in a person's history.
FIELD_LABELS = {
    "first_name": _l("Prenume"),
    "last_name": _l("Nume"),
    "idnp": _l("IDNP"),
    "birth_date": _l("Data nașterii"),
    "sex": _l("Sex"),
    "locality_id": _l("Localitate"),
    "address": _l("Adresa"),
    "latitude": _l("Latitudine"),
    "longitude": _l("Longitudine"),
    "phone": _l("Telefon"),
    "household_size": _l("Mărime gospodărie"),
    "categories": _l("Categorii"),
    "disability_degree": _l("Grad dizabilitate"),
    "lives_alone": _l("Locuiește singur"),
    "can_travel": _l("Se poate deplasa"),
    "cannot_travel_reason": _l("Motivul"),
    "inquiry_reference": _l("Ref. anchetă"),
    "diet_notes": _l("Dietă"),
    "access_notes": _l("Acces"),
    "contact_name": _l("Persoană de contact"),
    "contact_phone": _l("Telefon contact"),
    "consent_date": _l("Data consimțământ"),
    "notes": _l("Note"),
    "status": _l("Stare"),
    "start_date": _l("Data început"),
    "end_date": _l("Data sfârșit"),
    "review_date": _l("Data revizuire"),
    "decision_number": _l("Nr. decizie"),
    "decision_date": _l("Data decizie"),
    "referral_source": _l("Trimis de"),
    "referral_name": _l("Numele celui care a trimis"),
    "exit_reason": _l("Motivul ieșirii"),
    "service": _l("Serviciu"),
}


def field_label(name: str | None) -> str:
    return str(FIELD_LABELS.get(name, name or ""))


def import_counts(result) -> str:
    """'1 persoană nouă, 2 actualizate, 0 neschimbate': an import's counts, with plurals."""
    return ", ".join(
        (
            ngettext("%(num)d persoană nouă", "%(num)d persoane noi", result.new),
            ngettext("%(num)d actualizată", "%(num)d actualizate", result.updated),
            ngettext("%(num)d neschimbată", "%(num)d neschimbate", result.unchanged),
        )
    )
