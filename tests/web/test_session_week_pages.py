"""A week with more sessions than a page holds is cut into pages in time order; every day appears on
the page its sessions fall on (continued after the first), and a list of the days links to each."""

import datetime as dt
import re

import pytest

from tests import factories as f

pytestmark = pytest.mark.pin_clock("2026-12-07T09:00")

MONDAY = dt.date(2027, 2, 1)


@pytest.fixture
def busy_week(world, settings):
    """Monday 3 sessions, Wednesday 2, Saturday 1; two to a page, so three pages."""
    settings.SESSION_WEEK_PAGE_SIZE = 2
    times = {0: [9, 10, 11], 2: [9, 13], 5: [10]}
    made = []
    for offset, hours in times.items():
        for hour in hours:
            made.append(
                f.SessionFactory(
                    project=world.project_a,
                    date=MONDAY + dt.timedelta(days=offset),
                    start_time=dt.time(hour),
                    end_time=dt.time(hour + 3),
                )
            )
    return made


def _week(client, page=None) -> str:
    query = {"week": MONDAY.isoformat()}
    if page:
        query["page"] = str(page)
    response = client.get("/sessions/", query)
    assert response.status_code == 200
    return response.content.decode()


def _session_links(page: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'href="/sessions/(\d+)/"', page)]


def _day_headings(page: str) -> list[tuple[str, str]]:
    headings = re.findall(r'<h2 class="govuk-heading-m" id="day-([\d-]+)">(.*?)</h2>', page)
    return [(day, "(continued)" if "(continued)" in text else "") for day, text in headings]


def test_each_session_is_on_exactly_one_page_in_time_order(client, world, busy_week):
    client.force_login(world.cora)
    seen = [pk for number in (1, 2, 3) for pk in _session_links(_week(client, number))]
    assert seen == [session.pk for session in busy_week]


def test_a_day_cut_by_a_page_is_marked_continued_and_empty_days_sit_where_they_fall(client, world, busy_week):
    client.force_login(world.cora)
    headings = {number: _day_headings(_week(client, number)) for number in (1, 2, 3)}
    assert headings[1] == [("2027-02-01", "")]
    assert headings[2] == [("2027-02-01", "(continued)"), ("2027-02-02", ""), ("2027-02-03", "")]
    assert headings[3] == [
        ("2027-02-03", "(continued)"),
        ("2027-02-04", ""),
        ("2027-02-05", ""),
        ("2027-02-06", ""),
        ("2027-02-07", ""),
    ]


def test_the_list_of_days_links_to_the_page_each_day_starts_on(client, world, busy_week):
    client.force_login(world.cora)
    page = _week(client, 3)
    assert "Showing sessions 5 to 6 of 6" in page
    assert 'href="?week=2027-02-01&amp;page=1#day-2027-02-01"' in page
    assert 'href="?week=2027-02-01&amp;page=2#day-2027-02-03"' in page
    assert "Monday 1 February</a>: 3 sessions (from page 1)" in page
    assert "Saturday 6 February</a>: 1 session (this page)" in page
    assert "Tuesday 2 February: no sessions" in page


def test_pages_keep_the_filters_and_a_bad_page_number_gives_the_nearest_page(client, world, busy_week):
    client.force_login(world.cora)
    page = client.get("/sessions/", {"week": MONDAY.isoformat(), "project_type": "group", "page": "99"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "Showing sessions 5 to 6 of 6" in text
    assert "project_type=group&amp;page=2" in text


def test_a_week_that_fits_on_one_page_has_no_pages_or_list_of_days(client, world, busy_week, settings):
    settings.SESSION_WEEK_PAGE_SIZE = 100
    client.force_login(world.cora)
    page = _week(client)
    assert "Go to a day" not in page and 'aria-label="Pagination"' not in page
    assert len(_day_headings(page)) == 7
    assert len(_session_links(page)) == 6


def test_another_regions_coordinator_sees_none_of_the_week(client, world, busy_week):
    client.force_login(world.nia)
    page = _week(client)
    assert _session_links(page) == []
    assert "of 6" not in page
