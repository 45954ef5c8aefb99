"""The coordinators' project list and review queue sort by their columns and filter by type, status
and PDU, all in the URL; unknown sort keys are ignored and another region's projects never appear."""

import datetime as dt

import pytest
from django.utils import timezone

from partners.models import Project
from partners.projects.views import PROJECT_COLUMNS
from partners.review.views import QUEUE_COLUMNS
from tests import factories as f


@pytest.fixture
def two_projects(world):
    """Two North East projects whose every column sorts the same way: Able before Zed."""
    gateshead = f.PDUFactory(code="gateshead", name="Gateshead", region=world.north_east)
    able = f.ProjectFactory(
        name="Able Kent allotments",
        organisation=f.OrganisationFactory(name="Allotment Society", region=world.north_east),
        site__name="Acre Lane",
        site__pdu=gateshead,
        project_type="ete",
        status="changes_requested",
    )
    zed = f.ProjectFactory(
        name="Zed Kent woodland",
        organisation=f.OrganisationFactory(name="Woodland Friends", region=world.north_east),
        site__name="Yew Walk",
        site__pdu=world.newcastle,
        project_type="individual",
        status="submitted",
    )
    now = timezone.now()
    Project.objects.filter(pk=able.pk).update(created_at=now - dt.timedelta(days=20))
    Project.objects.filter(pk=zed.pk).update(created_at=now - dt.timedelta(days=2))
    return able, zed


def _sorted_page(client, url, column, order, **filters):
    r = client.get(url, {**filters, "sort": column, "order": order})
    assert r.status_code == 200
    page = r.content.decode()
    able_first = page.index("Able Kent allotments") < page.index("Zed Kent woodland")
    assert able_first is (order == "asc"), column
    header = page.split(f"sort={column}&amp;order=")[0].rsplit("<th", 1)[1]
    assert f'aria-sort="{"ascending" if order == "asc" else "descending"}"' in header
    assert f"q=kent&amp;sort={column}&amp;order={'desc' if order == 'asc' else 'asc'}" in page
    assert f'<input type="hidden" name="sort" value="{column}">' in page
    return page


@pytest.mark.parametrize("column", list(PROJECT_COLUMNS))
@pytest.mark.parametrize("order", ["asc", "desc"])
def test_the_project_list_sorts_by_each_column_both_ways_keeping_the_filters(
    client, world, two_projects, column, order
):
    client.force_login(world.cora)
    page = _sorted_page(client, "/projects/", column, order, q="kent")
    assert "Jesmond Dene clearance" not in page  # the search still applies


@pytest.mark.parametrize("column", list(QUEUE_COLUMNS))
@pytest.mark.parametrize("order", ["asc", "desc"])
def test_the_review_queue_sorts_by_each_column_both_ways_keeping_the_filters(
    client, world, two_projects, column, order
):
    client.force_login(world.cora)
    _sorted_page(client, "/review/", column, order, q="kent")


def test_the_project_list_filters_by_type_status_and_pdu(client, world, two_projects):
    able, zed = two_projects
    client.force_login(world.cora)
    page = client.get("/projects/", {"project_type": "ete"}).content.decode()
    assert able.name in page and zed.name not in page
    page = client.get("/projects/", {"status": "submitted"}).content.decode()
    assert zed.name in page and able.name not in page
    page = client.get("/projects/", {"pdu": world.newcastle.pk}).content.decode()
    assert zed.name in page and "Jesmond Dene clearance" in page and able.name not in page
    assert "Clear filters" in page


def test_the_review_queue_filters_by_type_and_pdu(client, world, two_projects):
    able, zed = two_projects
    client.force_login(world.cora)
    page = client.get("/review/", {"project_type": "individual"}).content.decode()
    assert zed.name in page and able.name not in page
    page = client.get("/review/", {"pdu": able.site.pdu_id}).content.decode()
    assert able.name in page and zed.name not in page


def test_filters_that_match_nothing_say_so(client, world, two_projects):
    client.force_login(world.cora)
    page = client.get("/projects/", {"q": "nothing like this"}).content.decode()
    assert 'id="empty"' in page and "removing some filters" in page
    page = client.get("/review/", {"project_type": "induction"}).content.decode()
    assert 'id="empty"' in page and "match your filters" in page


@pytest.mark.parametrize("url", ["/projects/", "/review/"])
@pytest.mark.parametrize("key", ["password", "organisation__members__password", "-id;drop", ""])
def test_an_unknown_sort_key_is_ignored(client, world, two_projects, url, key):
    client.force_login(world.cora)
    r = client.get(url, {"sort": key, "order": "desc"})
    assert r.status_code == 200
    page = r.content.decode()
    # The default order: by name on the list, oldest proposal first in the queue.
    assert page.index("Able Kent allotments") < page.index("Zed Kent woodland")


def test_another_regions_pdu_is_not_offered_and_is_refused_as_a_filter(client, world, two_projects):
    client.force_login(world.cora)
    page = client.get("/projects/", {"pdu": world.cardiff.pk}).content.decode()
    assert "Select a probation delivery unit from the list" in page
    assert "Food bank warehouse" not in page and ">Cardiff<" not in page


@pytest.mark.parametrize("url", ["/projects/", "/review/"])
def test_sorting_never_shows_another_regions_projects(client, world, two_projects, url):
    f.ProjectFactory(
        name="Cardiff Bay litter pick", organisation=world.org_b, site__pdu=world.cardiff, status="submitted"
    )
    client.force_login(world.nia)
    columns = PROJECT_COLUMNS if url == "/projects/" else QUEUE_COLUMNS
    for column in columns:
        for order in ("asc", "desc"):
            page = client.get(url, {"sort": column, "order": order}).content.decode()
            assert "Cardiff Bay litter pick" in page
            assert "Able Kent allotments" not in page and "Zed Kent woodland" not in page
