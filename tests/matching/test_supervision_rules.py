"""Close supervision, the choice of an individual placement, group size and people per supervisor.

The independent checker states each rule first (a plan breaking it is reported), then the engine keeps it.
"""

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduler.matching.engine import (
    Allocation,
    Problem,
    Rules,
    SolverOptions,
    check_placement,
    check_plan,
    greedy_baseline,
    solve,
)
from scheduler.matching.engine.model import FEMALE, GROUP, INDIVIDUAL
from scheduler.matching.engine.synthetic import generate

from .helpers import MONDAY, TODAY, person, placed, run, session


def _problem(people, sessions, **kw):
    return Problem(people=list(people), sessions=list(sessions), today=TODAY, **kw)


# --- Close supervision --------------------------------------------------------------------------------


def test_the_checker_refuses_close_supervision_on_a_partner_supervised_placement():
    problem = _problem([person(close_supervision=True)], [session(kind=INDIVIDUAL)])
    assert any("close supervision" in v for v in check_plan(problem, [Allocation(1, 1)]))


def test_the_checker_refuses_a_close_supervised_person_in_a_large_group():
    people = [person(1, close_supervision=True)] + [person(k) for k in range(2, 7)]
    problem = _problem(people, [session(capacity=8)], rules=Rules(close_supervision_group_size=4))
    plan = [Allocation(k, 1) for k in range(1, 7)]
    assert any("close supervision" in v for v in check_plan(problem, plan))
    assert check_plan(problem, plan[:4]) == []


def test_the_checker_counts_a_close_supervised_person_already_on_the_session():
    problem = _problem(
        [person(2)],
        [session(capacity=8, taken=4, close_supervision_already=1)],
        rules=Rules(close_supervision_group_size=4),
    )
    assert any("close supervision" in v for v in check_placement(problem, [], 2, 1))


def test_the_engine_gives_close_supervision_only_a_small_probation_supervised_group():
    people = [person(1, close_supervision=True)] + [person(k, minutes_left=600 * 60) for k in range(2, 9)]
    sessions = [session(1, kind=INDIVIDUAL, capacity=1), session(2, capacity=8)]
    problem, result = run(people, sessions, rules=Rules(close_supervision_group_size=4))
    assert (1, 1) not in placed(result)
    assert check_plan(problem, result.allocations) == []
    on_two = [a for a in result.allocations if a.session_id == 2]
    if any(a.person_id == 1 for a in on_two):
        assert len(on_two) <= 4


def test_a_close_supervised_person_is_placed_when_the_group_stays_small():
    people = [person(1, close_supervision=True), person(2)]
    problem, result = run(people, [session(capacity=8)], rules=Rules(close_supervision_group_size=4))
    assert placed(result) == {(1, 1), (2, 1)}
    assert check_plan(problem, result.allocations) == []


# --- Women who chose an individual placement ----------------------------------------------------------


def test_the_checker_refuses_a_mixed_group_to_a_woman_who_chose_an_individual_placement():
    woman = person(gender=FEMALE, placement_preference=INDIVIDUAL)
    problem = _problem([woman, person(2, gender=FEMALE)], [session()])
    assert any("individual placement" in v for v in check_plan(problem, [Allocation(1, 1), Allocation(2, 1)]))


def test_the_engine_offers_her_the_individual_placement():
    woman = person(1, gender=FEMALE, placement_preference=INDIVIDUAL)
    other = person(2, gender=FEMALE)
    problem, result = run([woman, other], [session(1), session(2, kind=INDIVIDUAL, capacity=1)])
    assert (1, 1) not in placed(result)
    assert (1, 2) in placed(result)
    assert check_plan(problem, result.allocations) == []


# --- Group size and people per supervisor -------------------------------------------------------------


def test_the_checker_refuses_more_people_than_the_supervisors_can_oversee():
    people = [person(k) for k in range(1, 9)]
    park = session(capacity=8, supervisors=1, people_per_supervisor=4)
    problem = _problem(people, [park])
    plan = [Allocation(k, 1) for k in range(1, 9)]
    assert any("supervisor" in v for v in check_plan(problem, plan))
    assert check_plan(problem, plan[:4]) == []


