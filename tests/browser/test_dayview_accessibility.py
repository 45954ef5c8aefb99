"""The day view, the sessions that cannot run, merging and bulk changes pass axe, as the other pages do."""

import datetime as dt

import pytest
from django.utils import timezone

from tests import factories as f
from tests.browser.test_accessibility import Axe, browser_context_args  # noqa: F401  (bypasses the CSP for axe)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.pin_clock("2026-12-07T09:00")]


@pytest.fixture
def axe(live_server, page):
    return Axe(page, live_server.url)


def test_the_day_to_day_pages_pass_axe(world, axe, signed_in):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    staffed = f.SessionFactory(project=world.project_a, date=tomorrow)
    f.SessionSupervisorFactory(session=staffed, supervisor=world.sam.supervisor)
    heaton = f.ProjectFactory(organisation=world.org_a, site__pdu=world.newcastle, name="Heaton Park")
    unstaffed = f.SessionFactory(project=heaton, date=tomorrow, start_time=dt.time(9, 30))
    f.AllocationFactory(requirement=world.alex_requirement, session=unstaffed)
    f.AllocationFactory(requirement=f.RequirementFactory(person__pdu=world.newcastle), session=unstaffed)
    signed_in("cora")
    for path in (
        "/day/",
        f"/day/?date={world.session_a.date:%Y-%m-%d}",
        "/day/?date=not-a-date",
        "/sessions/cannot-run/",
        f"/sessions/{unstaffed.pk}/",
        f"/sessions/{unstaffed.pk}/people/",
        f"/sessions/{unstaffed.pk}/merge/",
        f"/sessions/{unstaffed.pk}/merge/?target={staffed.pk}",
        f"/people/places/?crn={world.alex.crn}",
    ):
        axe.visit(path)
    axe.visit(f"/sessions/{unstaffed.pk}/people/")
    axe.submit("Apply to the people selected", "the bulk form sent empty")
    axe.assert_clean()
