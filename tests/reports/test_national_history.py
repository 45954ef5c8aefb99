"""The demo's national history: all 12 probation regions, two years of orders with every ending."""

import datetime as dt

import pytest

from upw.demo.national import PROBATION_REGIONS, build_national_history
from upw.models import HoursLedgerEntry, Region, Requirement
from upw.reports import selectors

pytestmark = pytest.mark.pin_clock("2026-12-07T09:00")

TODAY = dt.date(2026, 12, 7)


def test_it_makes_every_region_with_a_history_each_report_can_draw(db):
    summary = build_national_history(requirements=240, years=2, seed=3, today=TODAY)

    assert Region.objects.count() == 12
    assert set(Region.objects.values_list("name", flat=True)) == {name for _, name, _ in PROBATION_REGIONS}
    assert summary.requirements == Requirement.objects.count() == 240
    statuses = set(Requirement.objects.values_list("status", flat=True))
    assert {"completed", "breached", "revoked", "in_progress"} <= statuses
    assert HoursLedgerEntry.objects.filter(kind="correction").exists()
    national = selectors.Scope(selectors.ScopeKind.NATIONAL, "England and Wales")
    _, points = selectors.trend("delivery", period=selectors.quarter_of(TODAY), scope=national, today=TODAY)
    assert sum(1 for point in points if point.value) >= 6
