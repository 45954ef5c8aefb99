"""Who may read which reports: one scoping mechanism (upw.core.access), refusals that tell nothing."""

import pytest

from tests import factories as f
from tests.reports.conftest import TODAY
from upw.models import Role

pytestmark = pytest.mark.pin_clock(TODAY)


def test_a_coordinator_cannot_read_another_regions_reports(client, history):
    client.force_login(history.cora)
    assert client.get("/api/v1/reports/delivery", {"scope": "region:wales"}).status_code == 404
    assert client.get("/api/v1/reports/delivery", {"scope": "region:nowhere"}).status_code == 404
    assert client.get("/api/v1/reports/delivery", {"scope": "pdu:cardiff"}).status_code == 404
    assert client.get("/reports/download.csv", {"scope": "region:wales"}).status_code == 404


def test_a_coordinator_gets_no_national_figures(client, history):
    client.force_login(history.cora)
    response = client.get("/api/v1/reports/starts", {"scope": "national"})
    assert response.status_code == 403
    assert response.json()["detail"] == "Only national leads and administrators see national figures."


def test_a_coordinators_delivery_unit_is_in_scope(client, history):
    client.force_login(history.cora)
    assert client.get("/api/v1/reports/starts", {"scope": "pdu:newcastle"}).status_code == 200


def test_a_national_lead_reads_every_region(client, history):
    client.force_login(history.lena)
    for scope in ("national", "region:wales", "region:north-east", "pdu:cardiff"):
        assert client.get("/api/v1/reports/delivery", {"scope": scope}).status_code == 200
    assert client.get("/reports/").status_code == 200


def test_a_national_lead_lands_on_the_reports(client, history):
    client.force_login(history.lena)
    assert client.get("/").url == "/reports/"


@pytest.mark.parametrize(
    "path", ["/dashboard/", "/people/", "/api/v1/people", "/api/v1/requirements", "/api/v1/people/A123456"]
)
def test_a_national_lead_sees_no_ones_personal_details(client, history, path):
    client.force_login(history.lena)
    assert client.get(path).status_code == 403


def test_a_national_lead_changes_nothing(client, history):
    client.force_login(history.lena)
    response = client.post(
        "/api/v1/people/A123456/transfer", {"pdu": "cardiff", "reason": "Moved"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert client.post("/intake/new/", {}).status_code == 403


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.PARTNER])
def test_supervisors_and_partners_read_no_reports(client, history, role):
    user = f.SupervisorFactory().user if role == Role.SUPERVISOR else f.MembershipFactory().user
    client.force_login(user)
    assert client.get("/reports/").status_code == 403
    assert client.get("/api/v1/reports/delivery").status_code == 403
    assert client.get("/reports/download.csv").status_code == 403


def test_only_partner_users_get_the_partner_hours_page(client, history):
    client.force_login(history.cora)
    assert client.get("/reports/partner-hours/").status_code == 403


def test_a_national_lead_reads_every_regions_projects_but_not_their_sessions(client, history):
    wales_project = f.ProjectFactory(site__pdu=history.cardiff, name="Cardiff food bank warehouse")
    f.SessionFactory(project=wales_project)
    client.force_login(history.lena)
    listing = client.get("/projects/").content.decode()
    assert "Jesmond Dene clearance" in listing and "Cardiff food bank warehouse" in listing
    assert client.get(f"/projects/{wales_project.pk}/").status_code == 200
    assert client.get("/sessions/").status_code == 403
