"""marshmallow's own messages, in the reader's language.

A schema that says nothing of its own lets marshmallow answer in English ("Missing data
for required field.", "Length must be between 1 and 80."). Rather than repeat an
`error=` on every field, the messages are translated here, in one place, when they are
shown: each of marshmallow's message templates becomes a pattern, and a message that
matches one is replaced by our sentence with the same numbers. Messages of our own
(already translated) pass through unchanged.
"""

import re

from flask_babel import lazy_gettext as _l

RANGE = {
    "Must be greater than or equal to {min}.": _l("Scrieți o valoare de cel puțin %(min)s."),
    "Must be greater than {min}.": _l("Scrieți o valoare mai mare decât %(min)s."),
    "Must be less than or equal to {max}.": _l("Scrieți o valoare de cel mult %(max)s."),
    "Must be less than {max}.": _l("Scrieți o valoare mai mică decât %(max)s."),
}
BETWEEN = _l("Scrieți o valoare între %(min)s și %(max)s.")

# marshmallow's templates (fields, validators, schema) and our sentence for each
DEFAULT_MESSAGES = {
    "Missing data for required field.": _l("Completați acest câmp."),
    "Field may not be null.": _l("Completați acest câmp."),
    "Invalid value.": _l("Valoarea nu este validă."),
    "Invalid input.": _l("Valoarea nu este validă."),
    "Invalid type.": _l("Valoarea nu este validă."),
    "Invalid input type.": _l("Datele trimise nu au forma cerută."),
    "Unknown field.": _l("Câmp necunoscut."),
    "Not a valid string.": _l("Scrieți un text."),
    "Not a valid utf-8 string.": _l("Scrieți un text."),
    "Not a valid integer.": _l("Scrieți un număr întreg."),
    "Not a valid number.": _l("Scrieți un număr."),
    "Number too large.": _l("Numărul este prea mare."),
    "Special numeric values (nan or infinity) are not permitted.": _l("Scrieți un număr."),
    "Not a valid boolean.": _l("Alegeți da sau nu."),
    "Not a valid date.": _l("Scrieți o dată validă (ZZ.LL.AAAA)."),
    "Not a valid datetime.": _l("Scrieți o dată și o oră valide."),
    "Not a valid time.": _l("Scrieți o oră validă."),
    "Not a valid email address.": _l("Scrieți o adresă de e-mail validă."),
    "Not a valid URL.": _l("Scrieți o adresă web validă."),
    "Not a valid list.": _l("Alegeți valori din listă."),
    "Not a valid tuple.": _l("Alegeți valori din listă."),
    "Not a valid mapping type.": _l("Datele trimise nu au forma cerută."),
    "Not a valid UUID.": _l("Valoarea nu este validă."),
    "Must be one of: {choices}.": _l("Alegeți o valoare din listă."),
    "One or more of the choices you made was not in: {choices}.": _l(
        "Alegeți doar valori din listă."
    ),
    "String does not match expected pattern.": _l("Valoarea nu are forma cerută."),
    "Must be equal to {other}.": _l("Valoarea nu este validă."),
    "Shorter than minimum length {min}.": _l("Scrieți cel puțin %(min)s caractere."),
    "Longer than maximum length {max}.": _l("Scrieți cel mult %(max)s caractere."),
    "Length must be between {min} and {max}.": _l("Scrieți între %(min)s și %(max)s caractere."),
    "Length must be {equal}.": _l("Scrieți exact %(equal)s caractere."),
    **RANGE,
    **{
        f"Must be {low} {{min}} and {high} {{max}}.": BETWEEN
        for low in ("greater than or equal to", "greater than")
        for high in ("less than or equal to", "less than")
    },
}


def _pattern(template: str) -> re.Pattern:
    parts = re.split(r"\{(\w+)\}", template)
    regex = "".join(
        re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)" for i, part in enumerate(parts)
    )
    return re.compile(f"^{regex}$", re.DOTALL)


# longest first: "Must be greater than or equal to {min}." would also match a range's
# "... to 1 and less than or equal to 30."
PATTERNS = [
    (_pattern(template), DEFAULT_MESSAGES[template])
    for template in sorted(DEFAULT_MESSAGES, key=len, reverse=True)
]


def localize(message) -> str:
    """One message in the reader's language (marshmallow's own ones translated)."""
    text = str(message)
    for pattern, ours in PATTERNS:
        found = pattern.match(text)
        if found:
            return str(ours) % found.groupdict()
    return text


def first_message(value) -> str:
    """The first message of a field's list, translated.

    A lazily translated message raised in a field validator reaches here split into
    characters (marshmallow extends its list of messages with it): joined back.
    """
    if isinstance(value, list):
        if len(value) > 1 and all(isinstance(v, str) and len(v) == 1 for v in value):
            return localize("".join(value))
        return localize(value[0]) if value else ""
    return localize(value)


def localize_all(messages):
    """A whole marshmallow messages tree (dicts and lists) with every message translated."""
    if isinstance(messages, dict):
        return {key: localize_all(value) for key, value in messages.items()}
    if isinstance(messages, list):
        if len(messages) > 1 and all(isinstance(v, str) and len(v) == 1 for v in messages):
            return [localize("".join(messages))]
        return [localize_all(value) for value in messages]
    return localize(messages)
