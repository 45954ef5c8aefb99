import datetime as dt
from unittest import mock

import pytest
import time_machine
from django.contrib.auth import authenticate
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.api import bearer
from upw.accounts.api import WRONG_CREDENTIALS
from upw.core import tokens
from upw.core.tokens import hash_token, issue_token, revoke_token, user_for_token
from upw.models import ApiToken

TOKEN_URL = "/api/v1/auth/token"
ME_URL = "/api/v1/auth/me"

pytestmark = pytest.mark.django_db


def sign_in(client, username="cora", password="password", **extra):
    return client.post(
        TOKEN_URL, {"username": username, "password": password, **extra}, content_type="application/json"
    )


def test_it_issues_a_token_for_the_right_password(client, world):
    r = sign_in(client, name="Reporting script")
    assert r.status_code == 201
    body = r.json()
    assert body["token"].startswith("upw_")
    assert body["token_type"] == "Bearer"
    assert body["token"].startswith(body["prefix"])
    assert body["expires_at"] is not None

    token = ApiToken.objects.get()
    assert token.user == world.cora
    assert token.name == "Reporting script"
    assert client.get(ME_URL, HTTP_AUTHORIZATION=f"Bearer {body['token']}").json()["username"] == "cora"


def test_it_stores_only_a_hash_of_the_token(client, world):
    raw = sign_in(client).json()["token"]
    token = ApiToken.objects.get()
    assert token.token_hash == hash_token(raw)
    stored = [str(value) for value in ApiToken.objects.values_list().get()]
    assert raw not in stored


def test_it_refuses_a_wrong_password_without_a_token(client, world):
    r = sign_in(client, password="wrong")
    assert r.status_code == 401
    assert r.json() == {"detail": WRONG_CREDENTIALS}
    assert not ApiToken.objects.exists()


def test_it_refuses_an_unknown_user(client, world):
    r = sign_in(client, username="mallory")
    assert r.status_code == 401
    assert "token" not in r.json()


def test_it_refuses_an_inactive_user_at_sign_in(client, world):
    world.cora.is_active = False
    world.cora.save()
    assert sign_in(client).status_code == 401
    assert not ApiToken.objects.exists()


def test_it_passes_the_request_to_authenticate(client, world):
    # django-axes counts failures and locks out per request, so it must see the request.
    with mock.patch("upw.accounts.api.authenticate", wraps=authenticate) as spy:
        sign_in(client)
    (args, kwargs) = spy.call_args
    assert args[0].path == TOKEN_URL
    assert kwargs == {"username": "cora", "password": "password"}


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_it_locks_out_after_repeated_failures(client, world):
    for _ in range(3):
        sign_in(client, password="wrong")
    r = sign_in(client)
    assert r.status_code in (403, 429), r.status_code
    assert not ApiToken.objects.exists()


def test_it_validates_the_sign_in_body(client, world):
    r = client.post(TOKEN_URL, {"username": "cora"}, content_type="application/json")
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"][-1] == "password"


def test_it_refuses_get_on_the_token_endpoint(client, world):
    assert client.get(TOKEN_URL).status_code == 405


def test_it_requires_a_token(client, world):
    r = client.get(ME_URL)
    assert r.status_code == 401
    assert r.json() == {"detail": "Unauthorized"}


def test_it_refuses_an_unknown_token(client, world):
    assert client.get(ME_URL, HTTP_AUTHORIZATION="Bearer upw_not-a-real-token").status_code == 401


def test_it_refuses_another_scheme(client, world):
    raw, _ = issue_token(user=world.cora, name="t")
    assert client.get(ME_URL, HTTP_AUTHORIZATION=f"Token {raw}").status_code == 401


