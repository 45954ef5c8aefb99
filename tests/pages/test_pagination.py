"""Long lists come a page at a time (GOV.UK pagination), counted and sorted in the database."""

import datetime as dt
import re

import pytest
from django.test.utils import override_settings

from tests import factories as f

pytestmark = pytest.mark.pin_clock("2026-12-07T09:00")
TODAY = dt.date(2026, 12, 7)


def _reviews_due(world, count: int) -> list:
    """`count` people of Cora's with a review overdue, the first overdue longest."""
    return [
        f.RequirementFactory(
            person__first_name=f"Rev{n:02d}",
            person__last_name=f"Due{chr(ord('z') - n)}",
            person__pdu=world.newcastle,
            status="in_progress",
            sentence_date=TODAY - dt.timedelta(days=100),
            next_review_on=TODAY - dt.timedelta(days=30 - n),
        )
        for n in range(count)
    ]


def _names(page: str) -> list[str]:
    return re.findall(r"Rev\d\d", page)


@override_settings(PAGE_SIZE=5)
def test_reviews_due_come_a_page_at_a_time_oldest_first(client, world):
    _reviews_due(world, 12)
    client.force_login(world.cora)
    first = client.get("/reviews/due/").content.decode()
    assert _names(first) == [f"Rev{n:02d}" for n in range(5)]
    assert "12 reviews due: showing 1 to 5" in first
    assert 'class="govuk-pagination"' in first and 'rel="next"' in first
    last = client.get("/reviews/due/", {"page": "3"}).content.decode()
    assert _names(last) == ["Rev10", "Rev11"]
    assert 'rel="next"' not in last


@override_settings(PAGE_SIZE=5)
def test_reviews_due_sort_across_pages(client, world):
    _reviews_due(world, 7)
    client.force_login(world.cora)
    # Last names run backwards from Rev00's "Duez": sorted by person, Rev06 comes first.
    page = client.get("/reviews/due/", {"sort": "person"}).content.decode()
    assert _names(page) == ["Rev06", "Rev05", "Rev04", "Rev03", "Rev02"]
    page = client.get("/reviews/due/", {"sort": "due", "order": "desc", "page": "2"}).content.decode()
    assert _names(page) == ["Rev01", "Rev00"]


def test_the_dashboard_shows_the_first_reviews_and_counts_them_all(client, world):
    _reviews_due(world, 8)
    client.force_login(world.cora)
    page = client.get("/dashboard/").content.decode()
    assert "Reviews (8 overdue, 8 in all)" in page
    reviews = page.split('id="reviews-due"')[1].split("</table>")[0]
    assert _names(reviews) == [f"Rev{n:02d}" for n in range(5)]
    assert "See all 8" in page


def test_another_regions_reviews_are_neither_listed_nor_counted(client, world):
    _reviews_due(world, 3)
    client.force_login(world.nia)
    assert _names(client.get("/reviews/due/").content.decode()) == []
    assert "Reviews (0 overdue, 0 in all)" in client.get("/dashboard/").content.decode()


@override_settings(PAGE_SIZE=5)
def test_a_page_past_the_end_or_unreadable_gives_the_nearest_page(client, world):
    _reviews_due(world, 7)
    client.force_login(world.cora)
    past_the_end = client.get("/reviews/due/", {"page": "9"}).content.decode()
    assert _names(past_the_end) == ["Rev05", "Rev06"]
    assert "7 reviews due: showing 6 to 7" in past_the_end
    for unreadable in ("x", "0", "-2"):
        assert _names(client.get("/reviews/due/", {"page": unreadable}).content.decode())[:1] == ["Rev00"]


@override_settings(PAGE_SIZE=5)
def test_a_long_page_of_reviews_is_found_and_counted_in_one_query(client, world, django_assert_max_num_queries):
    _reviews_due(world, 12)
    client.force_login(world.cora)
    client.get("/reviews/due/", {"page": "2"})
    with django_assert_max_num_queries(8):
        page = client.get("/reviews/due/", {"page": "2"}).content.decode()
    assert _names(page) == [f"Rev{n:02d}" for n in range(5, 10)]
    assert "12 reviews due: showing 6 to 10" in page
