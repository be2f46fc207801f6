"""Password guessing is slowed per account and per address, never locks the owner out,
and cannot tell known usernames from unknown ones."""

import re
import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from app.auth import services, throttle
from app.auth.models import LoginThrottle, Role
from app.extensions import db
from tests.conftest import PASSWORD

ATTACKER = "203.0.113.66"
OWNER = "198.51.100.7"


class Clock:
    def __init__(self):
        self.now = datetime(2026, 12, 4, 8, 0, tzinfo=UTC)

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(throttle, "utcnow", lambda: clock.now)
    return clock


def attempt(client, username, password="wrong-password", address=ATTACKER):
    return client.post(
        "/login",
        data={"username": username, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def test_first_failures_are_free_then_the_wait_doubles_up_to_a_cap(app, make_user, clock):
    user = make_user(Role.STAFF)
    client = app.test_client()
    for _ in range(3):
        assert attempt(client, user.username).status_code == 401
    waits = []
    for _ in range(5):
        assert attempt(client, user.username).status_code == 401
        held = attempt(client, user.username, PASSWORD)
        assert held.status_code == 429
        assert "Încercați din nou" in held.get_data(as_text=True)
        waits.append(int(held.headers["Retry-After"]))
        clock.advance(waits[-1])
    assert waits == [1, 2, 4, 8, 16]
    for _ in range(15):
        attempt(client, user.username)
        clock.advance(app.config["LOGIN_DELAY_CAP_SECONDS"])
    assert attempt(client, user.username).status_code == 401
    held = attempt(client, user.username)
    assert int(held.headers["Retry-After"]) == app.config["LOGIN_DELAY_CAP_SECONDS"]
    # after the wait the right password gets in, and the account starts afresh
    clock.advance(app.config["LOGIN_DELAY_CAP_SECONDS"])
    assert attempt(client, user.username, PASSWORD).status_code == 302


def test_the_owner_gets_in_from_the_usual_device_while_someone_guesses(app, make_user, clock):
    user = make_user(Role.STAFF)
    owner = app.test_client()
    assert attempt(owner, user.username, PASSWORD, OWNER).status_code == 302
    assert owner.get_cookie(throttle.DEVICE_COOKIE, path="/login") is not None
    owner.post("/logout")
    attacker = app.test_client()
    for _ in range(30):
        attempt(attacker, user.username)
        clock.advance(60)
    # the account is held for anyone without the owner's device cookie ...
    assert attempt(attacker, user.username, PASSWORD).status_code == 429
    assert attempt(app.test_client(), user.username, PASSWORD, OWNER).status_code == 429
    # ... while the owner's usual device still gets in with the right password
    assert attempt(owner, user.username, PASSWORD, OWNER).status_code == 302


def test_a_device_cookie_of_another_account_does_not_help(app, make_user, clock):
    mine, victim = make_user(Role.STAFF), make_user(Role.STAFF)
    attacker = app.test_client()
    assert attempt(attacker, mine.username, PASSWORD).status_code == 302
    attacker.post("/logout")
    for _ in range(8):
        attempt(attacker, victim.username)
        clock.advance(1)
    assert attempt(attacker, victim.username, PASSWORD).status_code == 429


def test_forged_device_cookie_is_ignored(app, make_user, clock):
    user = make_user(Role.STAFF)
    attacker = app.test_client()
    attacker.set_cookie(throttle.DEVICE_COOKIE, f'{{"u": {user.id}, "d": "x"}}', path="/login")
    for _ in range(8):
        attempt(attacker, user.username)
    assert attempt(attacker, user.username, PASSWORD).status_code == 429


def test_one_address_trying_many_accounts_is_held(app, make_user, clock):
    client = app.test_client()
    for n in range(app.config["LOGIN_ADDRESS_FREE_FAILURES"]):
        assert attempt(client, f"someone{n}").status_code == 401
    assert attempt(client, "someone.else").status_code == 401  # starts the address's wait
    user = make_user(Role.STAFF)
    assert attempt(client, user.username, PASSWORD).status_code == 429
    # another address is not held for it
    assert attempt(app.test_client(), user.username, PASSWORD, OWNER).status_code == 302


def test_unknown_usernames_are_answered_like_known_ones(app, make_user, clock):
    user = make_user(Role.STAFF)

    def answers(username, address):
        client = app.test_client()
        seen = []
        for _ in range(8):
            page = attempt(client, username, address=address)
            body = page.get_data(as_text=True).replace(username, "NAME")
            body = re.sub(r'(csrf[-_]token"? (?:content|value)=")[^"]+', r"\1", body)
            seen.append((page.status_code, page.headers.get("Retry-After"), body))
        return seen

    assert answers(user.username, "192.0.2.1") == answers("nobody.here", "192.0.2.2")


def test_unknown_usernames_cost_the_same_hashing(app, make_user, clock, monkeypatch):
    import app.auth.models as models

    user = make_user(Role.STAFF)
    checked = []

    def spy(real):
        def check(pwhash, password):
            checked.append(pwhash.split("$")[0])
            return real(pwhash, password)

        return check

    monkeypatch.setattr(models, "check_password_hash", spy(models.check_password_hash))
    monkeypatch.setattr(services, "check_password_hash", spy(services.check_password_hash))
    attempt(app.test_client(), user.username, address="192.0.2.1")
    attempt(app.test_client(), "nobody.here", address="192.0.2.2")
    assert len(checked) == 2
    assert checked[0] == checked[1] == app.config["PASSWORD_METHOD"]


def parallel_guesses(app, username: str, count: int) -> list[int]:
    """`count` wrong passwords at once, each from its own thread and connection."""
    barrier = threading.Barrier(count)
    statuses = []

    def guess():
        client = app.test_client()
        barrier.wait()
        statuses.append(attempt(client, username).status_code)

    threads = [threading.Thread(target=guess) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def stored_counts(app) -> dict[str, int]:
    with app.app_context():
        rows = db.session.execute(select(LoginThrottle.key, LoginThrottle.failures)).all()
        db.session.remove()
    return dict(rows)


def test_parallel_wrong_passwords_are_all_counted(committed, make_user, monkeypatch):
    """Every thread has its own connection; the counter loses none of their failures."""
    app = committed
    user = make_user(Role.STAFF)
    monkeypatch.setitem(app.config, "LOGIN_FREE_FAILURES", 1000)  # every attempt is tried
    monkeypatch.setitem(app.config, "LOGIN_ADDRESS_FREE_FAILURES", 1000)
    assert parallel_guesses(app, user.username, 24) == [401] * 24
    assert stored_counts(app) == {
        throttle.account_key(user.username): 24,
        throttle.address_key(ATTACKER): 24,
    }


def test_a_burst_of_parallel_guesses_gets_no_more_tries_than_one_after_another(
    committed, make_user, clock
):
    app = committed
    user = make_user(Role.STAFF)
    statuses = parallel_guesses(app, user.username, 24)
    free = app.config["LOGIN_FREE_FAILURES"]
    # the free failures, and the one that starts the first wait; the rest are held
    assert sorted(statuses) == [401] * (free + 1) + [429] * (24 - free - 1)
    assert stored_counts(app)[throttle.account_key(user.username)] == free + 1


def test_behind_a_trusted_proxy_the_forwarded_address_is_throttled(database_url, make_user, clock):
    from tests.conftest import make_test_app

    proxied = make_test_app(database_url, TRUSTED_PROXIES=1)
    user = make_user(Role.STAFF)
    client = proxied.test_client()

    def through_proxy(username, password, client_address):
        return client.post(
            "/login",
            data={"username": username, "password": password},
            headers={"X-Forwarded-For": client_address},
            environ_base={"REMOTE_ADDR": "10.0.0.1"},
        )

    for n in range(proxied.config["LOGIN_ADDRESS_FREE_FAILURES"] + 1):
        through_proxy(f"someone{n}", "wrong-password", ATTACKER)
    assert through_proxy(user.username, PASSWORD, ATTACKER).status_code == 429
    # everyone else behind the same proxy is not held for it
    assert through_proxy(user.username, PASSWORD, OWNER).status_code == 302
