"""Filling a free place in the browser: the coordinator opens the session, asks who could fill the place,
sees the ranked list and the people who do not fit, books the top person and sees them on the session."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests import factories as f
from upw.models import Allocation, AllocationStatus, ExclusionZone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.pin_clock("2026-12-07T09:00")
def test_a_coordinator_books_the_top_person_from_the_ranked_list(world, live_server, signed_in):
    today = timezone.localdate()
    project = f.ProjectFactory(organisation=world.org_a, site__pdu=world.newcastle, name="Leazes Park")
    session = f.SessionFactory(project=project, date=today + dt.timedelta(days=2), capacity=4)
    top = f.RequirementFactory(
        person__pdu=world.newcastle,
        person__crn="N200001",
        person__latitude=54.95,
        person__longitude=-1.62,
        hours_ordered=200,
        sentence_date=today - dt.timedelta(days=200),
    )
    f.RequirementFactory(person__pdu=world.newcastle, person__crn="N200002", person__latitude=54.981)
    excluded = f.RequirementFactory(person__pdu=world.newcastle, person__crn="N200003")
    site = project.site
    ExclusionZone.objects.create(
        person=excluded.person,
        label="Victim",
        postcode="NE1 4LP",
        latitude=site.latitude,
        longitude=site.longitude,
        radius_km=1,
    )

    page = signed_in("cora")
    page.goto(f"{live_server.url}/sessions/{session.pk}/")
    page.get_by_role("link", name="Who could fill this place?").click()

    ranked = page.locator("#ranked-candidates tbody tr")
    expect(ranked.first).to_contain_text("N200001")
    expect(page.locator("#ranked-candidates")).to_contain_text("N200002")
    expect(page.locator("#refused-candidates")).to_contain_text("N200003")
    expect(page.locator("#refused-candidates")).to_contain_text("exclusion zones")

    ranked.first.get_by_role("button", name="Book N200001").click()
    expect(page.get_by_text("N200001 booked on Leazes Park")).to_be_visible()
    expect(page.locator("main")).to_contain_text("N200001")
    assert Allocation.objects.filter(requirement=top, session=session, status=AllocationStatus.ALLOCATED).count() == 1
