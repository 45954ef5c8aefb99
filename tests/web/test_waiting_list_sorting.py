"""The intake waiting lists sort by their columns and filter by PDU and by how long people have waited."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from tests import factories as f

pytestmark = pytest.mark.pin_clock("2026-12-07T09:00")

URL = "/intake/waiting/assessment/"


@pytest.fixture
def waiting(world):
    today = timezone.localdate()
    gateshead = f.PDUFactory(code="gateshead", name="Gateshead", region=world.north_east)
    f.RequirementFactory(
        person__pdu=world.newcastle,
        person__last_name="Young",
        person__assessed_on=None,
        sentence_date=today - dt.timedelta(days=20),
    )
    f.RequirementFactory(
        person__pdu=gateshead,
        person__last_name="Adams",
        person__assessed_on=None,
        sentence_date=today - dt.timedelta(days=3),
    )
    f.RequirementFactory(
        person__pdu=world.cardiff,
        person__last_name="Wynne",
        person__assessed_on=None,
        sentence_date=today - dt.timedelta(days=30),
    )
    return gateshead


def _surnames(response) -> list[str]:
    table = response.content.decode().split('id="waiting"', 1)[1]
    return re.findall(r"(Young|Adams|Wynne)", table)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Young", "Adams"]),  # longest wait first
        ("sort=person&order=asc", ["Adams", "Young"]),
        ("sort=person&order=desc", ["Young", "Adams"]),
        ("sort=pdu", ["Adams", "Young"]),
        ("sort=since&order=desc", ["Adams", "Young"]),
        ("sort=waiting&order=asc", ["Adams", "Young"]),
        ("sort=nonsense", ["Young", "Adams"]),
    ],
)
def test_it_sorts_by_each_column_both_ways(client, world, waiting, query, expected):
    client.force_login(world.cora)
    assert _surnames(client.get(f"{URL}?{query}")) == expected


def test_it_filters_by_pdu_and_by_days_waited_keeping_the_sort(client, world, waiting):
    client.force_login(world.cora)
    assert _surnames(client.get(f"{URL}?pdu={waiting.pk}")) == ["Adams"]
    page = client.get(f"{URL}?waiting_days=10&sort=person")
    assert _surnames(page) == ["Young"]
    header = page.content.decode().split('id="waiting"', 1)[1].split("</thead>")[0]
    assert "waiting_days=10" in header


def test_filters_that_match_nothing_say_so(client, world, waiting):
    client.force_login(world.cora)
    assert "Nobody waiting matches your filters" in client.get(f"{URL}?waiting_days=100").content.decode()


def test_another_regions_pdu_is_refused_and_its_people_never_appear(client, world, waiting):
    client.force_login(world.cora)
    page = client.get(f"{URL}?pdu={world.cardiff.pk}")
    assert "Select a probation delivery unit from the list" in page.content.decode()
    assert "Wynne" not in page.content.decode()
