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
from upw.models import Requirement

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
