"""Password guessing is limited per account at an address, and per address across accounts."""

import pytest

from tests import factories as f
from upw.models import Role

SPRAYER = "203.0.113.7"
ELSEWHERE = "198.51.100.20"


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_ADDRESS_FAILURE_LIMIT = 20


def attempt(client, username, password, address):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def test_spraying_two_passwords_over_sixteen_accounts_locks_the_address_out(client, db, axes_on):
    accounts = [f.UserFactory(username=f"staff{n}", role=Role.COORDINATOR) for n in range(16)]
    statuses = [
        attempt(client, account.username, guess, SPRAYER).status_code
        for account in accounts
        for guess in ("Winter2026!", "Password1")
    ]
    assert statuses[:19] == [200] * 19
    assert 429 in statuses
    # Once locked out, even a right password from that address is refused.
    r = attempt(client, "staff0", "password", SPRAYER)
    assert r.status_code == 429
    assert b"Too many failed attempts to sign in" in r.content
    assert not r.wsgi_request.user.is_authenticated


def test_another_address_is_not_locked_out_by_the_sprayer(client, db, axes_on):
    for n in range(16):
        f.UserFactory(username=f"staff{n}", role=Role.COORDINATOR)
        attempt(client, f"staff{n}", "Winter2026!", SPRAYER)
        attempt(client, f"staff{n}", "Password1", SPRAYER)
    r = attempt(client, "staff3", "password", ELSEWHERE)
    assert r.status_code == 302


def test_a_few_mistakes_from_a_shared_office_address_lock_no_one_out(client, db, axes_on):
    for n in range(6):
        f.UserFactory(username=f"staff{n}", role=Role.COORDINATOR)
        attempt(client, f"staff{n}", "typo", SPRAYER)
        attempt(client, f"staff{n}", "typo again", SPRAYER)
    assert attempt(client, "staff0", "password", SPRAYER).status_code == 302


def test_five_wrong_passwords_lock_one_account_at_one_address(client, db, axes_on):
    f.UserFactory(username="cora", role=Role.COORDINATOR)
    f.UserFactory(username="nia", role=Role.COORDINATOR)
    for _ in range(5):
        attempt(client, "cora", "wrong", SPRAYER)
    assert attempt(client, "cora", "password", SPRAYER).status_code == 429
    assert attempt(client, "nia", "password", SPRAYER).status_code == 302


def test_the_api_answers_a_lockout_in_its_own_terms(client, db, axes_on):
    f.UserFactory(username="cora", role=Role.COORDINATOR)
    for _ in range(5):
        client.post(
            "/api/v1/auth/token",
            {"username": "cora", "password": "wrong"},
            content_type="application/json",
            REMOTE_ADDR=SPRAYER,
        )
    r = client.post(
        "/api/v1/auth/token",
        {"username": "cora", "password": "password"},
        content_type="application/json",
        REMOTE_ADDR=SPRAYER,
    )
    assert r.status_code == 429
    assert r.json() == {"detail": "Too many failed attempts to sign in. Wait 60 minutes, then try again."}
