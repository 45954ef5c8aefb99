"""A dashboard list's head and its counts come from one query and agree with counting separately."""

from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from tests import factories as f
from upw.core.selectors import first_rows_and_counts
from upw.models import Requirement


def test_the_first_rows_and_the_counts_agree_with_counting_separately(world):
    for hours in (40, 80, 120):
        f.RequirementFactory(hours_ordered=hours)
    rows = Requirement.objects.order_by("-hours_ordered", "id")
    with CaptureQueriesContext(connection) as captured:
        first, counts = first_rows_and_counts(rows, 2, long=Q(hours_ordered__gte=100))
    assert len(captured.captured_queries) == 1
    assert [r.pk for r in first] == [r.pk for r in rows[:2]]
    assert counts == {"total": rows.count(), "long": rows.filter(hours_ordered__gte=100).count()}


def test_an_empty_list_counts_nothing(world):
    first, counts = first_rows_and_counts(Requirement.objects.none(), 5, long=Q(hours_ordered__gte=100))
    assert first == [] and counts == {"total": 0, "long": 0}
