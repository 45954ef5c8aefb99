"""Selecting people on a session page and cancelling their places together, in the browser."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests import factories as f
from upw.models import AllocationStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_selects_two_people_and_cancels_their_places(world, live_server, signed_in):
    project = f.ProjectFactory(organisation=world.org_a, site__pdu=world.newcastle, name="Heaton Park")
    session = f.SessionFactory(project=project, date=world.session_a.date, start_time=dt.time(9, 30))
    people = [
        f.RequirementFactory(person__pdu=world.newcastle, person__crn=crn, person__last_name=last)
        for crn, last in (("B111111", "Adams"), ("C222222", "Brown"), ("D333333", "Clark"))
    ]
    places = [f.AllocationFactory(requirement=r, session=session) for r in people]

    page = signed_in("cora")
    page.goto(f"{live_server.url}/sessions/{session.pk}/")
    expect(page.locator("#cannot-run")).to_contain_text("No supervisor is rostered, and 3 people are booked.")
    form = page.locator("#bulk-form")
    form.get_by_label("Select B111111").check()
    form.get_by_label("Select D333333").check()
    form.get_by_label("Cancel their places").check()
    form.get_by_role("button", name="Apply to the people selected").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose why the places are cancelled")

    form = page.locator("#bulk-form")
    expect(form.get_by_label("Select B111111")).to_be_checked()
    form.get_by_label("Why are the places cancelled?").select_option("person_unavailable")
    form.get_by_role("button", name="Apply to the people selected").click()
    expect(page.locator("#bulk-summary")).to_have_text("2 done, 0 not done.")
    expect(page.locator("#outcomes")).to_contain_text("B111111")

    statuses = {p.requirement.person.crn: p.status for p in (p.__class__.objects.get(pk=p.pk) for p in places)}
    assert statuses == {
        "B111111": AllocationStatus.CANCELLED,
        "C222222": AllocationStatus.ALLOCATED,
        "D333333": AllocationStatus.CANCELLED,
    }
