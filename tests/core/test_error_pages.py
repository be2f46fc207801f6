"""Error pages speak the reader's language, not the web server's English."""

import pytest

from app.auth.models import Role

WORDS = {
    "ro": "Pagina căutată nu există",
    "ru": "Такой страницы нет",
    "en": "This page does not exist",
}


@pytest.mark.parametrize("language", ["ro", "ru", "en"])
def test_an_unknown_address_answers_our_own_page(client, login_as, language):
    login_as(Role.MANAGER)
    with client.session_transaction() as session:
        session["lang"] = language
    response = client.get("/no/such/page")
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert WORDS[language] in html
    assert "The requested URL was not found" not in html and "Not Found" not in html


def test_the_api_keeps_its_json_answer(client, login_as):
    login_as(Role.MANAGER)
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404 and response.is_json


def test_a_method_not_allowed_page_is_translated(client, login_as):
    login_as(Role.MANAGER)
    with client.session_transaction() as session:
        session["lang"] = "ru"
    response = client.delete("/beneficiaries")
    html = response.get_data(as_text=True)
    assert response.status_code in (400, 405)
    assert "Method Not Allowed" not in html and "is not allowed" not in html