def test_the_checker_refuses_a_group_beyond_the_group_size():
    people = [person(k) for k in range(1, 13)]
    big = session(capacity=12, supervisors=1, people_per_supervisor=12)
    problem = _problem(people, [big], rules=Rules(group_size=8))
    plan = [Allocation(k, 1) for k in range(1, 13)]
    assert any("group size" in v for v in check_plan(problem, plan))
    assert check_plan(problem, plan[:8]) == []


def test_a_partner_supervised_placement_has_no_group_size_or_ratio():
    people = [person(k) for k in range(1, 11)]
    shop = session(capacity=10, kind=INDIVIDUAL, supervisors=0, people_per_supervisor=0)
    problem = _problem(people, [shop], rules=Rules(group_size=8))
    assert check_plan(problem, [Allocation(k, 1) for k in range(1, 11)]) == []


def test_the_engine_fills_a_session_no_further_than_its_supervisors_allow():
    people = [person(k) for k in range(1, 13)]
    park = session(capacity=12, kind=GROUP, supervisors=1, people_per_supervisor=4)
    problem, result = run(people, [park], rules=Rules(group_size=8))
    assert len(result.allocations) == 4
    assert check_plan(problem, result.allocations) == []


def test_the_engine_keeps_the_group_size_with_two_supervisors():
    people = [person(k) for k in range(1, 13)]
    days = [session(1, capacity=12, supervisors=2, people_per_supervisor=8)]
    problem, result = run(people, days, rules=Rules(group_size=8))
    assert len(result.allocations) == 8
    assert check_plan(problem, result.allocations) == []


def test_places_taken_count_against_the_supervisors():
    people = [person(k) for k in range(1, 6)]
    park = session(capacity=8, taken=3, supervisors=1, people_per_supervisor=4)
    _, result = run(people, [park])
    assert len(result.allocations) == 1


def test_two_days_each_keep_their_own_limits():
    people = [person(k) for k in range(1, 9)]
    days = [
        session(1, capacity=8, supervisors=1, people_per_supervisor=4),
        session(2, capacity=8, supervisors=1, people_per_supervisor=2, date=MONDAY + dt.timedelta(days=1)),
    ]
    problem, result = run(people, days)
    counts = {s: sum(1 for a in result.allocations if a.session_id == s) for s in (1, 2)}
    assert counts == {1: 4, 2: 2}
    assert check_plan(problem, result.allocations) == []


# --- Property: no hard rule is ever broken where these rules bind --------------------------------------


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    n=st.integers(5, 90),
    seed=st.integers(0, 10_000),
    close_size=st.integers(1, 6),
    group_size=st.integers(2, 8),
    mip=st.booleans(),
)
def test_no_plan_ever_breaks_supervision_close_supervision_or_preferences(n, seed, close_size, group_size, mip):
    problem = generate(n, max(1, n // 5), seed=seed, region_km=12, women_share=0.5, restriction_scale=6.0)
    problem.rules = Rules(group_size=group_size, close_supervision_group_size=close_size)
    result = solve(problem, SolverOptions(time_limit_s=5, mip_max_arcs=40_000 if mip else 0))
    assert check_plan(problem, result.allocations) == []
    greedy = greedy_baseline(problem)
    assert check_plan(problem, greedy.allocations) == []
    assert result.stats.objective >= greedy.stats.objective - 1e-6


def test_a_session_already_over_its_supervisors_limit_adds_nothing_to_the_bound():
    from scheduler.matching.engine import upper_bound

    people = [person(k) for k in range(1, 4)]
    over = session(1, capacity=8, taken=6, supervisors=1, people_per_supervisor=4)
    problem = _problem(people, [over, session(2, date=MONDAY + dt.timedelta(days=1))])
    _, result = run(people, problem.sessions)
    assert result.stats.minutes_placed <= upper_bound(problem).minutes
    assert upper_bound(problem).supply_minutes == 3 * 420
