"""Every string the code marks for translation has a Russian and an English version."""

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {
    "_": None,
    "gettext": None,
    "_l": None,
    "lazy_gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "lazy_pgettext": ((1, "c"), 2),
}
METHODS = [
    ("app/**.py", "python"),
    ("scheduler/**.py", "python"),
    ("app/templates/**.html", "jinja2"),
]


def marked_strings() -> set[tuple[str | None, str]]:
    """(context, text) of every marked string: the same text in two contexts is two."""
    found = set()
    for _file, _line, message, _comments, context in extract_from_dir(
        str(ROOT), METHODS, keywords=KEYWORDS
    ):
        found.add((context, message if isinstance(message, str) else message[0]))
    return found


@pytest.mark.parametrize("language", ["en", "ru"])
def test_catalog_covers_every_marked_string(language):
    path = ROOT / "app" / "translations" / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    translated = {
        (m.context, m.id if isinstance(m.id, str) else m.id[0])
        for m in catalog
        if m.id and m.string and not m.fuzzy
    }
    missing = sorted(marked_strings() - translated)
    assert missing == [], f"{len(missing)} strings without a {language} translation"
