"""Prometheus metrics: request latency by view, Celery task durations and failures, engine runs;
served only to a scraper with the token, or on this host when no token is set."""

import pytest
from celery import signals
from django.test import override_settings
from django.urls import reverse
from prometheus_client import REGISTRY

from upw.celery import app


def _value(name: str, **labels) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


@pytest.mark.django_db
def test_it_counts_request_latency_by_view(client):
    before = _value("upw_http_request_duration_seconds_count", view="login", method="GET")
    client.get(reverse("login"))
    assert _value("upw_http_request_duration_seconds_count", view="login", method="GET") == before + 1

    body = client.get("/metrics").content.decode()
    assert 'upw_http_request_duration_seconds_bucket{le="0.01",method="GET",view="login"}' in body


@override_settings(UPW_METRICS_TOKEN="")
def test_without_a_token_only_this_host_is_answered(client):
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="10.20.30.40").status_code == 404


@override_settings(UPW_METRICS_TOKEN="", UPW_TRUSTED_PROXY_COUNT=1)
def test_without_a_token_a_request_through_the_proxy_is_not_from_this_host(client):
    response = client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert response.status_code == 404


@override_settings(UPW_METRICS_TOKEN="s3cret-scrape-token")
def test_with_a_token_only_a_request_that_sends_it_is_answered(client):
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 404
    response = client.get("/metrics", REMOTE_ADDR="10.20.30.40", HTTP_AUTHORIZATION="Bearer s3cret-scrape-token")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")


@override_settings(UPW_METRICS_ENABLED=False)
def test_metrics_can_be_switched_off(client):
    assert client.get("/metrics").status_code == 404


@app.task(name="tests.operations.always_fails")
def always_fails():
    raise RuntimeError("boom")


@app.task(name="tests.operations.succeeds")
def succeeds():
    return 1


def test_it_times_tasks_and_counts_their_failures():
    ran = _value("upw_celery_task_duration_seconds_count", task="tests.operations.succeeds", outcome="success")
    failed = _value("upw_celery_task_failures_total", task="tests.operations.always_fails")

    succeeds.apply()
    always_fails.apply(throw=False)

    assert _value("upw_celery_task_duration_seconds_count", task="tests.operations.succeeds", outcome="success") == (
        ran + 1
    )
    assert _value("upw_celery_task_failures_total", task="tests.operations.always_fails") == failed + 1


def test_it_counts_engine_runs_by_kind_and_the_status_the_run_ended_in():
    class MatchingTask:
        name = "scheduler.tasks.run_matching"

    task = MatchingTask()
    before = _value("upw_solver_runs_total", kind="matching", status="failed")

    signals.task_prerun.send(sender=task, task_id="t-1", task=task)
    signals.task_postrun.send(
        sender=task, task_id="t-1", task=task, retval={"run": 7, "status": "failed"}, state="SUCCESS"
    )

    assert _value("upw_solver_runs_total", kind="matching", status="failed") == before + 1
    assert _value("upw_solver_run_duration_seconds_count", kind="matching") >= 1
