import datetime as dt

import pytest
from django.utils import timezone

from tests import factories as f


def at(day: dt.date, hhmm: str) -> dt.datetime:
    hour, minute = map(int, hhmm.split(":"))
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=timezone.get_default_timezone())


@pytest.fixture
def today_session(world):
    """A 09:00-16:30 session today on project A (30-minute unpaid break), Sam rostered, Alex allocated."""
    session = f.SessionFactory(project=world.project_a, date=timezone.localdate(), capacity=50)
    f.SessionSupervisorFactory(session=session, supervisor=world.sam.supervisor)
    allocation = f.AllocationFactory(requirement=world.alex_requirement, session=session)
    session.alex_allocation = allocation
    return session
