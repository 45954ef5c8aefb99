""" "Behind pace" worked out in the database agrees with the Python rule (upw.core.selectors.is_at_risk)
on the hours neither credited nor booked, over a fixed grid of orders: hours left, days to the
deadline either side of each boundary, standard and intensive working, with and without a session
booked."""

import datetime as dt
import itertools

import pytest

from tests import factories as f
from upw.core import at_risk
from upw.core.selectors import is_at_risk
from upw.models import EnforcementAction, Requirement, SessionStatus

pytestmark = pytest.mark.pin_clock("2026-12-07T09:00")
TODAY = dt.date(2026, 12, 7)
BOOKED_MINUTES = 420  # 9:00 to 16:30, less the project's 30-minute break
HOURS_LEFT = (0, 3, 7, 8, 20, 21, 22, 50, 90, 150)
DAYS_TO_DEADLINE = (-3, 0, 1, 2, 3, 6, 7, 8, 14, 28, 55, 56, 57, 58, 63, 100, 200, 400)


def test_behind_pace_in_the_database_matches_the_rule(db):
    project = f.ProjectFactory()
    session = f.SessionFactory(project=project, date=TODAY + dt.timedelta(days=2))
    expected = {}
    for n, (hours_left, days, intensive, booked) in enumerate(
        itertools.product(HOURS_LEFT, DAYS_TO_DEADLINE, (False, True), (False, True))
    ):
        deadline = TODAY + dt.timedelta(days=days)
        requirement = f.RequirementFactory(
            person__crn=f"R{n:06d}",
            hours_ordered=150,
            minutes_credited=(150 - hours_left) * 60,
            sentence_date=TODAY - dt.timedelta(days=300),
            deadline=deadline,
            deadline_is_statutory=True,
            intensive=intensive,
            status="in_progress",
        )
        if booked:
            f.AllocationFactory(requirement=requirement, session=session)
        booked_minutes = BOOKED_MINUTES if booked and session.date <= deadline else 0
        past_deadline = hours_left > 0 and deadline < TODAY
        expected[requirement.pk] = not past_deadline and is_at_risk(
            minutes_left=hours_left * 60 - booked_minutes, deadline=deadline, intensive=intensive, today=TODAY
        )
    flagged = dict(
        at_risk.with_risk_reasons(Requirement.objects.all(), today=TODAY).values_list(
            "pk", at_risk.REASON_FIELDS[at_risk.BEHIND_PACE]
        )
    )
    assert flagged == expected
    # The grid has both answers, on each side of the horizon and of the weekly maximum.
    assert 0 < sum(expected.values()) < len(expected)


def test_reading_a_whole_caseload_at_once_gives_the_same_reasons(db):
    """`scan_all` only changes how the places ahead and warnings are read, never the answer."""
    ahead = f.SessionFactory(date=TODAY + dt.timedelta(days=3))
    stood_down = f.SessionFactory(date=TODAY + dt.timedelta(days=4), status=SessionStatus.STOOD_DOWN)
    past = f.SessionFactory(date=TODAY - dt.timedelta(days=3))
    for n, (booking, warned, inducted) in enumerate(
        itertools.product((None, ahead, stood_down, past), ("none", "recent", "old"), (True, False))
    ):
        requirement = f.RequirementFactory(
            person__crn=f"S{n:06d}",
            hours_ordered=100,
            minutes_credited=600,
            sentence_date=TODAY - dt.timedelta(days=100),
            deadline=TODAY + dt.timedelta(days=200),
            induction_completed_on=TODAY - dt.timedelta(days=50) if inducted else None,
            status="in_progress",
        )
        if booking is not None:
            f.AllocationFactory(requirement=requirement, session=booking)
        if warned != "none":
            action = EnforcementAction.objects.create(requirement=requirement, kind="first_warning")
            if warned == "old":
                EnforcementAction.objects.filter(pk=action.pk).update(
                    created_at=action.created_at.replace(year=2025, month=1)
                )
    fields = ["pk", *at_risk.REASON_FIELDS.values(), "risk_any"]
    by_row = list(at_risk.with_risk_reasons(Requirement.objects.order_by("pk"), today=TODAY).values_list(*fields))
    hashed = list(
        at_risk.with_risk_reasons(Requirement.objects.order_by("pk"), today=TODAY, scan_all=True).values_list(*fields)
    )
    assert hashed == by_row
    no_sessions = fields.index(at_risk.REASON_FIELDS[at_risk.NO_SESSIONS])
    warnings = fields.index(at_risk.REASON_FIELDS[at_risk.WARNINGS])
    # The grid has both answers for each reason.
    assert {row[no_sessions] for row in by_row} == {True, False}
    assert {row[warnings] for row in by_row} == {True, False}