def test_it_refuses_a_revoked_token(client, world):
    raw, token = issue_token(user=world.cora, name="t")
    revoke_token(token=token)
    assert client.get(ME_URL, HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_it_keeps_the_first_revocation_time(world):
    _, token = issue_token(user=world.cora, name="t")
    revoke_token(token=token)
    first = ApiToken.objects.get().revoked_at
    revoke_token(token=ApiToken.objects.get())
    assert ApiToken.objects.get().revoked_at == first


def test_it_refuses_an_expired_token(client, world):
    raw, _ = issue_token(user=world.cora, name="t", expires_at=timezone.now() + dt.timedelta(days=1))
    assert client.get(ME_URL, HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    with time_machine.travel(timezone.now() + dt.timedelta(days=2)):
        assert client.get(ME_URL, HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_it_refuses_the_token_of_an_inactive_user(client, world):
    headers = bearer(world.cora)
    world.cora.is_active = False
    world.cora.save()
    assert client.get(ME_URL, **headers).status_code == 401


def test_it_records_when_a_token_was_last_used(client, world):
    raw, token = issue_token(user=world.cora, name="t")
    assert token.last_used_at is None
    assert user_for_token(raw) == world.cora
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_it_accepts_the_web_session(client, world):
    client.force_login(world.nia)
    r = client.get(ME_URL)
    assert r.status_code == 200
    assert r.json() == {"username": "nia", "first_name": "Nia", "last_name": "Test", "role": "coordinator"}


# --- The token's user is cached between requests ----------------------------------------------


def token_queries(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if "upw_apitoken" in q["sql"]]


def test_a_token_is_read_once_while_its_user_is_cached(client, world):
    headers = bearer(world.cora)
    with CaptureQueriesContext(connection) as first:
        assert client.get(ME_URL, **headers).status_code == 200
    with CaptureQueriesContext(connection) as second:
        assert client.get(ME_URL, **headers).json()["username"] == "cora"
    assert len(token_queries(first)) == 2  # the lookup, and the time it was last used
    assert token_queries(second) == []


@override_settings(API_TOKEN_CACHE_SECONDS=0)
def test_with_the_cache_off_the_token_is_read_on_every_request(client, world):
    headers = bearer(world.cora)
    client.get(ME_URL, **headers)
    with CaptureQueriesContext(connection) as again:
        assert client.get(ME_URL, **headers).status_code == 200
    assert len(token_queries(again)) == 1


def test_revoking_a_cached_token_stops_it_at_once(client, world):
    raw, token = issue_token(user=world.cora, name="t")
    assert client.get(ME_URL, HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    revoke_token(token=ApiToken.objects.get(pk=token.pk))
    assert client.get(ME_URL, HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_deactivating_the_user_of_a_cached_token_stops_it_at_once(client, world):
    headers = bearer(world.cora)
    assert client.get(ME_URL, **headers).status_code == 200
    world.cora.is_active = False
    world.cora.save()
    assert client.get(ME_URL, **headers).status_code == 401


def test_a_new_role_reaches_a_cached_token_at_once(client, world):
    headers = bearer(world.cora)
    assert client.get(ME_URL, **headers).json()["role"] == "coordinator"
    world.cora.role = "supervisor"
    world.cora.save()
    assert client.get(ME_URL, **headers).json()["role"] == "supervisor"


@override_settings(API_TOKEN_CACHE_SECONDS=3600)
def test_a_cached_token_still_expires_on_time(client, world):
    raw, _ = issue_token(user=world.cora, name="t", expires_at=timezone.now() + dt.timedelta(minutes=30))
    assert client.get(ME_URL, HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=31)):
        assert client.get(ME_URL, HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_the_cache_holds_no_password_hash_yet_the_user_still_has_one(client, world):
    raw, _ = issue_token(user=world.cora, name="t")
    assert client.get(ME_URL, HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    cached = cache.get(f"api-token:{hash_token(raw)}")
    assert "password" not in cached["user"].__dict__
    assert user_for_token(raw).check_password("password")


def test_a_cache_that_does_not_answer_means_reading_the_database(client, world, monkeypatch):
    headers = bearer(world.cora)

    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get", down)
    monkeypatch.setattr(cache, "set", down)
    assert client.get(ME_URL, **headers).json()["username"] == "cora"


def test_a_revocation_while_a_request_reads_the_token_is_not_undone_by_its_cache_write(world, monkeypatch):
    raw, token = issue_token(user=world.cora, name="t")
    read_from_the_database = tokens._lookup

    def revoked_just_after_the_read(token_hash):
        entry = read_from_the_database(token_hash)
        revoke_token(token=ApiToken.objects.get(pk=token.pk))
        return entry

    monkeypatch.setattr(tokens, "_lookup", revoked_just_after_the_read)
    assert user_for_token(raw) == world.cora  # it read the token while it was live
    monkeypatch.undo()
    assert user_for_token(raw) is None
