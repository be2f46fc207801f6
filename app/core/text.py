"""Name matching that ignores diacritics, case and Cyrillic spelling."""

import re
import unicodedata

# Romanian in Cyrillic (Moldovan Cyrillic and Russian spellings of the same names).
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "io", "ж": "j",
    "з": "z", "и": "i", "й": "i", "к": "c", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "t",
    "ч": "ci", "ш": "s", "щ": "st", "ъ": "a", "ы": "i", "ь": "", "э": "e", "ю": "iu",
    "я": "ia", "ӂ": "g", "і": "i", "ї": "i", "є": "e",
}  # fmt: skip
# Spellings that differ between Latin and transliterated forms of one name.
_FOLDS = (
    ("k", "c"),
    ("y", "i"),
    ("w", "v"),
    ("ch", "c"),
    ("ck", "c"),
    ("ph", "f"),
    ("ii", "i"),
    ("ea", "e"),
    ("ia", "i"),
    ("ie", "e"),
    ("io", "o"),
    ("iu", "u"),
)
_NON_LETTER = re.compile(r"[^a-z ]+")
_SPACES = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """Lower case, no diacritics, Cyrillic transliterated: 'Ștefănescu' -> 'stefanescu'."""
    if not text:
        return ""
    lowered = text.lower()
    lowered = "".join(_CYRILLIC.get(ch, ch) for ch in lowered)
    decomposed = unicodedata.normalize("NFKD", lowered)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.replace("-", " ").replace("'", "")
    stripped = _NON_LETTER.sub("", stripped)
    return _SPACES.sub(" ", stripped).strip()


def name_key(text: str | None) -> str:
    """A looser key for duplicate detection: folds spelling variants too."""
    key = fold(text)
    for old, new in _FOLDS:
        key = key.replace(old, new)
    # double letters ('Popovici' vs 'Popowicci') collapse
    return re.sub(r"(.)\1+", r"\1", key)


def person_key(first_name: str | None, last_name: str | None) -> str:
    """Order-insensitive key of a full name."""
    parts = sorted((name_key(first_name) + " " + name_key(last_name)).split())
    return " ".join(parts)
