"""The queries that keep the reports fast at national size give the same figures as the plain definitions:
first sessions found from the period's places, booked places without outcomes, and the trend's headline
figures grouped by quarter in one query."""

import datetime as dt

import pytest

from tests import factories as f
from tests.reports.conftest import NINE, TODAY, attend, day, requirement
from upw.models import AllocationStatus
from upw.reports import selectors

pytestmark = pytest.mark.pin_clock(TODAY)

Q3 = selectors.quarter_of(dt.date(2026, 8, 1))
Q4 = selectors.quarter_of(dt.date(2026, 11, 1))
TODAY_DATE = dt.date(2026, 12, 7)


def north_east(history):
    return selectors.scope_for(history.cora, "region:north-east")


def session_on(history, text: str):
    return f.SessionFactory(
        project__site__pdu=history.newcastle, date=day(text), start_time=NINE, end_time=dt.time(16), status="completed"
    )


def test_a_first_session_is_the_first_ever_not_the_first_in_the_period(history):
    started_earlier = requirement(f.PersonFactory(pdu=history.newcastle), sentenced="2026-06-01", hours=60)
    started_now = requirement(f.PersonFactory(pdu=history.newcastle), sentenced="2026-10-01", hours=60)
    on_time = requirement(f.PersonFactory(pdu=history.newcastle), sentenced="2026-10-08", hours=60)
    june = session_on(history, "2026-06-15")
    attend(f.AllocationFactory(requirement=started_earlier, session=june), "ATTC", on_day="2026-06-15")
    for text in ("2026-10-12", "2026-10-19"):
        session = session_on(history, text)
        attend(f.AllocationFactory(requirement=started_earlier, session=session), "ATTC", on_day=text)
        attend(f.AllocationFactory(requirement=started_now, session=session), "ATTC", on_day=text)
        attend(f.AllocationFactory(requirement=on_time, session=session), "ATTC", on_day=text)

    firsts = selectors.first_sessions_in(period=Q4, scope=north_east(history))
    assert {(row.id, row.first_session) for row in firsts} == {
        (started_now.id, day("2026-10-12")),
        (on_time.id, day("2026-10-12")),
    }
    figures = selectors.measure_group("caseload", period=Q4, scope=north_east(history), today=TODAY_DATE).values()
    assert figures["median_days_to_first_session"] == 7.5  # 11 days (from 1 October) and 4 (from 8 October)
    assert figures["first_sessions_over_target"] == 50.0  # 11 days is over the 7-day target, 4 is not
    assert figures["waiting_first_session"] == 1  # r4 still: her only outcome is an absence


def test_a_cancelled_place_without_an_outcome_is_not_an_overdue_outcome(history):
    session = session_on(history, "2026-12-01")
    attend(f.AllocationFactory(requirement=history.r4, session=session), "ATTC", on_day="2026-12-01")
    f.AllocationFactory(requirement=history.r1, session=session, status=AllocationStatus.CANCELLED)

    figures = selectors.measure_group("operations", period=Q3, scope=north_east(history), today=TODAY_DATE).values()
    assert figures["overdue_outcomes"] == 1  # still only 30 November


@pytest.mark.parametrize("key", ["delivery", "terminations", "completions"])
def test_the_trend_grouped_by_quarter_equals_each_quarters_headline(history, key):
    scope = north_east(history)
    quarters = selectors.trend_quarters(Q4)
    grouped = selectors.headlines_by_quarter(key, quarters=quarters, scope=scope)
    one_by_one = {
        quarter.start: selectors.headline_value(key, period=quarter, scope=scope, today=TODAY_DATE)
        for quarter in quarters
    }
    assert grouped == one_by_one
    assert grouped[Q3.start]  # the fixed history is in July to September


@pytest.mark.parametrize("key", list(selectors.GROUPS))
def test_the_region_by_region_table_equals_each_regions_own_figures(history, key):
    rows = selectors.region_comparison(key, period=Q3, today=TODAY_DATE)
    expected = tuple(
        (scope.label, *selectors.measure_group(key, period=Q3, scope=scope, today=TODAY_DATE).values().values())
        for scope in selectors.region_scopes()
    )
    assert [row[0] for row in rows] == ["North East", "Wales"]
    assert rows == expected
