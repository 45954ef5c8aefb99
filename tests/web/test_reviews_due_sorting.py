"""The list of reviews due sorts by its columns and filters by PDU, keeping both in the URL."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from tests import factories as f

pytestmark = pytest.mark.pin_clock("2026-12-07T09:00")


@pytest.fixture
def due(world):
    today = timezone.localdate()
    gateshead = f.PDUFactory(code="gateshead", name="Gateshead", region=world.north_east)
    f.RequirementFactory(
        person__pdu=world.newcastle, person__last_name="Young", next_review_on=today - dt.timedelta(days=9)
    )
    f.RequirementFactory(person__pdu=gateshead, person__last_name="Adams", next_review_on=today - dt.timedelta(days=2))
    f.RequirementFactory(
        person__pdu=world.cardiff, person__last_name="Wynne", next_review_on=today - dt.timedelta(days=5)
    )
    return gateshead


def _surnames(response) -> list[str]:
    table = response.content.decode().split('id="reviews-due"', 1)[1]
    return re.findall(r"(Young|Adams|Wynne)", table)


def test_it_lists_the_oldest_overdue_first_by_default(client, world, due):
    client.force_login(world.cora)
    assert _surnames(client.get("/reviews/due/")) == ["Young", "Adams"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sort=person&order=asc", ["Adams", "Young"]),
        ("sort=person&order=desc", ["Young", "Adams"]),
        ("sort=pdu&order=asc", ["Adams", "Young"]),
        ("sort=-pdu", ["Young", "Adams"]),
        ("sort=due&order=desc", ["Adams", "Young"]),
        ("sort=nonsense", ["Young", "Adams"]),
    ],
)
def test_it_sorts_by_each_column_both_ways(client, world, due, query, expected):
    client.force_login(world.cora)
    assert _surnames(client.get(f"/reviews/due/?{query}")) == expected


def test_it_filters_by_pdu_and_the_headers_keep_the_filter(client, world, due):
    client.force_login(world.cora)
    page = client.get(f"/reviews/due/?pdu={due.pk}&sort=person")
    assert _surnames(page) == ["Adams"]
    assert f"pdu={due.pk}" in page.content.decode().split('id="reviews-due"', 1)[1].split("</thead>")[0]


def test_another_regions_pdu_is_refused_and_its_reviews_never_appear(client, world, due):
    client.force_login(world.cora)
    page = client.get(f"/reviews/due/?pdu={world.cardiff.pk}")
    assert "Select a probation delivery unit from the list" in page.content.decode()
    assert _surnames(page) == ["Young", "Adams"]
