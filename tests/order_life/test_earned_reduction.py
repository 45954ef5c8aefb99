"""Earned reduction (Sentencing Act 2026 s.37): half an hour off for each hour worked beyond the first
25%, at most 25%, stopped (and kept) by the first enforceable outcome."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from tests import factories as f
from upw.core import earned_reduction as er
from upw.core import ledger
from upw.models import HoursLedgerEntry

RULES = er.ReductionPolicy()
DAY = dt.date(2026, 6, 1)


def test_a_100_hour_order_with_42_compliant_hours_owes_49h_30m(world, work):
    requirement = f.RequirementFactory(person=world.alex, hours_ordered=100)
    for days_ago in range(6):
        work(requirement, days_ago + 1, 7 * 60)
    breakdown = ledger.hours_breakdown(requirement)
    assert breakdown.worked == 42 * 60
    assert breakdown.reduction == 8 * 60 + 30  # (42 - 25) hours worked beyond the first quarter, halved
    assert breakdown.owed == 49 * 60 + 30 == requirement.minutes_left  # not 58 hours


def test_the_person_page_explains_the_reduction_and_the_hours_owed(client, world, work):
    requirement = f.RequirementFactory(person=world.alex, hours_ordered=100)
    for days_ago in range(6):
        work(requirement, days_ago + 1, 7 * 60)
    client.force_login(world.cora)
    page = client.get("/people/A123456/").content.decode()
    assert "Earned reduction" in page and "8h 30m" in page
    assert f'id="hours-owed-{requirement.pk}">49h 30m<' in page


def test_an_enforceable_outcome_stops_further_reduction_and_keeps_what_was_earned(world, work):
    requirement = f.RequirementFactory(person=world.alex, hours_ordered=100)
    for days_ago in (10, 9, 8, 7, 6):  # 35 hours: 10 beyond the quarter, 5 hours earned
        work(requirement, days_ago, 7 * 60)
    work(requirement, 5, 0, outcome="UACP")
    work(requirement, 4, 7 * 60)
    breakdown = ledger.hours_breakdown(requirement)
    assert breakdown.reduction == 5 * 60
    assert breakdown.reduction_detail.stopped_on is not None
    assert breakdown.owed == 100 * 60 - 42 * 60 - 5 * 60


def test_switched_off_there_is_no_reduction(world, work, settings):
    settings.UPW = {**settings.UPW, "EARNED_REDUCTION_ENABLED": False}
    requirement = f.RequirementFactory(person=world.alex, hours_ordered=100)
    for days_ago in range(6):
        work(requirement, days_ago + 1, 7 * 60)
    assert requirement.minutes_left == 58 * 60
    assert not HoursLedgerEntry.objects.filter(requirement=requirement, kind="earned_reduction").exists()


def test_an_order_type_outside_the_scheme_earns_nothing(world, work, settings):
    settings.UPW = {**settings.UPW, "EARNED_REDUCTION_ORDER_TYPES": ["community_order"]}
    requirement = f.RequirementFactory(person=world.alex, hours_ordered=100, order_type="suspended_sentence")
    for days_ago in range(6):
        work(requirement, days_ago + 1, 7 * 60)
    assert requirement.minutes_left == 58 * 60


def test_the_last_session_is_credited_only_what_finishes_the_order(world, work):
    requirement = f.RequirementFactory(person=world.alex, hours_ordered=40)  # 2400 minutes, 600 reduction at most
    for days_ago in range(4):
        work(requirement, days_ago + 2, 7 * 60)  # 28 hours: 18 beyond the quarter, 9 hours earned... capped at 10
    work(requirement, 1, 7 * 60)
    requirement.refresh_from_db()
    breakdown = ledger.hours_breakdown(requirement)
    assert breakdown.owed == 0 and requirement.status == "completed"
    assert breakdown.worked == 30 * 60  # 30 hours worked and 10 off: never more worked than needed
    assert breakdown.reduction == 10 * 60


@given(
    ordered_hours=st.integers(min_value=40, max_value=300),
    days=st.lists(
        st.tuples(st.integers(min_value=0, max_value=400), st.integers(min_value=0, max_value=600), st.booleans()),
        max_size=30,
    ),
    other=st.integers(min_value=-600, max_value=600),
)
def test_the_reduction_never_passes_its_cap_nor_takes_the_hours_owed_below_zero(ordered_hours, days, other):
    ordered = ordered_hours * 60
    worked_days = [
        er.WorkedDay(date=DAY + dt.timedelta(days=n), minutes=m, enforceable=e and m == 0) for n, m, e in days
    ]
    worked = sum(day.minutes for day in worked_days)
    reduction = er.earned_reduction(
        ordered=ordered, order_type="community_order", days=worked_days, other_minutes=other, rules=RULES
    )
    assert 0 <= reduction.minutes <= ordered * 25 // 100
    assert reduction.minutes <= max(ordered - worked - other, 0)
    if worked + other < ordered:
        finish = er.minutes_to_finish(
            ordered=ordered,
            order_type="community_order",
            days=worked_days,
            other_minutes=other,
            on=DAY + dt.timedelta(days=500),
            rules=RULES,
        )
        after = [*worked_days, er.WorkedDay(date=DAY + dt.timedelta(days=500), minutes=finish)]
        done = er.earned_reduction(
            ordered=ordered, order_type="community_order", days=after, other_minutes=other, rules=RULES
        )
        assert worked + finish + other + done.minutes >= ordered  # enough to finish
        if finish:
            before = [*worked_days, er.WorkedDay(date=DAY + dt.timedelta(days=500), minutes=finish - 1)]
            short = er.earned_reduction(
                ordered=ordered, order_type="community_order", days=before, other_minutes=other, rules=RULES
            )
            assert worked + finish - 1 + other + short.minutes < ordered  # and not a minute more
