import datetime as dt

import pytest

from scheduler.rota.engine import FEMALE, VAN_DRIVER, SessionSpec, demands_from_sessions, supervisors_needed

MONDAY = dt.date(2026, 1, 5)


@pytest.mark.parametrize(("attendees", "ratio", "needed"), [(0, 8, 1), (1, 8, 1), (8, 8, 1), (9, 8, 2), (12, 4, 3)])
def test_it_needs_one_supervisor_per_ratio(attendees, ratio, needed):
    assert supervisors_needed(attendees, ratio) == needed


def test_it_turns_sessions_into_demands_with_driver_and_female_cover():
    spec = SessionSpec(
        "s1", MONDAY + dt.timedelta(days=2), dt.time(8, 30), dt.time(16, 30), 10, 8, True, True, 54.9, -1.6, "Park"
    )
    (d,) = demands_from_sessions([spec], start_date=MONDAY)
    assert (d.id, d.day, d.start, d.length, d.label) == ("s1", 2, 510, 480, "Park")
    assert [(c.required, c.qualification) for c in d.cover] == [(2, None), (1, VAN_DRIVER), (1, FEMALE)]
    assert d.max_staff == 4


def test_it_refuses_sessions_outside_the_horizon():
    spec = SessionSpec("s1", MONDAY - dt.timedelta(days=1), 540, 1020, 5)
    with pytest.raises(ValueError, match="outside the horizon"):
        demands_from_sessions([spec], start_date=MONDAY)
