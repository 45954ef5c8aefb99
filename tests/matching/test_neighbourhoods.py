"""Groups of neighbours re-solved exactly after the flow (engine.neighbourhood), on larger regions."""

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduler.matching.engine import Allocation, SolverOptions, check_plan, neighbourhood, objective_bound, solve
from scheduler.matching.engine.candidates import build_arcs, build_context
from scheduler.matching.engine.flow import flow_plan
from scheduler.matching.engine.solver import plan_objective
from scheduler.matching.engine.synthetic import generate
from scheduler.matching.engine.urgency import urgency_array


def _flow_and_groups(problem, target_arcs):
    ctx = build_context(problem, urgency_array(problem.people, problem.today, problem.weights))
    arcs = build_arcs(ctx)
    flow = flow_plan(ctx, arcs)
    improved, groups = neighbourhood.improve(
        ctx, arcs, flow, [], deadline=time.perf_counter() + 120, target_arcs=target_arcs
    )
    return ctx, arcs, flow, improved, groups


def _allocations(problem, arcs, chosen):
    return [
        Allocation(problem.people[i].id, problem.sessions[j].id)
        for i, j in zip(arcs.i[chosen].tolist(), arcs.j[chosen].tolist(), strict=True)
    ]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    n=st.integers(20, 160),
    seed=st.integers(0, 10_000),
    scale=st.sampled_from([1.0, 4.0]),
    women=st.sampled_from([0.15, 0.5]),
)
def test_small_groups_with_everyone_else_held_break_no_rule_and_never_lose(n, seed, scale, women):
    # Small groups, so that most places are held while a group is re-solved: the held places must count
    # as taken, with their women, their close supervision and their non-associations.
    problem = generate(n, max(1, n // 6), seed=seed, region_km=15, women_share=women, restriction_scale=scale)
    ctx, arcs, flow, improved, _groups = _flow_and_groups(problem, target_arcs=40)
    assert check_plan(problem, _allocations(problem, arcs, improved)) == []
    assert plan_objective(ctx, arcs, improved) >= plan_objective(ctx, arcs, flow) - 1e-6


def test_re_solving_groups_closes_most_of_the_flows_gap_to_the_lp_bound():
    # Half the people women and four times the restrictions: the rules the flow cannot state bind.
    problem = generate(400, 120, seed=5, women_share=0.5, restriction_scale=4.0)
    ctx, arcs, flow, improved, groups = _flow_and_groups(problem, target_arcs=600)
    bound = objective_bound(problem, time_limit_s=120)
    assert bound is not None
    assert groups > 1
    flow_gap = bound - plan_objective(ctx, arcs, flow)
    improved_gap = bound - plan_objective(ctx, arcs, improved)
    assert improved_gap <= 0.5 * flow_gap
    assert plan_objective(ctx, arcs, improved) >= 0.97 * bound
    assert check_plan(problem, _allocations(problem, arcs, improved)) == []


def test_the_flow_path_with_neighbourhoods_offers_the_weekly_minimum_to_more_people_than_greedy():
    problem = generate(400, 120, seed=11)
    result = solve(problem, SolverOptions(mip_max_arcs=0, time_limit_s=60))
    assert result.stats.neighbourhoods > 0
    assert check_plan(problem, result.allocations) == []
    assert result.stats.people_offered_weekly_minimum >= result.stats.greedy_people_offered_weekly_minimum
    alone = solve(problem, SolverOptions(mip_max_arcs=0, neighbourhoods=False))
    assert result.stats.objective >= alone.stats.objective
