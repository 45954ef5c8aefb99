import datetime as dt

import pytest

from upw import domain


@pytest.mark.parametrize("crn", ["X123456", "A000001"])
def test_it_accepts_a_crn_of_one_letter_and_six_digits(crn):
    assert domain.is_valid_crn(crn)


@pytest.mark.parametrize("crn", ["", "x123456", "XX12345", "X12345", "X1234567", "1234567"])
def test_it_rejects_a_malformed_crn(crn):
    assert not domain.is_valid_crn(crn)


def test_it_gives_the_deadline_twelve_months_after_sentence():
    assert domain.completion_deadline(dt.date(2026, 3, 15), 12) == dt.date(2027, 3, 15)


def test_it_clamps_the_deadline_to_the_end_of_a_shorter_month():
    assert domain.completion_deadline(dt.date(2024, 2, 29), 12) == dt.date(2025, 2, 28)


def test_it_round_trips_availability_slots_through_the_mask():
    slots = {(0, 0), (2, 1), (6, 2)}
    assert domain.availability_slots(domain.availability_mask(slots)) == slots


def test_it_needs_every_part_of_the_day_a_session_covers():
    monday_morning_only = domain.availability_mask({(0, 0)})
    monday = dt.date(2026, 11, 23)
    assert domain.is_available_for(monday_morning_only, monday, dt.time(9), dt.time(12))
    assert not domain.is_available_for(monday_morning_only, monday, dt.time(9), dt.time(16, 30))
    assert not domain.is_available_for(monday_morning_only, monday + dt.timedelta(days=1), dt.time(9), dt.time(12))


def test_it_expects_an_even_pace_between_sentence_and_deadline():
    expected = domain.expected_minutes_by(
        ordered_minutes=6000,
        sentence_date=dt.date(2026, 1, 1),
        deadline=dt.date(2026, 12, 31),
        today=dt.date(2026, 7, 2),
    )
    assert expected == 6000 * 182 // 364


@pytest.mark.parametrize(("hours", "band"), [(40, "low"), (80, "low"), (81, "medium"), (150, "medium"), (151, "high")])
def test_it_bands_hours(hours, band):
    assert domain.hours_band(hours) == band
