"""The absences to decide sort by their columns and filter by PDU and how long they have waited, all in
the URL; unknown sort keys are ignored and another region's absences never appear."""

import datetime as dt

import pytest

from tests import factories as f
from upw.enforcement.views import ABSENCE_COLUMNS
from upw.models import AttendanceRecord

pytestmark = pytest.mark.pin_clock("2026-12-07T09:00")
TODAY = dt.date(2026, 12, 7)


def _absence(*, person, project, days_ago: int, outcome: str, recorded_by) -> AttendanceRecord:
    requirement = f.RequirementFactory(person=person)
    session = f.SessionFactory(project=project, date=TODAY - dt.timedelta(days=days_ago))
    allocation = f.AllocationFactory(requirement=requirement, session=session)
    return AttendanceRecord.objects.create(allocation=allocation, outcome=outcome, recorded_by=recorded_by)


@pytest.fixture
def two_absences(world):
    """Two North East absences whose every column sorts the same way: Ann before Zed."""
    gateshead = f.PDUFactory(code="gateshead", name="Gateshead", region=world.north_east)
    ann = f.PersonFactory(crn="B100000", first_name="Ann", last_name="Able-Kent", pdu=gateshead)
    zed = f.PersonFactory(crn="Z900000", first_name="Zed", last_name="Zane-Kent", pdu=world.newcastle)
    able_project = f.ProjectFactory(name="Able allotments", site__pdu=gateshead)
    zed_project = f.ProjectFactory(name="Zed woodland", site__pdu=world.newcastle)
    _absence(person=ann, project=able_project, days_ago=30, outcome="AFTC", recorded_by=world.sam)
    _absence(person=zed, project=zed_project, days_ago=3, outcome="UACP", recorded_by=world.sam)
    return ann, zed


@pytest.mark.parametrize("column", list(ABSENCE_COLUMNS))
@pytest.mark.parametrize("order", ["asc", "desc"])
def test_it_sorts_by_each_column_both_ways_keeping_the_filters(client, world, two_absences, column, order):
    client.force_login(world.cora)
    r = client.get("/absences/", {"waiting_days": "1", "sort": column, "order": order})
    assert r.status_code == 200
    page = r.content.decode()
    ann_first = page.index("Ann Able-Kent") < page.index("Zed Zane-Kent")
    assert ann_first is (order == "asc")
    header = page.split(f"sort={column}&amp;order=")[0].rsplit("<th", 1)[1]
    assert f'aria-sort="{"ascending" if order == "asc" else "descending"}"' in header
    assert f"waiting_days=1&amp;sort={column}&amp;order={'desc' if order == 'asc' else 'asc'}" in page
    assert f'<input type="hidden" name="sort" value="{column}">' in page


def test_it_filters_by_pdu(client, world, two_absences):
    ann, _ = two_absences
    client.force_login(world.cora)
    page = client.get("/absences/", {"pdu": ann.pdu_id}).content.decode()
    assert "Ann Able-Kent" in page and "Zed Zane-Kent" not in page
    assert "Clear filters" in page


def test_it_filters_by_how_long_the_decision_has_waited(client, world, two_absences):
    client.force_login(world.cora)
    page = client.get("/absences/", {"waiting_days": "14"}).content.decode()
    assert "Ann Able-Kent" in page and "Zed Zane-Kent" not in page


def test_filters_that_match_nothing_say_so(client, world, two_absences):
    client.force_login(world.cora)
    page = client.get("/absences/", {"waiting_days": "365"}).content.decode()
    assert "Nothing to review matches your filters" in page


def test_a_bad_number_of_days_is_a_field_error_and_the_other_filters_still_apply(client, world, two_absences):
    ann, _ = two_absences
    client.force_login(world.cora)
    page = client.get("/absences/", {"waiting_days": "lots", "pdu": ann.pdu_id}).content.decode()
    assert "Enter the number of days as a whole number, like 14" in page
    assert "Ann Able-Kent" in page and "Zed Zane-Kent" not in page


@pytest.mark.parametrize("key", ["password", "allocation__requirement__person__user__password", "-id;drop", ""])
def test_an_unknown_sort_key_is_ignored(client, world, two_absences, key):
    client.force_login(world.cora)
    r = client.get("/absences/", {"sort": key, "order": "desc"})
    assert r.status_code == 200
    page = r.content.decode()
    # The oldest session first.
    assert page.index("Ann Able-Kent") < page.index("Zed Zane-Kent")


def test_another_regions_pdu_is_refused_as_a_filter(client, world, two_absences):
    client.force_login(world.cora)
    page = client.get("/absences/", {"pdu": world.cardiff.pk}).content.decode()
    assert "Select a probation delivery unit from the list" in page


def test_sorting_never_shows_another_regions_absences(client, world, two_absences):
    _absence(person=world.bryn, project=world.project_b, days_ago=5, outcome="UACP", recorded_by=world.sam)
    client.force_login(world.nia)
    for column in ABSENCE_COLUMNS:
        for order in ("asc", "desc"):
            page = client.get("/absences/", {"sort": column, "order": order}).content.decode()
            assert "Bryn Evans" in page
            assert "Ann Able-Kent" not in page and "Zed Zane-Kent" not in page
