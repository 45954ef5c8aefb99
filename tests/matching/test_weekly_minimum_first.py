"""Everyone who can be placed is offered their weekly minimum (one 7-hour day) before anyone gets more."""

import datetime as dt

from scheduler.matching.engine import SolverOptions, Weights, check_plan, greedy_baseline, solve
from scheduler.matching.engine.synthetic import generate

from .helpers import MONDAY, TODAY, person, run, session

URGENT = {
    "credited_minutes": 0,
    "minutes_left": 200 * 60,
    "ordered_minutes": 200 * 60,
    "sentence_date": TODAY - dt.timedelta(days=330),
    "deadline": TODAY + dt.timedelta(days=20),
}


def _three_days():
    return [session(k, capacity=1, project_id=10 + k, date=MONDAY + dt.timedelta(days=k - 1)) for k in (1, 2, 3)]


def test_the_weekly_minimum_of_three_people_comes_before_more_days_for_the_most_urgent():
    people = [person(1, **URGENT), person(2), person(3)]
    problem, result = run(people, _three_days())
    per_person = {p.id: sum(1 for a in result.allocations if a.person_id == p.id) for p in people}
    assert per_person == {1: 1, 2: 1, 3: 1}
    assert result.stats.people_offered_weekly_minimum == 3
    assert result.stats.people_placeable == 3
    assert check_plan(problem, result.allocations) == []


def test_the_urgent_person_still_comes_first_when_places_are_short():
    people = [person(1, **URGENT), person(2), person(3)]
    _problem, result = run(people, _three_days()[:1])
    assert [a.person_id for a in result.allocations] == [1]


def test_with_a_small_bonus_the_urgent_person_takes_every_day():
    people = [person(1, **URGENT), person(2), person(3)]
    _problem, result = run(people, _three_days(), weights=Weights(weekly_minimum_bonus=150))
    assert sum(1 for a in result.allocations if a.person_id == 1) == 3
    assert result.stats.people_offered_weekly_minimum == 1


def test_someone_with_fewer_hours_left_than_the_minimum_is_offered_it_by_finishing():
    _problem, result = run([person(1, minutes_left=180)], [session()])
    assert result.stats.people_offered_weekly_minimum == 1


def test_the_engine_offers_the_weekly_minimum_to_at_least_as_many_people_as_greedy():
    problem = generate(600, 60, seed=5)
    result = solve(problem, SolverOptions(time_limit_s=10, mip_max_arcs=0))
    greedy = greedy_baseline(problem)
    assert result.stats.people_offered_weekly_minimum >= greedy.stats.people_offered_weekly_minimum
    assert result.stats.greedy_people_offered_weekly_minimum == greedy.stats.people_offered_weekly_minimum
