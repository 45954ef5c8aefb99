"""A new order from intake, through the assessment, to induction booking."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from partners.models import ProjectType
from tests import factories as f
from upw.core.selectors import placeable_requirements
from upw.models import PostcodeDistrict, Requirement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def induction_session(world):
    PostcodeDistrict.objects.create(district="NE6", area="NE", latitude=54.978, longitude=-1.565)
    project = f.ProjectFactory(
        organisation=world.org_a,
        site__pdu=world.newcastle,
        name="Induction at Newcastle",
        project_type=ProjectType.INDUCTION,
        # Robin is a woman: a mixed induction would leave her the only woman in the group.
        women_only=True,
    )
    # A Monday (Robin is free on Mondays), at least two days ahead, whatever today is.
    ahead = timezone.localdate() + dt.timedelta(days=2)
    monday = ahead + dt.timedelta(days=(7 - ahead.weekday()) % 7)
    return f.SessionFactory(project=project, date=monday, capacity=6)


def test_it_takes_a_new_order_from_intake_to_induction(world, induction_session, live_server, signed_in, tmp_path):
    sentence = (timezone.localdate() - dt.timedelta(days=2)).isoformat()
    csv = tmp_path / "orders.csv"
    csv.write_text(
        "crn,first_name,last_name,date_of_birth,gender,postcode,pdu,order_reference,court,sentence_date,hours_ordered\n"
        f"K500001,Robin,Hedley,1991-04-02,F,NE6 5XB,newcastle,UPW/B/1,Newcastle Magistrates' Court,{sentence},80\n"
    )
    page = signed_in("cora")
    page.get_by_role("link", name="New orders").first.click()
    page.get_by_label("CSV file of new orders").set_input_files(str(csv))
    page.get_by_role("button", name="Check and import").click()
    expect(page.locator("#import-summary")).to_contain_text("1")
    page.get_by_role("link", name="K500001").click()

    expect(page.locator("#stage")).to_contain_text("Waiting for assessment")
    page.locator("#assessment-link").click()
    page.get_by_role("button", name="Start the assessment").click()

    # Availability: Monday and Wednesday, morning and afternoon.
    for slot in ("0-0", "0-1", "2-0", "2-1"):
        page.locator(f"#slot-{slot}").check()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_label("Female-only group").check()
    page.get_by_label("Female", exact=True).check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Risk and restrictions")
    page.get_by_label("Low").check()
    page.get_by_label("No contact with children").check()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("button", name="Save and continue").click()  # health: nothing to record
    page.get_by_label("Furthest the person can travel to a placement, in km").fill("10")
    page.get_by_label("Can use public transport").check()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("button", name="Save and continue").click()  # skills
    page.get_by_label("Unemployed").check()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("button", name="Save and continue").click()  # intensive working: no

    expect(page.get_by_role("heading", level=1)).to_contain_text("Check your answers")
    expect(page.locator("#answers-risk")).to_contain_text("No contact with children")
    page.get_by_role("button", name="Submit assessment").click()

    expect(page.locator("#stage")).to_contain_text("Waiting for induction")
    offers = page.locator("#induction-offers")
    expect(offers).to_contain_text("Site")
    offers.get_by_role("button", name="Book").first.click()
    expect(page.locator("#induction-booked")).to_contain_text("Induction at Newcastle")
    requirement = Requirement.objects.get(person__crn="K500001")
    assert requirement not in placeable_requirements(Requirement.objects.all())

    page.get_by_role("button", name="Mark induction done").click()
    expect(page.locator("#stage")).to_contain_text("Ready to place")
    assert requirement in placeable_requirements(Requirement.objects.all())
