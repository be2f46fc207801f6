"""Names typed in Cyrillic find, and are found by, the same names in Latin letters."""

from datetime import date

import pytest

from app.beneficiaries import services
from app.extensions import db

BIRTH = date(1950, 5, 2)


def found(typed: str) -> set[int]:
    return {p.id for p in db.session.scalars(services.search_query({"q": typed}, None))}


@pytest.mark.parametrize(
    ("first", "last", "typed"),
    [
        ("Ion", "Ceban", "Чебан"),
        ("Raisa", "Bălan", "Бэлан Раиса"),
        ("Raisa", "Bălan", "Балан"),
        ("Vasile", "Bârcă", "Быркэ"),
        ("Vasile", "Bîrcă", "Бырка"),
        ("Vasile", "Bârcă", "Bîrcă"),
        ("Ana", "Țîrdea", "Цырдя"),
        ("Ana", "Plămădeală", "Плэмэдялэ"),
        ("Gheorghe", "Munteanu", "Георге Мунтяну"),
    ],
)
def test_search_reads_cyrillic_spellings(ctx, person_data, first, last, typed):
    wanted = services.create_beneficiary(
        person_data(first_name=first, last_name=last), confirm_not_duplicate=True
    )
    other = services.create_beneficiary(
        person_data(first_name="Petru", last_name="Rusu"), confirm_not_duplicate=True
    )
    hits = found(typed)
    assert wanted.id in hits, typed
    assert other.id not in hits, typed


def test_latin_search_finds_a_name_saved_in_cyrillic(ctx, person_data):
    saved = services.create_beneficiary(
        person_data(first_name="Раиса", last_name="Бэлан"), confirm_not_duplicate=True
    )
    assert saved.id in found("balan raisa")
    assert saved.id in found("Bălan")


@pytest.mark.parametrize(
    ("existing", "typed"),
    [
        (("Raisa", "Bălan"), ("Раиса", "Бэлан")),
        (("Vasile", "Bârcă"), ("Василе", "Быркэ")),
        (("Ana", "Țîrdea"), ("Ана", "Цырдя")),
        (("Ion", "Ceban"), ("Ион", "Чебан")),
        (("Ana", "Plămădeală"), ("Ана", "Плэмэдялэ")),
        (("Раиса", "Бэлан"), ("Raisa", "Bălan")),
    ],
)
def test_duplicate_check_matches_across_scripts(ctx, person_data, existing, typed):
    first = services.create_beneficiary(
        person_data(first_name=existing[0], last_name=existing[1], birth_date=BIRTH)
    )
    with pytest.raises(services.DuplicateSuspected) as exc:
        services.create_beneficiary(
            person_data(first_name=typed[0], last_name=typed[1], birth_date=BIRTH)
        )
    assert [p.id for p in exc.value.candidates] == [first.id]
