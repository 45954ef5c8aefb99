"""Jesmond Dene (session_a, Sam rostered, Alex booked) and, on the same day, Heaton Park with two
people booked and nobody to supervise them: a session that cannot run."""

import datetime as dt
from types import SimpleNamespace

import pytest

from tests import factories as f


@pytest.fixture
def heaton(world):
    project = f.ProjectFactory(organisation=world.org_a, site__pdu=world.newcastle, name="Heaton Park")
    session = f.SessionFactory(project=project, date=world.session_a.date, start_time=dt.time(9, 30))
    people = [
        f.RequirementFactory(person__pdu=world.newcastle, person__first_name=name, person__last_name=last)
        for name, last in (("Bea", "Adams"), ("Cal", "Brown"))
    ]
    places = [f.AllocationFactory(requirement=r, session=session) for r in people]
    return SimpleNamespace(project=project, session=session, requirements=people, places=places)
