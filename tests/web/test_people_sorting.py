"""The people list sorts by its columns, in the URL, keeping the filters; other keys are ignored."""

import datetime as dt

import pytest

from tests import factories as f
from upw.people.views import PEOPLE_COLUMNS

pytestmark = pytest.mark.pin_clock("2026-12-07T09:00")
TODAY = dt.date(2026, 12, 7)


@pytest.fixture
def two_people(world):
    """Two people of Newcastle whose every column sorts the same way: Ann before Zed."""
    gateshead = f.PDUFactory(code="gateshead", name="Gateshead", region=world.north_east)
    ann = f.RequirementFactory(
        person__crn="B100000",
        person__first_name="Ann",
        person__last_name="Able-Kent",
        person__pdu=gateshead,
        hours_ordered=50,
        minutes_credited=60,
        deadline=TODAY + dt.timedelta(days=100),
        status="completed",
    ).person
    zed = f.RequirementFactory(
        person__crn="Z900000",
        person__first_name="Zed",
        person__last_name="Zane-Kent",
        person__pdu=world.newcastle,
        hours_ordered=250,
        minutes_credited=600,
        deadline=TODAY + dt.timedelta(days=300),
        status="unallocated",
    ).person
    return ann, zed


def _position(page: str, name: str) -> int:
    return page.index(name)


@pytest.mark.parametrize("column", list(PEOPLE_COLUMNS))
@pytest.mark.parametrize("order", ["asc", "desc"])
def test_it_sorts_by_each_column_both_ways_keeping_the_filters(client, world, two_people, column, order):
    client.force_login(world.cora)
    r = client.get("/people/", {"q": "kent", "sort": column, "order": order})
    assert r.status_code == 200
    page = r.content.decode()
    ann_first = _position(page, "Ann Able-Kent") < _position(page, "Zed Zane-Kent")
    assert ann_first is (order == "asc")
    # The sorted column says so; its link turns the order round and keeps the search.
    header = page.split(f"sort={column}&amp;order=")[0].rsplit("<th", 1)[1]
    assert f'aria-sort="{"ascending" if order == "asc" else "descending"}"' in header
    assert f"q=kent&amp;sort={column}&amp;order={'desc' if order == 'asc' else 'asc'}" in page
    # Filtering again keeps the sort.
    assert f'<input type="hidden" name="sort" value="{column}">' in page
    assert "Alex Jones" not in page  # the search still applies


def test_it_accepts_a_minus_sign_for_descending(client, world, two_people):
    client.force_login(world.cora)
    page = client.get("/people/", {"sort": "-deadline"}).content.decode()
    assert _position(page, "Zed Zane-Kent") < _position(page, "Ann Able-Kent")


@pytest.mark.parametrize("key", ["password", "person__user__password", "-id;drop", ""])
def test_an_unknown_sort_key_is_ignored(client, world, two_people, key):
    client.force_login(world.cora)
    r = client.get("/people/", {"sort": key, "order": "desc"})
    assert r.status_code == 200
    page = r.content.decode()
    # By name, A to Z.
    assert _position(page, "Ann Able-Kent") < _position(page, "Alex Jones") < _position(page, "Zed Zane-Kent")


def test_a_header_link_goes_back_to_the_first_page(client, world, two_people):
    client.force_login(world.cora)
    page = client.get("/people/", {"page": "2", "pdu": world.newcastle.pk}).content.decode()
    assert f"pdu={world.newcastle.pk}&amp;sort=deadline&amp;order=asc" in page
    assert "page=2&amp;sort" not in page


def test_it_filters_people_waiting_for_a_first_session_more_than_some_days(client, world):
    long_wait = f.RequirementFactory(
        person__first_name="Long", person__pdu=world.newcastle, induction_completed_on=TODAY - dt.timedelta(days=40)
    )
    short_wait = f.RequirementFactory(
        person__first_name="Short", person__pdu=world.newcastle, induction_completed_on=TODAY - dt.timedelta(days=5)
    )
    not_inducted = f.RequirementFactory(person__first_name="Uninducted", person__pdu=world.newcastle)
    # (the factory inducts by default; this one is waiting for its induction)
    not_inducted.induction_completed_on = None
    not_inducted.save()
    client.force_login(world.cora)
    page = client.get("/people/", {"waiting_for": "first_session", "waiting_days": "14"}).content.decode()
    assert long_wait.person.full_name in page
    assert short_wait.person.full_name not in page and not_inducted.person.full_name not in page
    assert "Alex Jones" not in page  # booked
    page = client.get("/people/", {"waiting_for": "induction"}).content.decode()
    assert not_inducted.person.full_name in page and long_wait.person.full_name not in page


def test_a_bad_number_of_days_is_a_field_error_and_the_other_filters_still_apply(client, world):
    client.force_login(world.cora)
    page = client.get("/people/", {"waiting_for": "first_session", "waiting_days": "lots"}).content.decode()
    assert "Enter the number of days as a whole number, like 14" in page


def test_sorting_never_shows_another_regions_people(client, world, two_people):
    client.force_login(world.nia)
    for column in PEOPLE_COLUMNS:
        page = client.get("/people/", {"sort": column, "order": "desc"}).content.decode()
        assert "Bryn Evans" in page
        assert "Ann Able-Kent" not in page and "Zed Zane-Kent" not in page and "Alex Jones" not in page
