"""Requests the API cannot take get a 422 naming the field, never a server error; unknown addresses
under /api/ get a JSON 404; and the OpenAPI document says so."""

import pytest

from tests.api import bearer
from upw.api import NO_SUCH_ENDPOINT, api

pytestmark = pytest.mark.django_db


def only_error(response):
    assert response.status_code == 422, response.content
    (error,) = response.json()["detail"]
    return error


def test_an_unknown_api_address_answers_json_404(client, world):
    for method in (client.get, client.post):
        for address in ("/api/v1/no-such-thing", "/api/v1/attendance/ledger/1%0A2/reverse"):
            r = method(address, **bearer(world.cora))
            assert r.status_code == 404, address
            assert r.json() == {"detail": NO_SUCH_ENDPOINT}


def test_a_nul_character_in_a_query_parameter_is_refused_by_name(client, world):
    error = only_error(client.get("/api/v1/people", {"q": "Al\x00ex"}, **bearer(world.cora)))
    assert error == {
        "loc": ["query", "q"],
        "msg": "Search text must not contain a NUL character.",
        "type": "null_character",
    }


def test_a_nul_character_in_the_address_is_refused_by_name(client, world):
    error = only_error(client.get("/api/v1/people/A12%003456", **bearer(world.cora)))
    assert error["loc"] == ["path", "crn"]
    assert error["msg"] == "CRN must not contain a NUL character."


def test_a_nul_character_in_a_json_body_is_refused_by_name(client, world):
    r = client.post(
        "/api/v1/auth/token", {"username": "cora", "password": "pass\x00word"}, content_type="application/json"
    )
    assert only_error(r)["loc"] == ["body", "payload", "password"]


def test_an_integer_beyond_32_bits_in_a_body_is_refused_by_name(client, world):
    url = f"/api/v1/attendance/requirements/{world.alex_requirement.id}/adjustments"
    r = client.post(url, {"minutes": 2**40, "reason": "Typo"}, content_type="application/json", **bearer(world.cora))
    error = only_error(r)
    assert error["loc"][-1] == "minutes"
    assert error["msg"] == "Minutes must be 2147483647 or less."
    assert not world.alex_requirement.ledger_entries.exists()


def test_a_huge_page_number_is_refused(client, world):
    error = only_error(client.get("/api/v1/people", {"page": 10**30}, **bearer(world.cora)))
    assert error["loc"] == ["query", "page"]


def test_a_body_that_is_not_json_is_refused(client, world):
    error = only_error(client.post("/api/v1/auth/token", '{"username": "cora', content_type="application/json"))
    assert error == {"loc": ["body"], "msg": "The request body is not valid JSON.", "type": "json_invalid"}


@pytest.mark.parametrize("end_time", [0, "17:00+01:00"])
def test_a_time_with_an_offset_is_refused(client, world, end_time):
    # pydantic reads a number as seconds past midnight UTC: a time with an offset, which cannot be
    # compared with the service's wall-clock times.
    project = {
        "name": "Beach clean",
        "work_type": "gardening",
        "start_date": "2027-01-04",
        "site": {"name": "Tynemouth Longsands", "address": "Grand Parade", "postcode": "NE30 4JF"},
        "schedule": [{"weekday": 1, "start_time": "09:00", "end_time": end_time}],
    }
    r = client.post("/api/v1/partner-projects", project, content_type="application/json", **bearer(world.pat))
    error = only_error(r)
    assert error["loc"] == ["body", "payload", "schedule", 0, "end_time"]
    assert error["msg"] == "End time must be a time in the UK with no offset, like 09:30."


def test_a_missing_field_gets_a_plain_message(client, world):
    error = only_error(client.post("/api/v1/auth/token", {"username": "cora"}, content_type="application/json"))
    assert error == {"loc": ["body", "payload", "password"], "msg": "Enter password.", "type": "missing"}


def test_the_document_lists_the_errors_each_operation_can_give():
    document = api.get_openapi_schema(path_prefix="/api/")
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            if operation.get("parameters") or operation.get("requestBody"):
                assert 422 in responses, (method, path)
            if operation.get("security"):
                assert {401, 403} <= set(responses), (method, path)
            if "{" in path:
                assert 404 in responses, (method, path)


def test_the_document_describes_times_as_wall_clock_times_without_an_offset():
    start_time = api.get_openapi_schema(path_prefix="/api/")["components"]["schemas"]["SessionOut"]["properties"][
        "start_time"
    ]
    assert "format" not in start_time
    assert start_time["type"] == "string"
    assert start_time["pattern"].startswith("^([01][0-9]|2[0-3])")
