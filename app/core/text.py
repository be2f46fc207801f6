"""Name matching that ignores diacritics, case and Cyrillic spelling.

Moldovan names reach the registry in three spellings: Romanian Latin ("Bîrcă", or
"Bârcă" in the newer orthography), Moldovan Cyrillic ("Быркэ") and the Russian spelling
("Бырка"). Cyrillic is read as Romanian Latin with the rules of
`fold_rules.json` (ч before e/i is "c", elsewhere "ci"; г before e/i is "gh"; я after a
consonant is "ea" ...), then diacritics go. Where one spelling can stand for two Latin
ones (ы for î or â, я for ea or ia), a text has several folded variants: the first is
the usual one and is what gets stored; searches and the duplicate check try them all.
The browser folds with the same rules (app/static/fold.js).
"""

import json
import re
import unicodedata
from itertools import islice, product
from pathlib import Path

RULES = json.loads(Path(__file__).with_name("fold_rules.json").read_text(encoding="utf-8"))
# letter classes as sets: an empty neighbour (start or end of the text) is in none of them
FRONT, OPEN, HUSHING, SOFT_I, CONSONANTS = (
    frozenset(RULES[name])
    for name in ("front_vowels", "open_vowels", "hushing", "soft_i", "consonants")
)
MAX_VARIANTS = 16

# Spellings that differ between Latin and transliterated forms of one name (duplicates).
_FOLDS = (
    ("k", "c"),
    ("y", "i"),
    ("w", "v"),
    ("ch", "c"),
    ("ck", "c"),
    ("gh", "g"),
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
_WORD_BREAK = re.compile(r"[\s\-]+")


def _letter(ch: str, prev: str, nxt: str) -> tuple[str, ...]:
    """The Latin spellings of one (lower-case) letter in its place, the usual one first."""
    if ch in HUSHING:  # ч, ӂ (and дж)
        base = "c" if ch == "ч" else "g"
        if nxt in FRONT:
            return (base,)  # че = ce, ӂи = gi
        if nxt in OPEN:
            return (base + "e",)  # ча = cea
        return (base + "i",)  # чо = cio, чу = ciu, ч at the end = ci
    if ch in ("к", "г"):
        base = "c" if ch == "к" else "g"
        if nxt in FRONT:
            # ге is "ghe" in Moldovan Cyrillic, but the Russian spelling writes it for "ge"
            return (base + "h",) if ch == "к" else ("gh", "g")
        return (base,)
    if ch == "я":
        if prev in HUSHING or prev in SOFT_I:
            return ("a",)  # чя = cea, ия = ia
        if prev in CONSONANTS:
            return ("ea", "ia")  # Цырдя = Țîrdea
        return ("ia",)
    if ch == "ю":
        if prev in HUSHING or prev in SOFT_I:
            return ("u",)
        return ("iu",)
    if ch == "э":
        return ("ă",) if prev.isalpha() else ("e",)  # Бэлан = Bălan, Эмилия = Emilia
    if ch == "ы":
        return ("î", "â")
    if ch in ("î", "â"):  # old and new orthography of one sound: Bîrcă, Bârcă
        return (ch, "â" if ch == "î" else "î")
    if ch == "ь":
        # a final soft sign is the short final i of Moldovan Cyrillic: Чеботарь = Cebotari
        return ("i", "") if prev in CONSONANTS and not nxt.isalpha() else ("",)
    mapped = RULES["letters"].get(ch)
    return (ch,) if mapped is None else (mapped,)


def _spellings(text: str) -> list[tuple[str, ...]]:
    lowered = text.lower().replace("дж", "ӂ")
    last = len(lowered) - 1
    return [
        _letter(ch, lowered[i - 1] if i else "", lowered[i + 1] if i < last else "")
        for i, ch in enumerate(lowered)
    ]


def _plain(latin: str) -> str:
    decomposed = unicodedata.normalize("NFKD", latin)
    stripped = "".join(ch for ch in decomposed if not unicodedata.category(ch).startswith("M"))
    stripped = stripped.replace("-", " ").replace("'", "")
    for old, new in RULES["latin"].items():
        stripped = stripped.replace(old, new)
    stripped = _NON_LETTER.sub("", stripped)
    return _SPACES.sub(" ", stripped).strip()


def fold_variants(text: str | None) -> list[str]:
    """Every folded reading of a text, the usual one first (at most MAX_VARIANTS)."""
    if not text:
        return []
    found: list[str] = []
    for letters in islice(product(*_spellings(text)), MAX_VARIANTS):
        folded = _plain("".join(letters))
        if folded not in found:
            found.append(folded)
    return found


def fold(text: str | None) -> str:
    """Lower case, no diacritics, Cyrillic read as Latin: 'Ștefănescu' -> 'stefanescu'."""
    variants = fold_variants(text)
    return variants[0] if variants else ""


def search_terms(text: str | None) -> list[list[str]]:
    """The words of a search, each with its folded readings: every word must match one."""
    terms = []
    for word in _WORD_BREAK.split(text or ""):
        readings = [v for v in fold_variants(word) if v]
        if readings:
            terms.append(readings)
    return terms


def name_key(text: str | None) -> str:
    """A looser key for duplicate detection: folds spelling variants too."""
    return _loosen(fold(text))


def _loosen(key: str) -> str:
    for old, new in _FOLDS:
        key = key.replace(old, new)
    # double letters ('Popovici' vs 'Popowicci') collapse
    return re.sub(r"(.)\1+", r"\1", key)


def person_key(first_name: str | None, last_name: str | None) -> str:
    """Order-insensitive key of a full name (the usual reading)."""
    return _person_key(fold(first_name), fold(last_name))


def person_keys(first_name: str | None, last_name: str | None) -> set[str]:
    """The person keys of every reading of a name, for the duplicate check."""
    firsts = fold_variants(first_name) or [""]
    lasts = fold_variants(last_name) or [""]
    return {_person_key(first, last) for first, last in product(firsts, lasts)}


def _person_key(first: str, last: str) -> str:
    parts = sorted((_loosen(first) + " " + _loosen(last)).split())
    return " ".join(parts)


_NUMBER = re.compile(r"(\d+)")
NUMBER_WIDTH = 6


def sort_key(text: str | None) -> str:
    """The folded text a list is ordered by: fold(), keeping the numbers, padded so
    'Cantina nr. 2' comes before 'Cantina nr. 10' (fold alone drops digits)."""
    parts = _NUMBER.split(text or "")
    words = (part.zfill(NUMBER_WIDTH) if i % 2 else fold(part) for i, part in enumerate(parts))
    return " ".join(word for word in words if word)


def collation_key(text: str | None) -> tuple[str, str]:
    """One Romanian order for names and places, the sheet's: by the folded text, so
    'Bălan' comes before 'Botnaru' and 'Ștefan' with the S's, then by the text itself.
    Places store the first part (name_key) and are ordered the same way in SQL."""
    return (sort_key(text), text or "")


def slug(name: str) -> str:
    """A name as a login-friendly word: folded, spaces as hyphens (Cahul Nord -> cahul-nord)."""
    return fold(name).replace(" ", "-")
