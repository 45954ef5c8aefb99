"""The partner portal through the API, with partner-scoped tokens."""

import datetime as dt

import pytest

from partners.models import Project
from tests.api import bearer
from tests.partners.conftest import pdf

URL = "/api/v1/partner-projects"

pytestmark = pytest.mark.django_db

BODY = {
    "name": "Ouseburn riverside clear-up",
    "description": "Clearing litter.",
    "beneficiary": "Walkers",
    "work_type": "gardening",
    "skills": ["gardening"],
    "capacity": 6,
    "start_date": str(dt.date.today() + dt.timedelta(days=7)),
    "site": {"name": "Ouseburn path", "address": "Ouseburn Road", "postcode": "NE2 1AA"},
    "schedule": [{"weekday": 0, "start_time": "10:00", "end_time": "15:00"}],
}


def test_a_partner_proposes_uploads_and_submits(client, places):
    auth = bearer(places.pat)
    r = client.post(URL, BODY, content_type="application/json", **auth)
    assert r.status_code == 201, r.content
    body = r.json()
    assert (body["status"], body["organisation"], body["actions"]) == ("draft", "Tyneside Gardens Trust", ["submit"])
    pid = body["id"]
    r = client.post(f"{URL}/{pid}/transitions", {"action": "submit"}, content_type="application/json", **auth)
    assert r.status_code == 400
    assert "risk_assessment" in r.json()["detail"]
    r = client.post(f"{URL}/{pid}/risk-assessment", {"file": pdf()}, **auth)
    assert r.status_code == 200
    assert r.json()["risk_assessment_uploaded"] is True
    r = client.post(f"{URL}/{pid}/transitions", {"action": "submit"}, content_type="application/json", **auth)
    assert r.status_code == 200
    assert r.json()["status"] == "submitted"


def test_a_coordinator_reviews_and_approves_and_sessions_appear(client, places, propose):
    project = propose(start_date=dt.date.today() + dt.timedelta(days=7))
    client.post(
        f"{URL}/{project.pk}/transitions", {"action": "submit"}, content_type="application/json", **bearer(places.pat)
    )
    auth = bearer(places.cora)
    for action in ("start_review", "approve"):
        r = client.post(f"{URL}/{project.pk}/transitions", {"action": action}, content_type="application/json", **auth)
        assert r.status_code == 200, r.content
    assert r.json()["status"] == "approved"
    assert project.sessions.exists()
    events = client.get(f"{URL}/{project.pk}/events", **auth).json()
    assert [(e["from_status"], e["to_status"]) for e in events if e["kind"] == "transition"] == [
        ("draft", "submitted"),
        ("submitted", "in_review"),
        ("in_review", "approved"),
    ]


def test_a_partner_cannot_approve(client, places, propose):
    project = propose()
    r = client.post(
        f"{URL}/{project.pk}/transitions", {"action": "approve"}, content_type="application/json", **bearer(places.pat)
    )
    assert r.status_code == 409
    assert r.json()["detail"] == "Your role cannot approve a project."


def test_partner_a_cannot_see_or_change_partner_b(client, places):
    auth = bearer(places.pat)
    pid = places.project_b.pk
    assert [p["id"] for p in client.get(URL, **auth).json()["items"]] == [places.project_a.pk]
    assert client.get(f"{URL}/{pid}", **auth).status_code == 404
    assert client.patch(f"{URL}/{pid}", {"capacity": 2}, content_type="application/json", **auth).status_code == 404
    r = client.post(f"{URL}/{pid}/transitions", {"action": "submit"}, content_type="application/json", **auth)
    assert r.status_code == 404
    assert (
        client.post(f"{URL}/{pid}/messages", {"message": "hi"}, content_type="application/json", **auth).status_code
        == 404
    )
    assert client.get(f"{URL}/{pid}/impact", **auth).status_code == 404
    assert Project.objects.get(pk=pid).capacity == places.project_b.capacity


def test_a_partner_edits_its_draft(client, places, propose):
    project = propose()
    r = client.patch(
        f"{URL}/{project.pk}",
        {"capacity": 4, "skills": ["gardening"]},
        content_type="application/json",
        **bearer(places.pat),
    )
    assert r.status_code == 200
    assert r.json()["capacity"] == 4


def test_it_reports_validation_errors(client, places):
    r = client.post(
        URL,
        {**BODY, "site": {**BODY["site"], "postcode": "CF10 1AA"}},
        content_type="application/json",
        **bearer(places.pat),
    )
    assert r.status_code == 400
    assert r.json()["detail"].startswith("postcode:")


def test_a_coordinator_must_name_the_organisation(client, places):
    r = client.post(URL, BODY, content_type="application/json", **bearer(places.cora))
    assert r.status_code == 400
    r = client.post(
        URL, {**BODY, "organisation_id": places.org_a.pk}, content_type="application/json", **bearer(places.cora)
    )
    assert r.status_code == 201
    r = client.post(
        URL, {**BODY, "organisation_id": places.org_b.pk}, content_type="application/json", **bearer(places.cora)
    )
    assert r.status_code == 404


def test_it_shows_impact_as_counts(client, places):
    r = client.get(f"{URL}/{places.project_a.pk}/impact", **bearer(places.pat))
    assert r.status_code == 200
    assert set(r.json()) == {
        "sessions_held",
        "sessions_upcoming",
        "hours_delivered",
        "attendances",
        "absences",
        "photos",
    }


def test_it_refuses_supervisors(client, places):
    auth = bearer(places.sam)
    assert client.get(f"{URL}/{places.project_b.pk}", **auth).status_code == 404
    r = client.post(URL, {**BODY, "organisation_id": places.org_a.pk}, content_type="application/json", **auth)
    assert r.status_code == 403
