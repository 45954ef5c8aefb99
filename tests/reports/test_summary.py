"""The summary the warm-up refreshes (upw.models.reports) gives exactly the figures worked out from the
places and the ledger, for the days before its refresh, and the live figures from then on."""

import datetime as dt
import importlib

import pytest

from tests import factories as f
from tests.reports.conftest import TODAY, attend, day, moment, on, requirement
from upw.demo.national import build_national_history
from upw.models import HoursLedgerEntry, LedgerEntryKind, ReportSummaryRefresh
from upw.reports import selectors, services
from upw.reports.selectors import ScopeKind, custom, month_of, quarter_of

pytestmark = pytest.mark.pin_clock(TODAY)

TODAY_DATE = dt.date(2026, 12, 7)
Q3 = quarter_of(day("2026-08-01"))


def national():
    return selectors.Scope(ScopeKind.NATIONAL, "England and Wales")


def from_places(key, *, period, scope, today=TODAY_DATE):
    """The group worked out from the places and the ledger alone, as with no summary."""
    return selectors._summary_group(key, period=period, scope=scope, today=today, state=None)


def from_summary(key, *, period, scope, today=TODAY_DATE):
    return selectors.measure_group(key, period=period, scope=scope, today=today)


def assert_same_figures(key, *, period, scope, today=TODAY_DATE):
    summarised = from_summary(key, period=period, scope=scope, today=today)
    live = from_places(key, period=period, scope=scope, today=today)
    assert summarised.values() == live.values(), (key, period, scope.code)
    assert summarised.tables == live.tables, (key, period, scope.code)


def scopes(history):
    return [
        national(),
        selectors.scope_for(history.cora, "region:north-east"),
        selectors.scope_for(history.lena, "pdu:cardiff"),
    ]


@pytest.fixture
def more_history(history):
    """A cancelled place that had been attended and credited, and a first session in Wales on each side
    of the refresh day and of a month boundary."""
    cardiff_project = f.ProjectFactory(site__pdu=history.cardiff, name="Cardiff Bay litter pick")
    sessions = {
        when: f.SessionFactory(project=cardiff_project, date=day(when), start_time=dt.time(9), end_time=dt.time(16))
        for when in ("2026-08-31", "2026-09-01", "2026-09-09", "2026-09-10")
    }
    cancelled = f.AllocationFactory(requirement=history.w1, session=sessions["2026-08-31"], status="cancelled")
    attend(cancelled, "ATTC", on_day="2026-08-31", credit=420)
    attend(f.AllocationFactory(requirement=history.w1, session=sessions["2026-09-01"]), "ATTC", on_day="2026-09-01")
    dai_again = requirement(history.w1.person, sentenced="2026-08-20", hours=40)
    attend(f.AllocationFactory(requirement=dai_again, session=sessions["2026-09-10"]), "ATTC", on_day="2026-09-10")
    attend(f.AllocationFactory(requirement=dai_again, session=sessions["2026-09-09"]), "UACP", on_day="2026-09-09")
    return history


PERIODS = (
    Q3,
    month_of(day("2026-08-01")),
    month_of(day("2026-09-01")),
    custom(day("2026-08-15"), day("2026-09-20")),
    quarter_of(TODAY_DATE),
    Q3.a_year_before(),
)


@pytest.mark.parametrize("refreshed", ["2026-09-10T08:00", "2026-09-01T08:00", "2026-12-07T08:00", "2026-07-01T08:00"])
def test_the_summary_gives_the_figures_of_the_places_for_every_group_period_and_scope(more_history, refreshed):
    services.refresh_summary(now=moment(refreshed))
    for key in selectors.SUMMARY_GROUPS:
        for period in PERIODS:
            for scope in scopes(more_history):
                assert_same_figures(key, period=period, scope=scope)


def test_the_region_table_and_the_trend_from_the_summary_are_those_of_the_places(more_history):
    before = {key: selectors.values_by_region(key, period=Q3, today=TODAY_DATE) for key in ("delivery", "caseload")}
    trend_before = selectors.headlines_by_quarter("delivery", quarters=selectors.trend_quarters(Q3), scope=national())
    services.refresh_summary(now=moment("2026-09-10T08:00"))
    for key in ("delivery", "caseload"):
        assert selectors.values_by_region(key, period=Q3, today=TODAY_DATE) == before[key]
    trend_after = selectors.headlines_by_quarter("delivery", quarters=selectors.trend_quarters(Q3), scope=national())
    assert trend_after == trend_before
    # The North East's 10.3 hours and the 7 hours credited for the place in Cardiff since cancelled.
    assert selectors.headline_value("delivery", period=Q3, scope=national(), today=TODAY_DATE) == 17.3
    assert trend_after[Q3.start] == 17.3


