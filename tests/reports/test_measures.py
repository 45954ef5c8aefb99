"""Every measure worked out by hand on the fixed history (conftest.py), compared with the selectors.

North East, July to September 2026, unless a test says otherwise.
"""

import datetime as dt

import pytest

from tests.reports.conftest import TODAY
from upw.core import selectors as core_selectors
from upw.models import Requirement
from upw.reports import selectors

pytestmark = pytest.mark.pin_clock(TODAY)

Q3 = selectors.quarter_of(dt.date(2026, 8, 1))
TODAY_DATE = dt.date(2026, 12, 7)


def north_east(history):
    return selectors.scope_for(history.cora, "region:north-east")


def values(key, history, scope=None):
    scope = scope or north_east(history)
    return selectors.measure_group(key, period=Q3, scope=scope, today=TODAY_DATE).values()


def test_starts_count_requirements_people_hours_and_bands(history):
    assert values("starts", history) == {
        "requirements_started": 3,  # r1, r3, r4
        "people_started": 2,  # Alex, Bea
        "hours_ordered": 340,  # 60 + 200 + 80
        "band_low": 2,  # 60 and 80 (a boundary is in the lower band)
        "band_medium": 0,
        "band_high": 1,
    }


def test_national_starts_add_wales(history):
    national = selectors.scope_for(history.lena, "national")
    figures = values("starts", history, national)
    assert (figures["requirements_started"], figures["people_started"], figures["band_medium"]) == (4, 3, 1)


def test_delivery_counts_hours_worked_net_of_corrections(history):
    assert values("delivery", history) == {
        "hours_offered": 31.5,  # 3 places x 7h on 3 Aug, 3.5h on 7 Sep, 7h on 14 Sep; 10 Aug stood down
        "hours_worked": 10.3,  # 420 + 420 - 420 (corrected) + 200 minutes; not the adjustment or travel
        "sessions_run": 3,
        "sessions_stood_down": 1,
        "attendance_rate": 50.0,  # ATTC and AFTC of ATTC, AAME, UACP, AFTC
        "acceptable_absences": 1,
        "unacceptable_absences": 1,
        "ete_hours": 3.3,  # 200 minutes on the forklift course
    }


def test_hours_worked_are_not_the_credits_alone(history):
    # The over-count: summing credits shows Bea's corrected 7 hours as worked (17.3 hours).
    assert values("delivery", history)["hours_worked"] != 17.3


def test_caseload_at_the_end_of_the_period(history):
    assert values("caseload", history) == {
        "active_requirements": 1,  # r4; r3 ended on the last day
        "hours_outstanding": 80.0,  # its credit and correction cancel out
        "waiting_assessment": 1,  # Bea, assessed in October
        "waiting_induction": 1,
        "waiting_first_session": 1,  # her only outcome so far is an absence
        "median_days_to_induction": 6.5,  # 3 and 10 days
        "inductions_over_target": 50.0,  # 10 days is over the 5-day target
        "median_days_to_first_session": 28.5,  # 24 and 33 days
        "first_sessions_over_target": 100.0,
    }


def test_terminations_by_reason(history):
    assert values("terminations", history) == {
        "requirements_ended": 4,
        "ended_completed": 2,
        "ended_revoked": 0,
        "ended_breached": 1,
        "ended_transferred": 1,
    }
    national = selectors.scope_for(history.ada, "national")
    assert values("terminations", history, national)["ended_revoked"] == 1


def test_completion_within_twelve_months_leaves_out_transfers(history):
    group = selectors.measure_group("completions", period=Q3, scope=north_east(history), today=TODAY_DATE)
    # r1 in time; r2 completed 14 months after sentence; r3 breached; r5 transferred, not counted.
    assert group.values() == {"completion_rate": 33.3, "ended_counted": 3, "completed_in_time": 1}
    assert group.tables[0].rows == (
        ("40 to 80 hours", 1, 1, 100.0),
        ("81 to 150 hours", 1, 0, 0.0),
        ("151 to 300 hours", 1, 0, 0.0),
    )


def test_operations_today_and_in_the_period(history):
    group = selectors.measure_group("operations", period=Q3, scope=north_east(history), today=TODAY_DATE)
    at_risk_ids = core_selectors.at_risk_requirement_ids(
        Requirement.objects.filter(person__pdu=history.newcastle), today=TODAY_DATE
    )
    assert group.values() == {
        "at_risk": len(at_risk_ids),
        "past_deadline": 0,
        "overdue_outcomes": 1,  # 30 Nov; 14 Sep is longer ago than 45 days
        "reviews_overdue": 1,
        "supervisor_utilisation": 2.2,  # 630 minutes of 37 hours a week over 92 days
    }
    assert group.tables[0].rows == (("North East", "Newcastle", 140.0, 80.0, 1.75),)


def test_partners_hours_by_organisation_project_type_and_beneficiary(history):
    group = selectors.measure_group("partners", period=Q3, scope=north_east(history), today=TODAY_DATE)
    tables = {table.key: table.rows for table in group.tables}
    assert tables["by_organisation"] == (("Tyneside Gardens Trust", "local", 7.0), ("=Tyne College", "local", 3.3))
    assert tables["by_project"] == (
        ("Jesmond Dene clearance", "Tyneside Gardens Trust", 7.0),
        ("Forklift course", "=Tyne College", 3.3),
    )
    assert tables["by_project_type"] == (("Group placement", 7.0), ("Education, training or employment", 3.3))
    assert tables["by_beneficiary"] == (("", 7.0), ("Learners", 3.3))
    assert group.values() == {"nominations_received": 0, "nominations_to_projects": 0}


def test_a_partners_own_hours_by_project_and_month(history):
    national = selectors.Scope(selectors.ScopeKind.NATIONAL, "England and Wales")
    year = selectors.financial_year_of(TODAY_DATE)
    table = selectors.partner_hours(organisation_id=history.gardens.id, period=year, scope=national)
    assert table.rows == (("Jesmond Dene clearance", "August 2026", 7.0),)


def test_wales_sees_none_of_the_north_easts_figures(history):
    wales = selectors.scope_for(history.nia, "region:wales")
    assert values("delivery", history, wales)["hours_worked"] == 0
    assert values("starts", history, wales)["requirements_started"] == 1


def test_periods_parse_and_a_year_before():
    assert selectors.parse_period("quarter:2026-Q3", today=TODAY_DATE) == Q3
    assert selectors.parse_period("year:2026", today=TODAY_DATE).range() == (dt.date(2026, 4, 1), dt.date(2027, 3, 31))
    assert selectors.parse_period("month:2024-02", today=TODAY_DATE).end == dt.date(2024, 2, 29)
    assert Q3.a_year_before().range() == (dt.date(2025, 7, 1), dt.date(2025, 9, 30))
    assert selectors.trend_quarters(Q3)[0].start == dt.date(2024, 10, 1)
    with pytest.raises(ValueError, match="Give the period"):
        selectors.parse_period("quarter:2026-Q5", today=TODAY_DATE)


@pytest.mark.parametrize(
    "key", ["starts", "delivery", "caseload", "terminations", "completions", "operations", "partners"]
)
def test_the_trend_follows_the_groups_own_headline_figure(history, key):
    scope = north_east(history)
    figure, points = selectors.trend(key, period=Q3, scope=scope, today=TODAY_DATE)
    assert points[-1].label == "Jul 2026"
    assert points[-1].value == figure.value
