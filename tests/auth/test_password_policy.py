"""Passwords: long enough, not common, not a run of one character or a sequence; refused
with a message beside the field on the pages, the API and the CLI."""

import pytest

from app.auth.models import Role
from app.auth.passwords import common_passwords, password_problem
from tests.conftest import PASSWORD

WEAK = [
    "password12",
    "1234567890",
    "aaaaaaaaaa",
    "0987654321",
    "abcdefghij",
    "qwertyuiop",
    "ababababab",
    "abcabcabcabc",
    "Parola2024!",
    "Chisinau2026",
    "iloveyou123",
    "P@ssw0rd123",
    "short",
]


@pytest.mark.parametrize("password", WEAK)
def test_weak_passwords_are_refused(ctx, password):
    assert password_problem(password) is not None


@pytest.mark.parametrize(
    "password", [PASSWORD, "demo-cantina-2026", "Mărțișor la Orhei 7", "o-parola-destul-de-lunga"]
)
def test_reasonable_passwords_pass(ctx, password):
    assert password_problem(password) is None


def test_the_username_inside_the_password_is_refused(ctx):
    assert password_problem("ion.rusu-2026-x", username="ion.rusu") is not None


def test_the_bundled_list_holds_thousands_of_passwords():
    common = common_passwords()
    assert len(common) > 3000
    assert {"password", "qwerty", "123456", "parola"} <= common


def new_user(password: str, **extra) -> dict:
    return {
        "username": "nou.utilizator",
        "full_name": "Nou Utilizator",
        "role": "manager",
        "password": password,
        **extra,
    }


@pytest.mark.parametrize("password", ["password12", "1234567890", "aaaaaaaaaa"])
def test_the_api_refuses_weak_passwords_in_the_admins_language(client, login_as, password):
    login_as(Role.ADMIN, language="ru")
    answer = client.post("/api/v1/users", json=new_user(password))
    assert answer.status_code == 422
    (message,) = answer.json["errors"]["password"]
    assert "пароль" in message.lower()


def test_the_api_refuses_a_weak_reset(client, login_as, make_user):
    login_as(Role.ADMIN)
    user = make_user(Role.MANAGER)
    answer = client.patch(f"/api/v1/users/{user.id}", json={"password": "1234567890"})
    assert answer.status_code == 422
    assert "password" in answer.json["errors"]


def test_the_user_form_shows_the_refusal_beside_the_field(client, login_as):
    login_as(Role.ADMIN)
    page = client.post("/users/new", data=new_user("password12"))
    assert page.status_code == 422
    html = page.get_data(as_text=True)
    assert "prea des folosită" in html
    assert 'aria-invalid="true"' in html


def test_the_cli_refuses_a_weak_password_with_exit_code_2(app):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--username",
            "nou.cli",
            "--full-name",
            "Nou",
            "--role",
            "manager",
            "--password",
            "aaaaaaaaaa",
        ]
    )
    assert result.exit_code == 2
    assert "--password" in result.output
    assert "repetate" in result.output


def test_the_cli_resets_a_password_under_the_same_rule(app, client, make_user):
    from tests.conftest import login

    user = make_user(Role.MANAGER)
    login(client, user)
    runner = app.test_cli_runner()
    weak = runner.invoke(
        args=["users", "reset-password", user.username, "--password", "password12"]
    )
    assert weak.exit_code == 2
    assert "--password" in weak.output and "folosită" in weak.output
    assert client.get("/").status_code == 200
    done = runner.invoke(
        args=["users", "reset-password", user.username, "--password", "o-parola-noua-lunga"]
    )
    assert done.exit_code == 0, done.output
    assert client.get("/").status_code == 302  # the reset ended the session
    unknown = runner.invoke(args=["users", "reset-password", "nimeni", "--password", "x"])
    assert unknown.exit_code == 2
