"""The week of sessions filters by PDU, type of project and whether a supervisor is on it, in the URL;
the week's links keep the filters, and another region's sessions never appear."""

import datetime as dt

import pytest
from django.utils import timezone

from tests import factories as f

pytestmark = pytest.mark.pin_clock("2026-12-07T09:00")


@pytest.fixture
def week(world):
    """Two North East sessions this week: an unstaffed induction in Gateshead, world.session_a staffed."""
    gateshead = f.PDUFactory(code="gateshead", name="Gateshead", region=world.north_east)
    induction = f.SessionFactory(
        project=f.ProjectFactory(name="Gateshead inductions", project_type="induction", site__pdu=gateshead),
        date=world.session_a.date,
    )
    return gateshead, induction


def test_it_filters_by_pdu(client, world, week):
    gateshead, _ = week
    client.force_login(world.cora)
    page = client.get("/sessions/", {"pdu": gateshead.pk}).content.decode()
    assert "Gateshead inductions" in page and "Jesmond Dene clearance" not in page
    assert "Clear filters" in page


def test_it_filters_by_type_of_project(client, world, week):
    client.force_login(world.cora)
    page = client.get("/sessions/", {"project_type": "group"}).content.decode()
    assert "Jesmond Dene clearance" in page and "Gateshead inductions" not in page


def test_it_filters_by_whether_a_supervisor_is_on_the_session(client, world, week):
    client.force_login(world.cora)
    page = client.get("/sessions/", {"staffing": "unstaffed"}).content.decode()
    assert "Gateshead inductions" in page and "Jesmond Dene clearance" not in page
    page = client.get("/sessions/", {"staffing": "staffed"}).content.decode()
    assert "Jesmond Dene clearance" in page and "Gateshead inductions" not in page


def test_partners_are_not_offered_the_supervisor_filter(client, world, week):
    client.force_login(world.pat)
    page = client.get("/sessions/", {"staffing": "unstaffed"}).content.decode()
    assert 'name="staffing"' not in page
    assert "Jesmond Dene clearance" in page  # the filter is ignored, not applied


def test_the_weeks_links_keep_the_filters(client, world, week):
    client.force_login(world.cora)
    page = client.get("/sessions/", {"project_type": "induction"}).content.decode()
    next_monday = (timezone.localdate() - dt.timedelta(days=timezone.localdate().weekday())) + dt.timedelta(days=7)
    assert f"project_type=induction&amp;week={next_monday:%Y-%m-%d}" in page


def test_filters_that_match_nothing_say_so(client, world, week):
    client.force_login(world.cora)
    page = client.get("/sessions/", {"project_type": "ete"}).content.decode()
    assert "No sessions this week match your filters" in page


def test_a_bad_filter_is_a_field_error_and_the_others_still_apply(client, world, week):
    client.force_login(world.cora)
    page = client.get("/sessions/", {"project_type": "knitting", "staffing": "unstaffed"}).content.decode()
    assert "Select a type of project from the list" in page
    assert "Gateshead inductions" in page and "Jesmond Dene clearance" not in page


def test_another_regions_pdu_is_refused_and_its_sessions_never_appear(client, world, week):
    client.force_login(world.cora)
    page = client.get("/sessions/", {"pdu": world.cardiff.pk, "week": str(world.session_b.date)}).content.decode()
    assert "Select a probation delivery unit from the list" in page
    assert "Food bank warehouse" not in page
