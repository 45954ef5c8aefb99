"""Properties of the dates a schedule slot runs on (no database)."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from partners.models import Frequency, ScheduleSlot
from partners.schedule.services import wanted_dates
from upw.core.calendar import is_bank_holiday

days = st.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2030, 12, 31))


@given(
    weekday=st.integers(0, 6),
    frequency=st.sampled_from([Frequency.WEEKLY, Frequency.FORTNIGHTLY, Frequency.ONCE]),
    project_start=days,
    first=days,
    span=st.integers(0, 120),
)
def test_it_keeps_to_the_weekday_range_rhythm_and_bank_holidays(weekday, frequency, project_start, first, span):
    slot = ScheduleSlot(weekday=weekday, start_time=dt.time(10), end_time=dt.time(15), frequency=frequency)
    last = first + dt.timedelta(days=span)
    dates = wanted_dates(slot=slot, project_start=project_start, first=first, last=last)
    assert dates == sorted(set(dates))
    for day in dates:
        assert day.weekday() == weekday
        assert first <= day <= last
        assert day >= project_start
        assert not is_bank_holiday(day)
    anchor = project_start + dt.timedelta(days=(weekday - project_start.weekday()) % 7)
    step = {Frequency.WEEKLY: 7, Frequency.FORTNIGHTLY: 14, Frequency.ONCE: None}[frequency]
    if step is None:
        assert dates in ([], [anchor])
    else:
        assert all((day - anchor).days % step == 0 for day in dates)
        # Nothing is missed except bank holidays.
        expected = [
            anchor + dt.timedelta(days=step * n)
            for n in range(0, 400)
            if first <= anchor + dt.timedelta(days=step * n) <= last
        ]
        assert dates == [day for day in expected if not is_bank_holiday(day)]
