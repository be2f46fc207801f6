"""The downloadable import template."""

from datetime import date

from flask_babel import force_locale

from app.beneficiaries import labels as _labels  # noqa: F401 - the Romanian words
from app.beneficiaries.importer.reading import COLUMNS, HEADER_OF, HEADERS
from app.beneficiaries.models import Category, DisabilityDegree, ReferralSource
from app.core.labels import LABELS
from app.places.models import Service


def write_template(target) -> None:
    """The import template with one example row, the accepted words and drop-down lists.

    The file speaks Romanian whatever the user's language, and lists the words a
    person reads (the labels), which the importer accepts like the codes.
    """
    from exports.beneficiaries_template import write_beneficiaries_template

    with force_locale("ro"):

        def words(values) -> list[str]:
            return [str(LABELS.get(v.value, v.value)) for v in values]

        example = {
            "last_name": "Țurcanu",
            "first_name": "Ștefan",
            "idnp": "2002001234563",
            "birth_date": date(1950, 5, 2),
            "sex": "M",
            "locality": "Lăpușna",
            "district": "Hîncești",
            "address": "str. Livezilor 4",
            "phone": "069123456",
            "household_size": 1,
            "categories": "; ".join(words([Category.SOLITARY_ELDERLY, Category.DISABILITY])),
            "disability_degree": words([DisabilityDegree.ACCENTUATED])[0],
            "lives_alone": "da",
            "can_travel": "nu",
            "cannot_travel_reason": "se deplasează greu",
            "inquiry_reference": "AS-2026/14",
            "diet_notes": "diabetic",
            "contact_name": "Maria Țurcanu (fiică)",
            "contact_phone": "079111222",
            "consent_date": date(2026, 1, 10),
            "service": words([Service.DELIVERY])[0],
            "decision_number": "145",
            "decision_date": date(2026, 1, 8),
            "referral_source": words([ReferralSource.SOCIAL_WORKER])[0],
            "start_date": date(2026, 1, 12),
            "review_date": date(2026, 12, 31),
        }
        choices = {
            HEADER_OF["sex"]: ["F", "M"],
            HEADER_OF["disability_degree"]: words(DisabilityDegree),
            HEADER_OF["lives_alone"]: ["da", "nu"],
            HEADER_OF["can_travel"]: ["da", "nu"],
            HEADER_OF["service"]: words(Service),
            HEADER_OF["referral_source"]: words(ReferralSource),
        }
        notes = [
            ("Nume, Prenume", "obligatorii"),
            ("IDNP", "13 cifre, opțional; dacă există, persoana se recunoaște după el"),
            ("Date", "ZZ.LL.AAAA sau celulă de tip dată"),
            ("Sex", "F sau M"),
            ("Localitate, Raion", "ca în registrul de localități"),
            ("Categorii", "separate prin ; — " + "; ".join(words(Category))),
            ("Grad dizabilitate", ", ".join(choices[HEADER_OF["disability_degree"]])),
            ("Locuiește singur, Se poate deplasa", "da / nu"),
            ("Serviciu", ", ".join(choices[HEADER_OF["service"]]) + " (gol: fără înscriere)"),
            ("Sursa trimiterii", ", ".join(choices[HEADER_OF["referral_source"]])),
            ("Data consimțământ", "obligatorie pentru înscriere la un serviciu"),
            ("Liste", "coloanele cu valori fixe oferă o listă derulantă"),
        ]
    write_beneficiaries_template(
        target, HEADERS, [[example.get(name) for _h, name in COLUMNS]], notes, choices
    )
