"""The downloadable import template."""

from datetime import date

from flask_babel import force_locale

from app.beneficiaries.importer.reading import COLUMNS, HEADERS
from app.beneficiaries.models import Category, DisabilityDegree, ReferralSource
from app.places.models import Service


def write_template(target) -> None:
    """The import template with one example row and the accepted values."""
    from exports.beneficiaries_template import write_beneficiaries_template

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
        "categories": "solitary_elderly; disability",
        "disability_degree": "accentuated",
        "lives_alone": "da",
        "can_travel": "nu",
        "cannot_travel_reason": "se deplasează greu",
        "inquiry_reference": "AS-2026/14",
        "diet_notes": "diabetic",
        "contact_name": "Maria Țurcanu (fiică)",
        "contact_phone": "079111222",
        "consent_date": date(2026, 1, 10),
        "service": "delivery",
        "decision_number": "145",
        "decision_date": date(2026, 1, 8),
        "referral_source": "social_worker",
        "start_date": date(2026, 1, 12),
        "review_date": date(2026, 12, 31),
    }
    with force_locale("ro"):
        notes = [
            ("Nume, Prenume", "obligatorii"),
            ("IDNP", "13 cifre, opțional; dacă există, persoana se recunoaște după el"),
            ("Date", "ZZ.LL.AAAA sau celulă de tip dată"),
            ("Sex", "F sau M"),
            ("Localitate, Raion", "ca în registrul de localități"),
            ("Categorii", "separate prin ; — " + ", ".join(c.value for c in Category)),
            ("Grad dizabilitate", ", ".join(d.value for d in DisabilityDegree)),
            ("Locuiește singur, Se poate deplasa", "da / nu"),
            ("Serviciu", ", ".join(s.value for s in Service) + " (gol: fără înscriere)"),
            ("Sursa trimiterii", ", ".join(r.value for r in ReferralSource)),
            ("Data consimțământ", "obligatorie pentru înscriere la un serviciu"),
        ]
    write_beneficiaries_template(
        target, HEADERS, [[example.get(name) for _h, name in COLUMNS]], notes
    )
