"""The password rule: long enough, not a common password, not a run of one pattern.

Checked by the schemas that create or change an account (pages, API and CLI alike),
so every door refuses the same passwords with the same message beside the field.
"""

from functools import cache
from pathlib import Path

from flask_babel import gettext as _
from marshmallow import ValidationError

MIN_LENGTH = 10
MAX_LENGTH = 200
COMMON_FILE = Path(__file__).parent / "data" / "common_passwords.txt"
# Characters people add around a weak word to pass a length rule.
_DECORATION = "0123456789!@#$%^&*()_-+=.,;:?~ "
# Runs typed without thinking: alphabet, digits and keyboard rows, both ways.
_SEQUENCES = (
    "abcdefghijklmnopqrstuvwxyz",
    "01234567890123456789",
    "qwertyuiopasdfghjklzxcvbnm",
    "qwertyuiop",
    "asdfghjkl",
    "zxcvbnm",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
    "йцукенгшщзхъфывапролджэячсмитьбю",
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
)


@cache
def common_passwords() -> frozenset[str]:
    lines = COMMON_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _is_sequence(text: str) -> bool:
    return any(text in seq or text in seq[::-1] for seq in _SEQUENCES)


def _is_repetition(text: str) -> bool:
    """A few characters over and over: "aaaaaaaaaa", "ababababab", "abcabcabca"."""
    if len(set(text)) < 4:
        return True
    for size in range(1, len(text) // 2 + 1):
        unit = text[:size]
        if (unit * (len(text) // size + 1))[: len(text)] == text:
            return True
    return False


def password_problem(password: str, username: str | None = None):
    """The message saying why the password is refused, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return _("Parola trebuie să aibă cel puțin 10 caractere.")
    if len(password) > MAX_LENGTH:
        return _("Parola poate avea cel mult 200 de caractere.")
    lower = password.lower()
    core = lower.strip(_DECORATION)
    if _is_repetition(lower) or _is_sequence(lower) or (len(core) >= 3 and _is_sequence(core)):
        return _("Parola nu poate fi un șir de caractere repetate sau consecutive.")
    if username and username.lower() in lower:
        return _("Parola nu poate conține numele de utilizator.")
    common = common_passwords()
    if lower in common or core in common or not core:
        return _("Parola este prea des folosită și ușor de ghicit; alegeți alta.")
    return None


def validate_password(password: str) -> None:
    """A marshmallow validator for password fields."""
    problem = password_problem(password)
    if problem is not None:
        raise ValidationError(problem)
