"""Input validation: IDNP rules and the person form."""

import pytest
from marshmallow import ValidationError

from app.beneficiaries.schemas import (
    BeneficiaryCreateSchema,
    PauseLoadSchema,
    idnp_check_digit,
    with_check_digit,
)


def load(ctx, **fields):
    return BeneficiaryCreateSchema().load({"first_name": "Ana", "last_name": "Rusu", **fields})


def test_check_digit_uses_weights_7_3_1():
    # 2*7+0*3+0*1+2*7+0+0+1*7+2*3+3*1+4*7+5*3+6*1 = 14+14+7+6+3+28+15+6 = 93 -> 3
    assert idnp_check_digit("200200123456") == 3
    assert with_check_digit("200200123456") == "2002001234563"


def test_valid_idnp_is_accepted(ctx):
    assert load(ctx, idnp="2002001234563")["idnp"] == "2002001234563"
    assert load(ctx, idnp=" 2002001234563 ")["idnp"] == "2002001234563"


def test_empty_idnp_means_none(ctx):
    assert load(ctx, idnp="")["idnp"] is None


@pytest.mark.parametrize("value", ["200200123456", "20020012345631", "20020012345a3"])
def test_wrong_length_or_not_digits(ctx, value):
    with pytest.raises(ValidationError) as exc:
        load(ctx, idnp=value)
    assert exc.value.messages["idnp"] == ["IDNP trebuie să aibă exact 13 cifre."]


def test_wrong_check_digit_has_its_own_message(ctx):
    with pytest.raises(ValidationError) as exc:
        load(ctx, idnp="2002001234564")
    assert exc.value.messages["idnp"] == ["IDNP nu este valid: cifra de control nu se potrivește."]


def test_cannot_travel_needs_a_reason(ctx):
    with pytest.raises(ValidationError) as exc:
        load(ctx, can_travel=False)
    assert "cannot_travel_reason" in exc.value.messages
    assert load(ctx, can_travel=False, cannot_travel_reason="țintuit la pat")["can_travel"] is False


def test_pause_end_before_start_is_refused(ctx):
    with pytest.raises(ValidationError) as exc:
        PauseLoadSchema().load(
            {"start_date": "2026-11-20", "end_date": "2026-11-16", "reason": "spital"}
        )
    assert "end_date" in exc.value.messages
