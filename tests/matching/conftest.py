"""A small region to plan: the `world` personas plus people waiting and sessions in the next fortnight."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from tests import factories as f
from upw.core.calendar import is_bank_holiday


def future_day(n: int) -> dt.date:
    """The n-th day from tomorrow that is not a bank holiday (the adapter skips those)."""
    day = timezone.localdate()
    found = 0
    while True:
        day += dt.timedelta(days=1)
        if not is_bank_holiday(day):
            found += 1
            if found == n:
                return day


@pytest.fixture
def plan(world):
    newcastle = world.newcastle
    men = [f.RequirementFactory(person__pdu=newcastle, hours_ordered=60) for _ in range(4)]
    women = [f.RequirementFactory(person__pdu=newcastle, person__gender="female", hours_ordered=60) for _ in range(2)]
    garden = f.ProjectFactory(organisation=world.org_a, site__pdu=newcastle, name="Leazes Park", capacity=4)
    women_only = f.ProjectFactory(
        organisation=world.org_a, site__pdu=newcastle, name="Women's garden", women_only=True, capacity=4
    )
    children = f.ProjectFactory(
        organisation=world.org_a, site__pdu=newcastle, name="School garden", involves_children=True
    )
    days = [future_day(n) for n in range(3, 7)]
    sessions = [f.SessionFactory(project=garden, date=day, capacity=4) for day in days]
    women_session = f.SessionFactory(project=women_only, date=days[0], capacity=4)
    children_session = f.SessionFactory(project=children, date=days[1], capacity=4)
    return SimpleNamespace(
        world=world,
        men=men,
        women=women,
        garden=garden,
        days=days,
        sessions=sessions,
        women_session=women_session,
        children_session=children_session,
        start=future_day(1),
        end=timezone.localdate() + dt.timedelta(days=14),
    )
