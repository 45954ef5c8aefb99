import re

import pytest

pytestmark = pytest.mark.django_db


def test_it_serves_the_docs(client):
    r = client.get("/api/docs")
    assert r.status_code == 200
    assert b'id="swagger-ui"' in r.content


def test_it_serves_the_docs_within_the_content_security_policy(client):
    # The site's CSP allows scripts and styles from 'self' only (plus a nonce, unused here): the docs
    # page must load Swagger from our own static files, with no inline script or style and no CDN.
    r = client.get("/api/docs")
    csp = r.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    html = r.content.decode()
    scripts = re.findall(r"<script([^>]*)>", html)
    assert [attrs for attrs in scripts if "src=" not in attrs] == [' type="application/json" id="swagger-settings"']
    assert re.findall(r'<script src="([^"]+)"', html) == [
        "/static/ninja/swagger-ui-bundle.js",
        "/static/js/swagger-ui-init.js",
    ]
    assert re.findall(r'<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"', html) == [
        "/static/ninja/swagger-ui.css",
        "/static/css/swagger-ui-accessible.css",
    ]
    assert "<style" not in html
    assert " style=" not in html
    assert "//cdn" not in html


def test_it_serves_the_openapi_schema(client):
    r = client.get("/api/openapi.json")
    assert r.status_code == 200
    schema = r.json()
    assert schema["info"]["title"] == "upw API"
    assert schema["info"]["version"] == "1"
    assert {
        "/api/v1/auth/token",
        "/api/v1/people",
        "/api/v1/people/{crn}",
        "/api/v1/requirements",
        "/api/v1/requirements/{requirement_id}",
        "/api/v1/projects",
        "/api/v1/projects/{project_id}",
        "/api/v1/sessions",
        "/api/v1/sessions/{session_id}",
    } <= set(schema["paths"])


def test_it_requires_authentication_everywhere_but_sign_in(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    for path, operations in paths.items():
        for method, operation in operations.items():
            if (path, method) == ("/api/v1/auth/token", "post"):
                assert "security" not in operation
            else:
                assert operation["security"] == [{"BearerToken": []}, {"SessionCookie": []}], (path, method)


def test_it_documents_both_person_schemas(client):
    components = client.get("/api/openapi.json").json()["components"]["schemas"]
    assert "offence_summary" in components["PersonSensitiveOut"]["properties"]
    assert "offence_summary" not in components["PersonOut"]["properties"]
