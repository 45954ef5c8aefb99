import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduler.matching.engine import Allocation, SolverOptions, check_plan, greedy_baseline, solve, upper_bound
from scheduler.matching.engine.synthetic import generate

from .helpers import MONDAY, person, placed, run, session


def test_it_prefers_the_more_urgent_person():
    behind = person(1, credited_minutes=0, minutes_left=100 * 60, sentence_date=dt.date(2025, 6, 1))
    on_pace = person(2, credited_minutes=90 * 60, minutes_left=10 * 60)
    _problem, result = run([on_pace, behind], [session(capacity=1)])
    assert placed(result) == {(1, 1)}
    assert "behind pace" in result.explanations[1].summary
    assert "priority" in result.explanations[2].summary or not result.explanations[2].placed


def test_it_prefers_the_nearer_session():
    near, far = session(1), session(2, lat=54.97 + 0.1, project_id=9)
    _problem, result = run([person()], [far, near])
    assert placed(result) == {(1, 1)}


def test_it_explains_people_left_out():
    _problem, result = run([person(1, max_travel_km=2), person(2), person(3)], [session(lat=55.0, capacity=1)])
    assert "no session within 2 km" in result.explanations[1].summary
    left = [e for e in result.explanations.values() if not e.placed and e.person_id != 1]
    assert left and left[0].reason_codes[0] == "outranked"


def test_all_suitable_sessions_full():
    _problem, result = run([person()], [session(capacity=2, taken=2)])
    assert result.explanations[1].summary == "Not matched: all suitable sessions are full."


def test_pinned_allocations_are_kept_and_illegal_ones_refused():
    people = [person(1), person(2, no_children=True)]
    sessions = [session(1, capacity=1), session(2, involves_children=True, project_id=5)]
    pins = [Allocation(1, 1), Allocation(2, 2)]
    _problem, result = run(people, sessions, pinned=pins)
    assert (1, 1) in placed(result)
    assert (2, 2) in result.stats.refused_pins


def test_a_replan_keeps_the_previous_plan_when_it_costs_nothing():
    a, b = session(1), session(2, date=MONDAY, project_id=5)
    _problem, result = run([person()], [a, b], previous_plan=[Allocation(1, 2)])
    assert placed(result) == {(1, 2)}
    assert "kept from the previous plan" in result.explanations[1].details[0]


def test_the_flow_path_is_legal_and_beats_greedy():
    problem = generate(1500, seed=3)
    result = solve(problem, SolverOptions(mip_max_arcs=0, time_limit_s=10))
    assert result.stats.method == "flow"
    assert check_plan(problem, result.allocations) == []
    assert result.stats.objective >= greedy_baseline(problem).stats.objective
    bound = upper_bound(problem)
    assert result.stats.minutes_placed >= 0.97 * bound.minutes


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    n=st.integers(5, 120),
    seed=st.integers(0, 10_000),
    scale=st.sampled_from([0.5, 1.0, 4.0]),
    women=st.sampled_from([0.15, 0.5]),
    mip=st.booleans(),
)
def test_random_instances_are_legal_and_never_worse_than_greedy(n, seed, scale, women, mip):
    problem = generate(n, max(1, n // 6), seed=seed, region_km=15, women_share=women, restriction_scale=scale)
    result = solve(problem, SolverOptions(time_limit_s=5, mip_max_arcs=40_000 if mip else 0))
    assert check_plan(problem, result.allocations) == []
    greedy = greedy_baseline(problem)
    assert check_plan(problem, greedy.allocations) == []
    assert result.stats.objective >= greedy.stats.objective - 1e-6
    assert result.stats.minutes_placed <= upper_bound(problem).minutes
    assert set(result.explanations) == {p.id for p in problem.people}


def test_the_lp_bound_of_the_objective_is_above_every_plan_and_close_to_the_engine():
    from scheduler.matching.engine import objective_bound

    problem = generate(400, 40, seed=7)
    # The flow path alone (no MIP under a time limit), so the figure does not depend on the machine's load.
    result = solve(problem, SolverOptions(mip_max_arcs=0, neighbourhoods=False))
    bound = objective_bound(problem, time_limit_s=60)
    assert bound is not None
    assert result.stats.objective <= bound + 1e-6
    assert greedy_baseline(problem).stats.objective <= bound + 1e-6
    assert result.stats.objective >= 0.93 * bound