def test_a_correction_after_the_refresh_shows_once_the_summary_is_refreshed_again(history):
    north_east = selectors.scope_for(history.cora, "region:north-east")
    services.refresh_summary(now=moment("2026-12-07T06:05"))
    assert from_summary("delivery", period=Q3, scope=north_east).figure("hours_worked").value == 10.3
    # Alex's 7 hours on 3 August turn out to have been a mistake.
    credit = HoursLedgerEntry.objects.get(requirement=history.r1, kind=LedgerEntryKind.CREDIT)
    with on("2026-12-07"):
        HoursLedgerEntry.objects.create(
            requirement=history.r1,
            kind=LedgerEntryKind.CORRECTION,
            minutes=-420,
            attendance=credit.attendance,
            reverses=credit,
            reason="Not there after all",
        )
    assert from_places("delivery", period=Q3, scope=north_east).figure("hours_worked").value == 3.3
    # The ledger entries recorded since the refresh are read from the ledger: hours outstanding today are
    # those of the places and the ledger already.
    assert_same_figures("caseload", period=quarter_of(TODAY_DATE), scope=north_east)
    # Until the next refresh the summary holds the figures as they stood at the last one, and says when.
    stale = from_summary("delivery", period=Q3, scope=north_east)
    assert stale.figure("hours_worked").value == 10.3
    assert stale.summary_refreshed_at == moment("2026-12-07T06:05")

    services.refresh_summary(now=moment("2026-12-07T07:05"))
    for key in selectors.SUMMARY_GROUPS:
        assert_same_figures(key, period=Q3, scope=north_east)
    assert from_summary("delivery", period=Q3, scope=north_east).figure("hours_worked").value == 3.3


def test_a_period_from_the_refresh_day_on_is_worked_out_from_the_places(history):
    services.refresh_summary(now=moment("2026-08-04T06:05"))
    north_east = selectors.scope_for(history.cora, "region:north-east")
    later = custom(day("2026-08-04"), day("2026-09-30"))
    assert from_summary("delivery", period=later, scope=north_east).summary_refreshed_at is None
    assert_same_figures("delivery", period=later, scope=north_east)


def test_the_warm_up_refreshes_the_summary_and_the_page_says_when(client, history):
    services.warm_cache(today=TODAY_DATE)
    refresh = ReportSummaryRefresh.objects.get()
    assert refresh.refreshed_on == TODAY_DATE
    client.force_login(history.cora)
    html = client.get(
        "/reports/",
        {
            "kind": "quarter",
            "on-day": "1",
            "on-month": "8",
            "on-year": "2026",
            "scope": "region:north-east",
            "measure": "delivery",
        },
    ).content.decode()
    assert "Sessions before today as summarised at 09:00 on 7 December 2026." in html


def test_the_national_history_reads_the_same_from_the_summary(db):
    build_national_history(requirements=240, years=2, seed=3, today=TODAY_DATE)
    services.refresh_summary(now=moment("2026-11-15T06:05"))
    for period in (quarter_of(TODAY_DATE), quarter_of(TODAY_DATE).a_year_before(), month_of(day("2026-11-01"))):
        for key in selectors.SUMMARY_GROUPS:
            assert_same_figures(key, period=period, scope=national())
        for key in ("delivery", "caseload"):
            summarised = selectors.values_by_region(key, period=period, today=TODAY_DATE)
            ReportSummaryRefresh.objects.all().delete()
            assert summarised == selectors.values_by_region(key, period=period, today=TODAY_DATE)
            services.refresh_summary(now=moment("2026-11-15T06:05"))


def test_england_and_wales_today_is_the_sum_of_its_regions(more_history):
    operations = importlib.import_module("upw.reports.selectors.operations")
    for period in (Q3, Q3.a_year_before()):
        worked_out = selectors.measure_group("operations", period=period, scope=national(), today=TODAY_DATE)
        direct = operations._today_values(scope=national(), today=TODAY_DATE, by_region=False)[None]
        assert {name: worked_out.values()[name] for name in operations.TODAY_FIGURES} == direct
    assert direct["overdue_outcomes"] == 1


def test_the_caseload_trend_in_one_query_equals_each_quarters_headline(more_history):
    quarters = selectors.trend_quarters(quarter_of(TODAY_DATE))
    for scope in scopes(more_history):
        grouped = selectors.headlines_by_quarter("caseload", quarters=quarters, scope=scope, today=TODAY_DATE)
        one_by_one = {
            quarter.start: selectors.headline_value("caseload", period=quarter, scope=scope, today=TODAY_DATE)
            for quarter in quarters
        }
        assert grouped == one_by_one
    assert any(grouped.values())


@pytest.mark.parametrize("key", list(selectors.GROUPS))
def test_the_trend_after_the_page_s_own_group_equals_each_quarters_headline(more_history, key):
    services.refresh_summary(now=moment("2026-09-10T08:00"))
    scope = national()
    figure, points = selectors.trend(key, period=Q3, scope=scope, today=TODAY_DATE)
    quarters = selectors.trend_quarters(Q3)
    assert [point.value for point in points] == [
        selectors.headline_value(key, period=quarter, scope=scope, today=TODAY_DATE) for quarter in quarters
    ]
    assert points[-1].value == figure.value


def test_an_outcome_recorded_after_the_refresh_clears_the_overdue_session_at_the_next(history):
    north_east = selectors.scope_for(history.cora, "region:north-east")
    services.refresh_summary(now=moment("2026-12-07T06:05"))
    assert from_summary("operations", period=Q3, scope=north_east).figure("overdue_outcomes").value == 1
    place = history.r4.allocations.get(session__date=day("2026-11-30"))
    attend(place, "ATTC", on_day="2026-12-07")
    assert from_places("operations", period=Q3, scope=north_east).figure("overdue_outcomes").value == 0
    assert from_summary("operations", period=Q3, scope=north_east).figure("overdue_outcomes").value == 1
    services.refresh_summary(now=moment("2026-12-07T07:05"))
    assert from_summary("operations", period=Q3, scope=north_east).figure("overdue_outcomes").value == 0
