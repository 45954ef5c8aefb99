"""Alex is booked on session_a (Jesmond Dene, in two days); another Jesmond Dene session the day after."""

import datetime as dt

import pytest

from tests import factories as f


@pytest.fixture
def place(world):
    return world.alex_requirement.allocations.get(session=world.session_a)


@pytest.fixture
def next_day(world):
    return f.SessionFactory(project=world.project_a, date=world.session_a.date + dt.timedelta(days=1))
