"""Every response carries a request id (our proxy's, when it is trusted and looks like an id), and
every log line a request writes is JSON with that id and the user's id, never personal data."""

import json
import logging

import pytest
from django.test import override_settings

from tests import factories as f
from upw.models import Role
from upw.operations.logging import JsonLogFormatter, RequestContextFilter


def _request_lines(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "upw.request"]


def test_it_gives_each_response_a_new_request_id(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert len(first) == 32 and first != second


@override_settings(UPW_TRUSTED_PROXY_COUNT=1)
def test_it_keeps_the_id_our_proxy_sent(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="edge-4f1c2a9b-77")
    assert response["X-Request-ID"] == "edge-4f1c2a9b-77"


@override_settings(UPW_TRUSTED_PROXY_COUNT=0)
def test_it_ignores_an_id_sent_straight_from_a_client(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="edge-4f1c2a9b-77")
    assert response["X-Request-ID"] != "edge-4f1c2a9b-77"


@override_settings(UPW_TRUSTED_PROXY_COUNT=1)
def test_it_replaces_an_id_that_does_not_look_like_one(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID='x" injected\nline')
    assert response["X-Request-ID"] != 'x" injected\nline'
    assert len(response["X-Request-ID"]) == 32


@pytest.mark.django_db
def test_it_logs_each_request_with_its_id_view_route_and_user_id_but_no_path(client, caplog):
    person = f.PersonFactory(crn="X765432", first_name="Morwenna")
    coordinator = f.UserFactory(role=Role.ADMIN)
    client.force_login(coordinator)

    with caplog.at_level(logging.INFO, logger="upw.request"):
        response = client.get(f"/people/{person.crn}/?q=Morwenna")

    [line] = _request_lines(caplog)
    assert line.request_id == response["X-Request-ID"]
    assert line.user_id == coordinator.pk
    assert (line.view, line.route, line.status, line.method) == ("person", "/people/<str:crn>/", 200, "GET")
    formatted = _formatted(line)
    assert "X765432" not in formatted and "Morwenna" not in formatted


@pytest.mark.django_db
def test_a_signed_out_request_is_logged_without_a_user(client, caplog):
    with caplog.at_level(logging.INFO, logger="upw.request"):
        client.get("/people/")
    [line] = _request_lines(caplog)
    assert line.user_id is None and line.status == 302


def _formatted(record: logging.LogRecord) -> str:
    RequestContextFilter().filter(record)
    return JsonLogFormatter().format(record)


def test_a_log_line_is_one_json_object_with_the_request_context():
    record = logging.LogRecord("upw.people", logging.WARNING, __file__, 1, "Import refused: %d rows", (3,), None)
    record.request_id, record.user_id = "abc123abc123", 42

    line = json.loads(_formatted(record))

    assert line["message"] == "Import refused: 3 rows"
    assert (line["level"], line["logger"], line["request_id"], line["user_id"]) == (
        "WARNING",
        "upw.people",
        "abc123abc123",
        42,
    )
    assert "time" in line


def test_lines_written_inside_a_request_carry_its_id(client, caplog):
    from upw.operations import request_context

    token = request_context.request_id.set("req-0000feed")
    try:
        record = logging.LogRecord("upw", logging.INFO, __file__, 1, "inside", (), None)
        RequestContextFilter().filter(record)
    finally:
        request_context.request_id.reset(token)
    assert record.request_id == "req-0000feed"


def test_djangos_own_lines_about_a_request_carry_its_id_and_not_the_request():
    request = type("Request", (), {"request_id": "abcdef123456", "__repr__": lambda self: "<GET /people/X765432/>"})()
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Not Found", (), None)
    record.request = request

    line = json.loads(_formatted(record))

    assert line["request_id"] == "abcdef123456"
    assert "X765432" not in json.dumps(line)


def test_a_case_reference_in_a_message_is_left_out_of_the_log():
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Not Found: %s", ("/people/X765432/letters/",), None
    )

    line = json.loads(_formatted(record))

    assert line["message"] == "Not Found: /people/{crn}/letters/"


def test_only_things_shaped_like_a_case_reference_are_left_out():
    from upw.operations.logging import without_crns

    assert without_crns("/people/x765432/ /sessions/1234567/ /api/v1/AB123456/ X76543") == (
        "/people/{crn}/ /sessions/1234567/ /api/v1/AB123456/ X76543"
    )
