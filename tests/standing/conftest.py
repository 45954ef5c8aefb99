"""Alex (North East, 120 hours) and the Jesmond Dene project, on a Monday: 7 December 2026.

Every Friday from 11 December to the end of the eight-week horizon (29 January 2027) has a
Jesmond Dene session from 09:00 to 16:30 (7 hours credited after the half-hour break), except the
bank holidays (Christmas Day and New Year's Day, both Fridays).
"""

import datetime as dt

import pytest

from tests import factories as f

MONDAY = dt.date(2026, 12, 7)
FIRST_FRIDAY = dt.date(2026, 12, 11)
FRIDAYS = [FIRST_FRIDAY + dt.timedelta(weeks=n) for n in range(8)]
BANK_HOLIDAYS = {dt.date(2026, 12, 25), dt.date(2027, 1, 1)}


def pytest_collection_modifyitems(items):
    for item in items:
        if item.get_closest_marker("pin_clock") is None:
            item.add_marker(pytest.mark.pin_clock("2026-12-07T09:00"))


@pytest.fixture
def fridays(world):
    return {
        day: f.SessionFactory(project=world.project_a, date=day, capacity=6)
        for day in FRIDAYS
        if day not in BANK_HOLIDAYS
    }
