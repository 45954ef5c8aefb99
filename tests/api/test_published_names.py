"""The published OpenAPI document keeps its names: clients generated from it use the operation ids and
schema names, so moving code must not change them. New endpoints may be added; none may be renamed.

`published_openapi.json` was taken from the API as first published; add to it, never edit it."""

import json
from pathlib import Path

from upw.api import api

PUBLISHED = json.loads((Path(__file__).parent / "published_openapi.json").read_text())
# Operations published after that document was taken, kept the same way.
PUBLISHED_SINCE = {
    "GET /api/v1/audit/reads": "upw_api_routes_audit_list_reads",
    "GET /api/v1/intake/import-jobs/{job_id}": "upw_api_routes_intake_import_job",
}


def _current():
    schema = api.get_openapi_schema(path_prefix="/api/")
    operations = {f"{m.upper()} {p}": o["operationId"] for p, ms in schema["paths"].items() for m, o in ms.items()}
    return operations, set(schema["components"]["schemas"])


def test_every_published_operation_keeps_its_path_method_and_id():
    operations, _ = _current()
    changed = {k: (v, operations.get(k)) for k, v in PUBLISHED["operations"].items() if operations.get(k) != v}
    assert changed == {}


def test_every_published_schema_keeps_its_name():
    _, schemas = _current()
    assert set(PUBLISHED["schemas"]) - schemas == set()


def test_operation_ids_are_unique():
    operations, _ = _current()
    assert len(set(operations.values())) == len(operations)


def test_every_operation_published_since_keeps_its_path_method_and_id():
    operations, _ = _current()
    changed = {k: (v, operations.get(k)) for k, v in PUBLISHED_SINCE.items() if operations.get(k) != v}
    assert changed == {}
