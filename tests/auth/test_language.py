"""The language picked on the login page survives the login and stays on the account."""

from app.auth.models import Role, User
from app.extensions import db
from tests.conftest import login


def test_russian_chosen_on_the_login_page_is_kept_through_login(app, client, make_user):
    user = make_user(Role.MANAGER)
    client.get("/lang/ru")
    assert '<html lang="ru">' in client.get("/login").get_data(as_text=True)
    login(client, user)
    home = client.get("/").get_data(as_text=True)
    assert '<html lang="ru">' in home
    with app.app_context():
        assert db.session.get(User, user.id).language == "ru"


def test_the_accounts_language_is_used_at_the_next_login(app, client, make_user):
    user = make_user(Role.MANAGER)
    login(client, user)
    client.get("/lang/ru")
    client.post("/logout")
    elsewhere = app.test_client()
    login(elsewhere, user)
    assert '<html lang="ru">' in elsewhere.get("/").get_data(as_text=True)


def test_a_language_set_on_the_account_is_used_without_choosing(app, client, make_user):
    user = make_user(Role.MANAGER, language="en")
    login(client, user)
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)


def test_the_next_user_of_a_shared_tablet_gets_their_own_language(app, client, make_user):
    first, second = make_user(Role.STAFF), make_user(Role.STAFF, language="en")
    client.get("/lang/ru")
    login(client, first)
    client.post("/logout")
    assert '<html lang="ru">' in client.get("/login").get_data(as_text=True)
    login(client, second)
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, second.id).language == "en"
        assert db.session.get(User, first.id).language == "ru"
