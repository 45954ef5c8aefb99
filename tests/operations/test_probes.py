"""/healthz says the process is up; /readyz says whether the database, cache and broker answer.
Both answer without an account, ahead of sign-in, idle time-out and the second factor."""

import os
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import override_settings

from upw.models import Role
from upw.operations import selectors


def test_it_says_the_process_is_up_without_touching_the_database(client):
    # No database for this test: any query would raise.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_it_is_ready_when_the_database_and_cache_answer_and_tasks_run_in_process(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "broker": "not used"},
    }


@pytest.mark.django_db
def test_it_is_not_ready_when_the_database_does_not_answer_and_says_no_more(client, caplog):
    with mock.patch.object(selectors, "database_ready", side_effect=OperationalError("password for db at 10.0.0.5")):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "unavailable"
    assert "10.0.0.5" not in response.content.decode()


@pytest.mark.django_db
@override_settings(CELERY_TASK_ALWAYS_EAGER=False)
def test_it_is_not_ready_when_the_broker_does_not_answer(client):
    with mock.patch.object(selectors, "broker_ready", side_effect=ConnectionRefusedError()):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "ok", "broker": "unavailable"}


@pytest.mark.django_db
def test_it_is_not_ready_when_the_cache_does_not_answer(client):
    with mock.patch.object(selectors, "cache_ready", return_value=False):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "unavailable"


@pytest.mark.django_db
@override_settings(UPW_MFA_ENFORCED=True, SECURE_SSL_REDIRECT=True, ALLOWED_HOSTS=["service.example"])
def test_the_probes_answer_a_user_held_at_the_second_factor_over_plain_http_on_any_host(client):
    from tests import factories as f

    client.force_login(f.UserFactory(role=Role.COORDINATOR))
    for path in ("/healthz", "/readyz"):
        response = client.get(path, HTTP_HOST="10.1.2.3:8000")
        assert response.status_code == 200, path


def test_the_probes_take_only_get(client):
    assert client.post("/healthz").status_code == 405


@pytest.mark.services
@pytest.mark.django_db
def test_the_broker_check_reaches_a_real_redis():
    from tests.celery_support import broker_or_skip
    from upw.celery import app

    saved = app.conf.broker_url
    app.conf.broker_url = broker_or_skip(os.environ.get("CELERY_BROKER_URL") or "redis://127.0.0.1:6379/15")
    app._pool = None
    try:
        assert selectors.broker_ready()
    finally:
        app.conf.broker_url = saved
        app._pool = None
