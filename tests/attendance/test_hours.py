"""The hours rules of domain.md as pure functions (upw.core.hours)."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from upw.core.hours import HoursPolicy, credit_minutes, late_minutes, minutes_between, round_down

UTC = dt.UTC
DAY = dt.date(2026, 11, 23)
OFF = HoursPolicy(rounding_minutes=0, break_after_minutes=360)
QUARTER = HoursPolicy(rounding_minutes=15, break_after_minutes=360)


def t(hhmm: str, day: dt.date = DAY) -> dt.datetime:
    h, m = map(int, hhmm.split(":"))
    return dt.datetime.combine(day, dt.time(h, m), tzinfo=UTC)


def credit(arrived, left, *, outcome="ATTC", start="09:00", end="16:30", rules=OFF, **kw):
    return credit_minutes(
        outcome=outcome,
        arrived=arrived,
        left=left,
        session_start=t(start),
        session_end=t(end),
        rules=rules,
        **kw,
    )


def test_it_credits_a_full_day_less_the_unpaid_break():
    c = credit(t("09:00"), t("16:30"), unpaid_break_minutes=30)
    assert (c.on_site, c.unpaid_break, c.minutes) == (450, 30, 420)


def test_it_takes_no_break_off_a_partial_day():
    c = credit(t("09:00"), t("13:00"), unpaid_break_minutes=30)
    assert (c.unpaid_break, c.minutes) == (0, 240)


def test_it_takes_the_break_off_once_the_stay_reaches_the_threshold():
    assert credit(t("09:00"), t("15:00"), unpaid_break_minutes=30).minutes == 330
    assert credit(t("09:00"), t("14:59"), unpaid_break_minutes=30).minutes == 359


def test_it_does_not_count_time_before_the_start_or_after_the_end():
    assert credit(t("08:10"), t("17:45")).on_site == 450


def test_it_counts_a_late_arrival_from_the_arrival():
    c = credit(t("09:20"), t("16:30"), unpaid_break_minutes=30)
    assert c.minutes == 400
    assert late_minutes(arrived=t("09:20"), session_start=t("09:00")) == 20


def test_time_in_the_van_from_a_pick_up_point_is_not_time_on_site():
    assert credit(t("08:15"), t("16:30"), unpaid_break_minutes=30).minutes == 420


def test_van_time_is_from_the_pick_up_to_the_site_and_back():
    from upw.core.hours import travel_minutes

    assert (
        travel_minutes(
            picked_up=t("08:15"),
            returned=t("17:10"),
            arrived=t("08:15"),
            left=t("16:30"),
            session_start=t("09:00"),
            session_end=t("16:30"),
        )
        == 45 + 40
    )
    assert (
        travel_minutes(
            picked_up=None,
            returned=None,
            arrived=t("09:00"),
            left=t("16:30"),
            session_start=t("09:00"),
            session_end=t("16:30"),
        )
        == 0
    )


def test_it_credits_someone_sent_home_the_time_worked_until_then():
    assert credit(t("09:00"), t("11:15"), outcome="ATSH", unpaid_break_minutes=30).minutes == 135
    assert credit(t("09:00"), t("12:40"), outcome="ATSS", unpaid_break_minutes=30).minutes == 220


def test_it_credits_nothing_for_absences_or_missing_times():
    assert credit(t("09:00"), t("16:30"), outcome="UACP").minutes == 0
    assert credit(t("09:00"), t("16:30"), outcome="AAME").minutes == 0
    assert credit(t("09:00"), None).minutes == 0
    assert credit(None, t("16:30")).minutes == 0


def test_it_takes_penalty_minutes_off():
    assert credit(t("09:00"), t("16:30"), unpaid_break_minutes=30, penalty_minutes=25).minutes == 395
    assert credit(t("09:00"), t("09:10"), penalty_minutes=60).minutes == 0


def test_it_rounds_down_to_the_quarter_hour_only_when_the_setting_is_on():
    assert credit(t("09:00"), t("11:14")).minutes == 134
    c = credit(t("09:00"), t("11:14"), rules=QUARTER)
    assert (c.minutes, c.rounded_off) == (120, 14)
    assert credit(t("09:00"), t("11:15"), rules=QUARTER).minutes == 135
    assert credit(t("09:00"), t("09:14"), rules=QUARTER).minutes == 0


def test_it_never_credits_more_than_the_hours_left():
    c = credit(t("09:00"), t("16:30"), unpaid_break_minutes=30, minutes_left=90)
    assert (c.minutes, c.capped_off) == (90, 330)
    assert credit(t("09:00"), t("16:30"), minutes_left=0).minutes == 0


def test_it_stops_ete_hours_at_the_allowance():
    assert credit(t("10:00"), t("15:00"), ete_minutes_left=60).minutes == 60
    assert credit(t("10:00"), t("15:00"), ete_minutes_left=-5).minutes == 0


def test_it_counts_an_evening_stay_across_midnight():
    next_day = DAY + dt.timedelta(days=1)
    assert minutes_between(t("23:30"), t("00:45", next_day)) == 75
    c = credit_minutes(
        outcome="ATTC",
        arrived=t("21:00"),
        left=t("00:30", next_day),
        session_start=t("21:00"),
        session_end=t("01:00", next_day),
        rules=OFF,
    )
    assert c.minutes == 210


def test_it_credits_nothing_when_departure_is_not_after_arrival():
    assert credit(t("12:00"), t("11:00")).minutes == 0


def test_it_reads_the_rounding_setting(settings):
    settings.UPW = {**settings.UPW, "CREDIT_ROUNDING_MINUTES": 15}
    c = credit_minutes(
        outcome="ATTC", arrived=t("09:00"), left=t("10:50"), session_start=t("09:00"), session_end=t("16:30")
    )
    assert c.minutes == 105
    settings.UPW = {**settings.UPW, "CREDIT_ROUNDING_MINUTES": 0}
    c = credit_minutes(
        outcome="ATTC", arrived=t("09:00"), left=t("10:50"), session_start=t("09:00"), session_end=t("16:30")
    )
    assert c.minutes == 110


@pytest.mark.parametrize(("minutes", "step", "expected"), [(0, 15, 0), (14, 15, 0), (15, 15, 15), (59, 15, 45)])
def test_it_rounds_down(minutes, step, expected):
    assert round_down(minutes, step) == expected


@given(
    arrive=st.integers(0, 600),
    stay=st.integers(0, 900),
    penalty=st.integers(0, 120),
    left_minutes=st.integers(0, 18000),
    rounding=st.sampled_from([0, 15]),
)
def test_it_never_credits_more_than_time_on_site_or_hours_left(arrive, stay, penalty, left_minutes, rounding):
    start = t("00:00") + dt.timedelta(minutes=arrive)
    c = credit(
        start,
        start + dt.timedelta(minutes=stay),
        start="00:00",
        end="23:59",
        unpaid_break_minutes=30,
        penalty_minutes=penalty,
        minutes_left=left_minutes,
        rules=HoursPolicy(rounding_minutes=rounding),
    )
    assert 0 <= c.minutes <= min(c.on_site, left_minutes)
    assert c.on_site - c.unpaid_break - c.penalty - c.rounded_off - c.capped_off == c.minutes
    if rounding:
        assert c.minutes % 15 == 0 or c.capped_off
