"""A person left out is told which session they could have had, who took it and why, and what would help."""

import datetime as dt

from scheduler.matching.engine import Weights
from scheduler.matching.engine.urgency import urgency_reason

from .helpers import HOME, MONDAY, TODAY, person, run, session


def test_an_outranked_person_learns_the_session_who_took_it_and_why():
    urgent = person(1, credited_minutes=0, minutes_left=100 * 60, sentence_date=dt.date(2025, 6, 1))
    me = person(2, label="X000002")
    _problem, result = run([urgent, me], [session(capacity=1, label="Leazes Park on Mon 09 Mar")])
    text = result.explanations[2]
    assert not text.placed
    assert text.reason_codes[0] == "outranked" and "session_taken" in text.reason_codes
    assert any(
        line.startswith("Leazes Park on Mon 09 Mar 09:00-16:30 (1.1 km away) went to X000001: a higher priority")
        for line in text.details
    )


def test_it_suggests_another_day_and_wider_travel_when_they_would_help():
    only_mondays = sum(1 << (0 * 3 + part) for part in range(3))
    urgent = person(
        1,
        credited_minutes=0,
        minutes_left=100 * 60,
        sentence_date=dt.date(2025, 6, 1),
        max_travel_km=2,
        no_children=True,
    )
    me = person(2, availability_mask=only_mondays, max_travel_km=5)
    sessions = [
        session(1, capacity=1),
        session(2, date=MONDAY + dt.timedelta(days=1), project_id=8, involves_children=True),  # a Tuesday, with room
        session(3, lat=HOME[0] + 0.09, project_id=9),  # a Monday about 10 km away, with room
    ]
    _problem, result = run([urgent, me], sessions)
    details = result.explanations[2].details
    assert any(
        line.startswith("Ask whether they could work another day: 1 session in reach still has room")
        for line in details
    )
    assert any(
        line == "Widening their maximum travel from 5 to 15 km would reach 1 session with room." for line in details
    )


def test_someone_whose_hours_are_all_booked_is_told_so():
    _problem, result = run([person(minutes_left=0)], [session()])
    assert result.explanations[1].summary == "Not matched: the hours still owed are already booked on sessions."


def test_one_day_to_the_deadline_is_singular():
    near = person(deadline=TODAY + dt.timedelta(days=1))
    assert "1 day to the deadline" in urgency_reason(near, TODAY, Weights())
    assert "2 days to the deadline" in urgency_reason(person(deadline=TODAY + dt.timedelta(days=2)), TODAY, Weights())
