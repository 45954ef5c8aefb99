"""A coordinator's pages cost the same number of queries however many people the region has: every
figure is counted and every list paginated in the database, never worked out person by person."""

import datetime as dt
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from tests import factories as f
from upw.models import AttendanceRecord, EnforcementAction

pytestmark = pytest.mark.pin_clock("2026-12-07T09:00")
TODAY = dt.date(2026, 12, 7)
SMALL, LARGE = 1, 4  # caseloads of each kind: 7 people, then 28

PAGES = {
    "dashboard": ("/dashboard/", {}),
    "people": ("/people/", {}),
    "people page 2": ("/people/", {"page": "2"}),
    "people at risk": ("/people/", {"at_risk": "on"}),
    "people behind pace": ("/people/", {"at_risk": "behind_pace"}),
    "people no sessions": ("/people/", {"at_risk": "no_sessions"}),
    "people warnings": ("/people/", {"at_risk": "warnings"}),
    "people past deadline": ("/people/", {"at_risk": "past_deadline"}),
    "people active": ("/people/", {"status": "active"}),
    "people awaiting": ("/people/", {"awaiting": "on"}),
    "people waiting induction": ("/people/", {"waiting_for": "induction"}),
    "people by hours credited": ("/people/", {"sort": "hours_credited", "order": "desc"}),
    "reviews due": ("/reviews/due/", {}),
    "reviews due by person": ("/reviews/due/", {"sort": "person"}),
    "waiting assessment": ("/intake/waiting/assessment/", {}),
    "waiting induction": ("/intake/waiting/induction/", {}),
    "waiting first session": ("/intake/waiting/first-session/", {}),
    "absences": ("/absences/", {}),
    "sessions week": ("/sessions/", {"week": "2026-12-07"}),
}

_serial = itertools.count()


def _person(world, **requirement):
    n = next(_serial)
    person = f.PersonFactory(crn=f"Q{n:06d}", first_name=f"Casey{n}", last_name="Load", pdu=world.newcastle)
    options = {
        "hours_ordered": 100,
        "sentence_date": TODAY - dt.timedelta(days=300),
        "deadline": TODAY + dt.timedelta(days=200),
        "status": "in_progress",
        **requirement,
    }
    return f.RequirementFactory(person=person, **options)


def _session(world, day: dt.date):
    """A session on `day` at a project of its own (a project has one session a slot)."""
    project = f.ProjectFactory(organisation=world.org_a, site=world.project_a.site)
    return f.SessionFactory(project=project, date=day)


def add_caseload(world, times: int) -> None:
    """`times` people of each kind a coordinator's pages list or count."""
    for _ in range(times):
        # Behind pace, with a session booked this week.
        behind = _person(world, minutes_credited=40 * 60, deadline=TODAY + dt.timedelta(days=28))
        f.AllocationFactory(requirement=behind, session=_session(world, TODAY + dt.timedelta(days=1)))
        # Inducted with nothing booked, and warned.
        warned = _person(world, minutes_credited=80 * 60, next_review_on=TODAY - dt.timedelta(days=3))
        EnforcementAction.objects.create(requirement=warned, kind="first_warning")
        # Past the deadline.
        _person(world, deadline=TODAY - dt.timedelta(days=3), deadline_is_statutory=True)
        # Waiting for assessment, and for induction.
        _person(
            world, person__assessed_on=None, induction_completed_on=None, sentence_date=TODAY - dt.timedelta(days=9)
        )
        _person(world, induction_completed_on=None, sentence_date=TODAY - dt.timedelta(days=9))
        # Inducted, waiting for a first working session.
        _person(world, sentence_date=TODAY - dt.timedelta(days=20), minutes_credited=0, status="unallocated")
        # An absence to decide on, last week.
        absent = _person(world, minutes_credited=10 * 60)
        allocation = f.AllocationFactory(requirement=absent, session=_session(world, TODAY - dt.timedelta(days=4)))
        AttendanceRecord.objects.create(allocation=allocation, outcome="UACP")


def _queries(client, path: str, query: dict) -> int:
    client.get(path, query)  # the session, caches and lookups a first request makes once
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, query)
    assert response.status_code == 200, path
    return len(captured.captured_queries)


@override_settings(PAGE_SIZE=5)
def test_no_page_makes_more_queries_for_more_people(client, world):
    # PAGE_SIZE of 5 with 7 people of a kind makes each list's first page full at both sizes.
    add_caseload(world, SMALL)
    client.force_login(world.cora)
    before = {name: _queries(client, path, query) for name, (path, query) in PAGES.items()}
    add_caseload(world, LARGE - SMALL)
    after = {name: _queries(client, path, query) for name, (path, query) in PAGES.items()}
    assert after == before


@override_settings(PAGE_SIZE=5)
def test_the_test_can_fail_when_a_page_queries_per_row(client, world, monkeypatch):
    """A page that reads something for each row it shows is caught."""
    from upw.reviews import services

    due_review = services.due_review

    def one_more_query_a_row(requirement, *, today):
        list(requirement.reviews.all())
        return due_review(requirement, today=today)

    monkeypatch.setattr(services, "due_review", one_more_query_a_row)
    add_caseload(world, 1)
    client.force_login(world.cora)
    small = _queries(client, "/reviews/due/", {})
    add_caseload(world, 1)
    assert _queries(client, "/reviews/due/", {}) > small
