"""The whole API, fuzzed from its own OpenAPI document: whatever a client sends, the answer is never a
server error, and its status, content type and body are the ones the document promises.

Schemathesis generates requests for every operation (valid ones and broken ones: wrong types, NUL
bytes, huge numbers, missing fields) and sends them to the Django application in-process, as a
coordinator, a partner and a supervisor. Generation is seeded and bounded, so the run is the same
every time and takes a minute or two. Each operation is one test in one transaction, so the writes of an
operation's earlier examples are seen by its later ones, as on a live service.
"""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api import bearer
from upw.api import api

# A fixed day, so that the data (sessions today, this week's rota) and so the answers are the same
# whenever the suite runs.
pytestmark = [pytest.mark.django_db, pytest.mark.pin_clock("2026-12-07T09:00"), pytest.mark.fuzz]

EXAMPLES_PER_OPERATION = 10
SEED = 20261203

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]

CONFIG = {
    "seed": SEED,
    "suppress-health-check": ["all"],
    "generation": {
        "mode": "all",
        "max-examples": EXAMPLES_PER_OPERATION,
        "deterministic": True,
        "database": "none",
        "no-shrink": True,
    },
    # Sequences of calls (stateful testing) are not run here: each operation is fuzzed on its own.
    "phases": {"stateful": {"enabled": False}},
}

schema = schemathesis.openapi.from_dict(
    api.get_openapi_schema(path_prefix="/api/"), config=schemathesis.Config.from_dict(CONFIG)
)

CALLERS = {"coordinator": "cora", "partner": "pat", "supervisor": "sam"}


@pytest.fixture
def application():
    # Django's test client keeps the test's connection open between requests in the same way: a
    # request would otherwise close it, and with it the test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def callers(world):
    return {
        role: {"Authorization": bearer(getattr(world, username))["HTTP_AUTHORIZATION"]}
        for role, username in CALLERS.items()
    }


@schema.parametrize()
def test_no_request_gets_a_server_error_or_an_undocumented_answer(case, callers, application):
    # Each request goes to the API as each caller in turn: one generated request, three scopes.
    for role, headers in callers.items():
        try:
            case.call_and_validate(app=application, headers=headers, checks=CHECKS)
        except Exception as failure:
            failure.add_note(f"Sent as the {role} ({CALLERS[role]}).")
            raise
