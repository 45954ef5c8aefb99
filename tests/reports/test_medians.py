"""The waiting-time medians: on PostgreSQL every region's from one query (`percentile_cont(0.5)`), elsewhere a
query a region; either way the middle wait, or the mean of the middle two, as `median_of` defines it."""

import datetime as dt

import pytest
from django.db.models import F

from tests import factories as f
from tests.reports.conftest import NINE, TODAY, attend, day, requirement
from upw.models import Requirement
from upw.reports import selectors
from upw.reports.selectors.caseload import caseload_values
from upw.reports.selectors.figures import median_of, medians_by_group

pytestmark = pytest.mark.pin_clock(TODAY)

Q3 = selectors.quarter_of(day("2026-08-01"))
# Days from sentence (1 July 2026) to induction and to the first attended session, by region.
INDUCTION_WAITS = {"london": (2, 9, 4), "south-west": (1, 20, 5, 8)}
FIRST_SESSION_WAITS = {"london": (31, 10, 20), "south-west": (8, 5)}


@pytest.fixture
def waits(history):
    regions = {}
    for code, induction_waits in INDUCTION_WAITS.items():
        region = f.RegionFactory(code=code, name=code.title())
        pdu = f.PDUFactory(code=f"{code}-pdu", region=region)
        regions[code] = region
        starts = FIRST_SESSION_WAITS[code]
        for index, wait in enumerate(induction_waits):
            sentenced = day("2026-07-01")
            order = requirement(
                f.PersonFactory(pdu=pdu),
                sentenced="2026-07-01",
                hours=60,
                induction_completed_on=sentenced + dt.timedelta(days=wait),
            )
            if index < len(starts):
                first = sentenced + dt.timedelta(days=starts[index])
                for session_day in (first, first + dt.timedelta(days=7)):
                    session = f.SessionFactory(
                        project__site__pdu=pdu, date=session_day, start_time=NINE, end_time=dt.time(16)
                    )
                    attend(
                        f.AllocationFactory(requirement=order, session=session),
                        "ATTC",
                        on_day=session_day.isoformat(),
                    )
    return regions


def test_each_regions_medians_are_the_middle_wait_or_the_mean_of_the_middle_two(history, waits):
    national = selectors.scope_for(history.lena, "national")
    by_region = caseload_values(period=Q3, scope=national, today=day("2026-12-07"), by_region=True)
    london, south_west = by_region[waits["london"].id], by_region[waits["south-west"].id]
    assert london["median_days_to_induction"] == 4.0  # 2, 4, 9
    assert south_west["median_days_to_induction"] == 6.5  # 1, 5, 8, 20
    assert london["median_days_to_first_session"] == 20.0  # 10, 20, 31
    assert south_west["median_days_to_first_session"] == 6.5  # 5, 8


def test_the_one_query_medians_equal_the_plain_definition_for_every_region_and_the_country(history, waits):
    national = selectors.scope_for(history.lena, "national")
    keys = selectors.figures.group_keys(national, True)
    region = "person__pdu__region"
    inducted = Requirement.objects.filter(induction_completed_on__range=Q3.range()).annotate(
        wait=F("induction_completed_on") - F("sentence_date")
    )
    started = selectors.first_sessions_in(period=Q3, scope=national).annotate(
        wait=F("first_session") - F("sentence_date")
    )
    for rows in (inducted, started):
        plain = {key: median_of(rows.filter(**{region: key}), "wait") for key in keys}
        assert medians_by_group(rows, "wait", region, keys) == plain
        assert medians_by_group(rows, "wait", None, [None]) == {None: median_of(rows, "wait")}
    assert medians_by_group(inducted.none(), "wait", region, keys) == dict.fromkeys(keys)


def test_the_figures_of_one_region_and_of_the_region_table_agree(history, waits):
    national = selectors.scope_for(history.lena, "national")
    by_region = caseload_values(period=Q3, scope=national, today=day("2026-12-07"), by_region=True)
    for code in ("london", "south-west"):
        scope = selectors.scope_for(history.lena, f"region:{code}")
        alone = caseload_values(period=Q3, scope=scope, today=day("2026-12-07"))[None]
        assert alone == by_region[waits[code].id]
