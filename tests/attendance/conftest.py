import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from tests import factories as f

# What a supervisor sends at check-out to record that the person attended and complied.
ATTENDED = {"outcome": "ATTC", "work_quality": "good", "behaviour": "good"}


def at(day: dt.date, hhmm: str) -> dt.datetime:
    hour, minute = map(int, hhmm.split(":"))
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=timezone.get_default_timezone())


@pytest.fixture
def today_session(world):
    """A 09:00-16:30 session today on project A (30-minute unpaid break), Sam rostered, Alex allocated.

    The clock moves to 18:00 that day, so every time of the session has passed (a register refuses
    times ahead of the clock) whatever the time the test runs.
    """
    session = f.SessionFactory(project=world.project_a, date=timezone.localdate(), capacity=50)
    f.SessionSupervisorFactory(session=session, supervisor=world.sam.supervisor)
    allocation = f.AllocationFactory(requirement=world.alex_requirement, session=session)
    session.alex_allocation = allocation
    with time_machine.travel(at(session.date, "18:00"), tick=True):
        yield session
