"""marshmallow's own messages are shown in the reader's language, never in English."""

import pytest
from flask_babel import force_locale
from marshmallow import Schema, fields, validate

from app.core.messages import DEFAULT_MESSAGES, localize, localize_all
from app.core.schemas import first_errors


class Sample(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=80))
    size = fields.Integer(validate=validate.Range(min=1, max=30))
    day = fields.Date()
    kind = fields.String(validate=validate.OneOf(("a", "b")))
    flag = fields.Boolean()


def errors_of(data):
    return first_errors(Sample().validate(data))


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "ro",
            {
                "name": "Scrieți între 1 și 80 caractere.",
                "size": "Scrieți un număr întreg.",
                "day": "Scrieți o dată validă (ZZ.LL.AAAA).",
                "kind": "Alegeți o valoare din listă.",
                "flag": "Alegeți da sau nu.",
            },
        ),
        (
            "ru",
            {
                "name": "Введите от 1 до 80 символов.",
                "size": "Введите целое число.",
                "day": "Введите правильную дату (ДД.ММ.ГГГГ).",
                "kind": "Выберите значение из списка.",
                "flag": "Выберите «да» или «нет».",
            },
        ),
        (
            "en",
            {
                "name": "Write between 1 and 80 characters.",
                "size": "Write a whole number.",
                "day": "Write a valid date (DD.MM.YYYY).",
                "kind": "Choose a value from the list.",
                "flag": "Choose yes or no.",
            },
        ),
    ],
)
def test_default_messages_are_translated(ctx, language, expected):
    with force_locale(language):
        found = errors_of(
            {"name": "x" * 81, "size": "abc", "day": "31.02", "kind": "c", "flag": "poate"}
        )
        assert found == expected
        missing = errors_of({})["name"]
        assert missing == {"ro": "Completați acest câmp.", "ru": "Заполните это поле.",
                           "en": "Fill in this field."}[language]  # fmt: skip


def test_numbers_of_a_range_are_kept(ctx):
    assert errors_of({"name": "a", "size": 31}) == {"size": "Scrieți o valoare între 1 și 30."}
    assert localize("Must be greater than or equal to 1.") == "Scrieți o valoare de cel puțin 1."
    assert localize("Longer than maximum length 2000.") == "Scrieți cel mult 2000 caractere."


def test_every_default_message_has_a_translation(ctx):
    for language in ("ru", "en"):
        with force_locale(language):
            for ours in DEFAULT_MESSAGES.values():
                # translated: no Romanian msgid left on a Russian or English page
                assert str(ours) != ours._args[0], (language, ours._args[0])


def test_our_own_messages_pass_unchanged_and_split_ones_are_joined(ctx):
    assert localize("Alegeți motivul închiderii.") == "Alegeți motivul închiderii."
    split = list("Data nu poate fi în viitor.")
    assert first_errors({"birth_date": split}) == {"birth_date": "Data nu poate fi în viitor."}
    assert localize_all({"a": ["Not a valid integer."]}) == {"a": ["Scrieți un număr întreg."]}
