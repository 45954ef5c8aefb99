"""The proposal form checks everything in one pass, and a draft needs only a name."""

import pytest

from partners.models import Project, ProjectStatus
from partners.projects import services
from tests.partners.conftest import pdf
from tests.partners.test_portal_views import form_data

pytestmark = pytest.mark.django_db

EVERY_ANSWER_FOR_REVIEW = {
    "description",
    "beneficiary",
    "work_type",
    "site_name",
    "address",
    "postcode",
    "start_date",
    "day_0",
    "risk_assessment",
}


def _errors(response) -> dict[str, list[str]]:
    return dict(response.context["form"].errors)


def test_five_problems_of_every_kind_show_together_in_one_response(client, places):
    client.force_login(places.pat)
    problems = form_data(
        intent="submit",
        description="",  # a missing answer
        capacity="0",  # out of range
        end_date="2027-01-01",  # before the start date
        postcode="CF10 1AA",  # in another organisation's region, found only by looking it up
        # and no risk assessment, needed to submit
    )
    r = client.post("/partner/projects/new/", problems)
    assert r.status_code == 200
    errors = _errors(r)
    assert errors == {
        "description": [services.NEEDED_FOR_REVIEW["description"]],
        "capacity": ["Enter a number of people between 1 and 50"],
        "end_date": ["The end date must be the same as or after the start date."],
        "postcode": [services.OUTSIDE_REGION.format(region=places.org_a.region)],
        "risk_assessment": [services.SUBMIT_NEEDS_RISK_ASSESSMENT],
    }
    assert r.content.decode().count('<p class="govuk-error-message"') == 5
    assert not Project.objects.filter(name="Ouseburn riverside clear-up").exists()


def test_a_draft_with_only_a_name_saves(client, places):
    client.force_login(places.pat)
    r = client.post("/partner/projects/new/", {"name": "Allotment paths", "intent": "draft"})
    project = Project.objects.get(name="Allotment paths")
    assert r.status_code == 302 and r.url == f"/partner/projects/{project.pk}/"
    assert project.status == ProjectStatus.DRAFT
    assert (project.site, project.start_date, project.work_type, project.description) == (None, None, "", "")
    assert client.get(r.url).status_code == 200
    assert client.get(f"/partner/projects/{project.pk}/edit/").status_code == 200
    assert client.get("/partner/").status_code == 200


def test_a_draft_still_needs_a_name(client, places):
    client.force_login(places.pat)
    r = client.post("/partner/projects/new/", {"name": "", "intent": "draft"})
    assert _errors(r) == {"name": ["Enter the name of the project"]}


def test_a_draft_checks_what_is_filled_in(client, places):
    client.force_login(places.pat)
    r = client.post(
        "/partner/projects/new/",
        {"name": "Allotment paths", "intent": "draft", "capacity": "lots", "start_date": "31/31/2027", "postcode": "X"},
    )
    assert _errors(r) == {
        "capacity": ["The number of people must be a whole number, like 6"],
        "start_date": ["The start date must be a real date"],
        "postcode": ["Enter a real postcode, like NE1 4XX"],
    }


def test_a_draft_site_needs_its_name_and_postcode_together(client, places):
    client.force_login(places.pat)
    r = client.post("/partner/projects/new/", {"name": "Allotment paths", "intent": "draft", "postcode": "NE2 1AA"})
    assert list(_errors(r)) == ["site_name"]


def test_submitting_a_name_only_draft_lists_every_missing_answer_at_once(client, places):
    client.force_login(places.pat)
    client.post("/partner/projects/new/", {"name": "Allotment paths", "intent": "draft"})
    project = Project.objects.get(name="Allotment paths")
    # What the edit page sends back for a name-only draft: its name and the answers that have defaults.
    answers = {"name": "Allotment paths", "project_type": "group", "capacity": "8", "intent": "submit"}
    r = client.post(f"/partner/projects/{project.pk}/edit/", answers)
    assert r.status_code == 200
    assert set(_errors(r)) == EVERY_ANSWER_FOR_REVIEW
    project.refresh_from_db()
    assert project.status == ProjectStatus.DRAFT


def test_the_submit_button_on_a_name_only_draft_names_every_missing_answer(client, places):
    client.force_login(places.pat)
    client.post("/partner/projects/new/", {"name": "Allotment paths", "intent": "draft"})
    project = Project.objects.get(name="Allotment paths")
    r = client.post(f"/partner/projects/{project.pk}/submit/", follow=True)
    page = r.content.decode()
    for message in services.NEEDED_FOR_REVIEW.values():
        assert message.replace("'", "&#x27;") in page
    project.refresh_from_db()
    assert project.status == ProjectStatus.DRAFT


def test_a_finished_draft_submits(client, places):
    client.force_login(places.pat)
    client.post("/partner/projects/new/", {"name": "Ouseburn riverside clear-up", "intent": "draft"})
    project = Project.objects.get(name="Ouseburn riverside clear-up")
    r = client.post(f"/partner/projects/{project.pk}/edit/", form_data(intent="submit", risk_assessment=pdf()))
    assert r.status_code == 302
    project.refresh_from_db()
    assert project.status == ProjectStatus.SUBMITTED
    assert project.site.postcode == "NE2 1AA"


def test_a_submitted_project_cannot_be_saved_half_finished(client, places, propose):
    project = propose()
    services.project_transition(project=project, user=places.pat, action="submit")
    client.force_login(places.pat)
    r = client.post(f"/partner/projects/{project.pk}/edit/", {"name": "Renamed", "intent": "draft"})
    assert r.status_code == 200
    assert "description" in _errors(r)
    project.refresh_from_db()
    assert project.name == "Ouseburn riverside clear-up"
