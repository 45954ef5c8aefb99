"""A partner proposes a project in the browser, from the portal to submission."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from partners.models import Project, ProjectStatus
from tests import factories as f
from upw.models import PostcodeDistrict, Skill

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def portal(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    f.OfficeFactory(pdu=world.newcastle, name="Newcastle office", latitude=54.97, longitude=-1.61)
    PostcodeDistrict.objects.create(district="NE2", area="NE", latitude=54.98, longitude=-1.60, postcode_count=900)
    Skill.objects.get_or_create(code="gardening", defaults={"name": "Gardening"})
    return world


def test_it_lets_a_partner_propose_and_submit_a_project(portal, live_server, signed_in):
    page = signed_in("pat")
    page.goto(f"{live_server.url}/partner/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your projects")

    page.get_by_role("button", name="Propose a project").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Propose a project")
    page.get_by_label("Project name").fill("Ouseburn riverside clear-up")
    page.get_by_label("What is the work?").fill("Clearing litter and brambles along the river path.")
    page.get_by_label("Who benefits?").fill("Walkers and the local school")
    page.get_by_label("Type of work").select_option("gardening")
    page.get_by_label("Group placement (supervised by the Probation Service)").check()
    page.get_by_label("Site name").fill("Ouseburn path")
    page.get_by_label("Site address").fill("Ouseburn Road, Newcastle")
    page.get_by_label("Site postcode").fill("NE2 1AA")
    page.get_by_label("Gardening").check()
    page.get_by_label("Toilets and handwashing").check()
    page.get_by_label("Heavy work (lifting, digging, sustained physical effort)").check()
    page.get_by_label("How many people can work at once?").fill("6")
    start = dt.date.today() + dt.timedelta(days=14)
    start_date = page.get_by_role("group", name="Start date")
    start_date.get_by_label("Day").fill(str(start.day))
    start_date.get_by_label("Month").fill(str(start.month))
    start_date.get_by_label("Year").fill(str(start.year))
    page.get_by_label("Saturday", exact=True).check()
    page.get_by_label("Saturday start time").fill("10:00")
    page.get_by_label("Saturday end time").fill("15:00")
    page.get_by_label("Health and safety risk assessment").set_input_files(
        files=[{"name": "risk.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}]
    )
    page.get_by_role("button", name="Submit for review").click()

    expect(page.locator(".govuk-notification-banner")).to_contain_text("has been submitted for review")
    expect(page.locator("#project-status")).to_have_text("Submitted")
    project = Project.objects.get(name="Ouseburn riverside clear-up")
    assert project.status == ProjectStatus.SUBMITTED
    assert project.heavy_work and project.toilets
    slot = project.schedule.get()
    assert (slot.weekday, slot.start_time) == (5, dt.time(10))


def test_it_shows_errors_next_to_the_fields(portal, live_server, signed_in):
    page = signed_in("pat")
    page.goto(f"{live_server.url}/partner/projects/new/")
    page.get_by_label("Site postcode").fill("ABC 123")
    page.get_by_role("button", name="Save as draft").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a real postcode")


def test_a_coordinator_approves_and_the_sessions_appear(portal, live_server, signed_in):
    from partners.projects import services
    from partners.workflow import Action
    from tests.partners.conftest import SITE, SLOTS, pdf, proposal_fields

    project = services.project_create(
        user=portal.pat,
        organisation=portal.org_a,
        fields=proposal_fields(start_date=dt.date.today() + dt.timedelta(days=7)),
        site=SITE,
        slots=SLOTS,
        risk_assessment=pdf(),
    )
    services.project_transition(project=project, user=portal.pat, action=Action.SUBMIT)

    page = signed_in("cora")
    page.get_by_role("link", name="Proposals", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Project proposals")
    page.get_by_role("link", name="Ouseburn riverside clear-up").click()
    page.get_by_role("button", name="Start review").click()
    expect(page.locator("#project-status")).to_have_text("In review")
    page.get_by_role("button", name="Approve").click()
    expect(page.locator("#project-status")).to_have_text("Approved")
    expect(page.locator("#upcoming-sessions li").first).to_be_visible()
