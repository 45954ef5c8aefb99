"""The matching engine: candidate arcs, a greedy baseline, a min-cost flow core with exact repairs,
and an exact MIP (HiGHS) when the instance is small enough to prove optimal quickly.

Design, and the measurements that chose it (2 shared cores, noisy: other jobs ran at the same time)
----------------------------------------------------------------------------------------------------
* The core is a transportation problem (people -> person-weeks -> person-days -> sessions). Its side
  rules are not flow rules: hours left and the weekly maximum count *minutes* over sessions of different
  lengths, non-associated people may not share a session, and a woman may not be the only woman of a
  mixed group (a "0 or at least 2" rule).
* Exact MIP first (HiGHS): 1,000 people x 100 sessions (21,000 arcs) solved to proven optimality in
  9-11 s; 5,000 x 500 (730,000 arcs before pruning, 257,000 after keeping each person's best 60) did not
  finish the root LP in 250 s. So a MIP over all arcs cannot meet 5,000 in 30 s here.
* Min-cost flow (OR-Tools) over all 730,000 arcs of 5,000 x 500: under 1 s. The minute rules become
  safe counts (floor(minutes left / longest candidate session), likewise per week), the weekly-minimum
  bonus becomes a free first unit per person-week; then `flow.repair_and_fill` makes the plan exact
  (non-associations, the women's rule) and fills the places left with every rule checked exactly.
  Result on 5,000: hours placed = the supply bound (100%), objective +11.7% over greedy, 0 violations.
* So: flow + repairs always; the MIP as well when the arcs number at most `mip_max_arcs` (default
  40,000), where it proves optimality; the answer is the best of greedy, flow and MIP by one objective
  (`plan_objective`), so it is never worse than the greedy baseline on the same candidates.
* Above `mip_max_arcs` the flow's plan is then improved by re-solving groups of neighbours exactly with
  the same MIP, everyone else's places held (`neighbourhood.improve`), until the time limit or until a
  sweep over the groups gains almost nothing. The flow alone was 2-5% below the LP bound of the objective
  (mostly the weekly-minimum term: places the repairs emptied); with the groups re-solved, within 1.1%
  on the benchmark scenarios (docs/matching.md).
* HiGHS is reached through OR-Tools' model_builder (HiGHS ships inside ortools). The separate `highspy`
  wheel cannot be loaded in the same process as ortools' flow (clashing HiGHS symbols), and
  model_builder's HiGHS crashes on solution hints in ortools 9.15, so the MIP gets no warm start.

Steps (`solve`):
1. urgency per person; candidate arcs with every single-pair rule applied (candidates.py), scored;
   pruned on large regions to each person's best few sessions a day and each session's best candidates
   (`max_arcs_per_person_day` above `prune_above_arcs`), always keeping previous-plan and pinned pairs.
2. pinned allocations are checked with the independent checker and fixed; refused ones are reported.
3. greedy baseline (greedy.py) on the same arcs.
4. flow core + repairs (flow.py); the MIP (one function per constraint family) for small instances:
   capacity; one session a day; weekly maximum (minutes); hours left (minutes, or at most one session
   for people finishing); non-associations; the only woman in a mixed group; the weekly-minimum bonus.
   For larger instances the same MIP re-solves groups of neighbours of the flow's plan (neighbourhood.py).
5. the best plan by the same objective; the independent checker as a last safety net; explanations.
`SolverOptions.time_limit_s` covers all of it: the MIP or the groups of neighbours get what is left after
steps 1-4's fixed parts, less a reserve for step 5 (`_tail_reserve`).
"""

from __future__ import annotations

import dataclasses
import time

from . import checker, neighbourhood
from .candidates import Arcs, Context, build_arcs, build_context
from .explain import explain
from .flow import flow_plan
from .greedy import greedy_plan
from .model import Allocation, MatchResult, Problem, SolverOptions, SolveStats
from .objective import _solve_mip, minutes_placed, people_offered_weekly_minimum, plan_objective
from .urgency import urgency_array


def solve(problem: Problem, options: SolverOptions | None = None) -> MatchResult:
    options = options or SolverOptions()
    started = time.perf_counter()
    # The time limit is for the whole solve: what the search may use is what is left once the candidates,
    # the baseline and the flow are done, less the time the final checks and explanations will take.
    deadline = started + options.time_limit_s
    stats = SolveStats()
    urg = urgency_array(problem.people, problem.today, problem.weights)
    ctx = build_context(problem, urg)

    keep_pairs = _pairs(ctx, problem.previous_plan)
    pin_pairs = _pairs(ctx, problem.pinned)
    arcs = build_arcs(
        ctx,
        max_per_person=options.max_arcs_per_person,
        min_per_session=options.min_arcs_per_session,
        max_per_person_day=options.max_arcs_per_person_day,
        prune_above=options.prune_above_arcs,
        keep_pairs=sorted(set(keep_pairs) | set(pin_pairs)),
    )
    stats.arcs, stats.arcs_before_pruning = len(arcs.i), arcs.before_pruning
    stats.candidates_s = time.perf_counter() - started

    pinned_arcs, stats.refused_pins = _accept_pins(ctx, arcs, problem)
    t0 = time.perf_counter()
    greedy = greedy_plan(ctx, arcs, pinned_arcs)
    stats.greedy_s = time.perf_counter() - t0
    stats.greedy_objective = plan_objective(ctx, arcs, greedy)
    stats.greedy_minutes_placed = minutes_placed(ctx, arcs, greedy)
    stats.greedy_people_offered_weekly_minimum, _ = people_offered_weekly_minimum(ctx, arcs, greedy)

    chosen, stats.method, stats.status = greedy, "greedy", "greedy only"
    best = stats.greedy_objective
    if options.use_mip and len(arcs.i):
        t0 = time.perf_counter()
        flow = flow_plan(ctx, arcs, pinned_arcs)
        flow_objective = stats.flow_objective = plan_objective(ctx, arcs, flow)
        if flow_objective > best + 1e-6:
            chosen, stats.method, stats.status, best = flow, "flow", "flow core, repaired", flow_objective
        search_until = deadline - _tail_reserve(stats.candidates_s)
        if len(arcs.i) <= options.mip_max_arcs:
            mip_options = dataclasses.replace(
                options, time_limit_s=max(MIN_MIP_TIME_S, search_until - time.perf_counter())
            )
            mip_choice, status, bound = _solve_mip(ctx, arcs, pinned_arcs, chosen, mip_options)
            stats.objective_bound, stats.status = bound, status
            if mip_choice is not None and plan_objective(ctx, arcs, mip_choice) >= best - 1e-6:
                chosen, stats.method = mip_choice, "mip"
        elif options.neighbourhoods:
            # Larger regions: groups of neighbours re-solved exactly, the others' places held, while time is left.
            improved, stats.neighbourhoods = neighbourhood.improve(
                ctx, arcs, chosen, pinned_arcs, deadline=search_until, threads=options.threads
            )
            improved_objective = plan_objective(ctx, arcs, improved)
            if improved_objective > best + 1e-6:
                chosen, stats.method, best = improved, "flow", improved_objective
                stats.status = f"flow core, repaired, {stats.neighbourhoods} neighbourhoods re-solved"
        stats.solve_s = time.perf_counter() - t0

    allocations = [
        Allocation(problem.people[i].id, problem.sessions[j].id)
        for i, j in zip(arcs.i[chosen].tolist(), arcs.j[chosen].tolist(), strict=True)
    ]
    if stats.method != "greedy" and checker.check_plan(problem, allocations):
        # Never expected: the MIP and the repairs state every rule. Fall back to the baseline rather than ship a breach.
        chosen, stats.method, stats.status = greedy, "greedy", f"{stats.method} plan refused by the checker"
        allocations = [
            Allocation(problem.people[i].id, problem.sessions[j].id)
            for i, j in zip(arcs.i[chosen].tolist(), arcs.j[chosen].tolist(), strict=True)
        ]
    stats.objective = plan_objective(ctx, arcs, chosen)
    stats.minutes_placed = minutes_placed(ctx, arcs, chosen)
    stats.people_offered_weekly_minimum, stats.people_placeable = people_offered_weekly_minimum(ctx, arcs, chosen)
    t0 = time.perf_counter()
    explanations = explain(ctx, arcs, chosen)
    stats.explain_s = time.perf_counter() - t0
    stats.wall_s = time.perf_counter() - started
    return MatchResult(allocations=allocations, explanations=explanations, stats=stats)


# What follows the search (the checker, the plan's figures and the explanations) is reckoned as a multiple of
# the candidates' time, which grows the same way (people x sessions in reach) and feels the same load: on
# the `rules` scenario at 20,000 people, under load 3-4, it took 1.1 to 1.6 times as long.
TAIL_SHARE = 2.0
TAIL_FLOOR_S = 1.0  # `places` 5,000: candidates 0.4 s, explanations 1.2 s
MIN_MIP_TIME_S = 1.0  # the exact MIP on a small region always gets this much, even past the time limit


def _tail_reserve(candidates_s: float) -> float:
    return TAIL_FLOOR_S + TAIL_SHARE * candidates_s


def greedy_baseline(problem: Problem, options: SolverOptions | None = None) -> MatchResult:
    """The coordinator's baseline alone (no MIP), on the same candidates."""
    options = options or SolverOptions()
    options = SolverOptions(**{**{f: getattr(options, f) for f in options.__slots__}, "use_mip": False})
    return solve(problem, options)


def _pairs(ctx: Context, allocations) -> list[tuple[int, int]]:
    out = []
    for a in allocations:
        i, j = ctx.person_index.get(a.person_id), ctx.session_index.get(a.session_id)
        if i is not None and j is not None:
            out.append((i, j))
    return out


def _accept_pins(ctx: Context, arcs: Arcs, problem: Problem):
    """Pinned allocations that the hard rules allow, as arc indices; the others with the refusal."""
    if not problem.pinned:
        return [], {}
    arc_of = {(int(i), int(j)): a for a, (i, j) in enumerate(zip(arcs.i.tolist(), arcs.j.tolist(), strict=True))}
    refused: dict[tuple[int, int], list[str]] = {}

    def key(pin):
        return (ctx.person_index.get(pin.person_id), ctx.session_index.get(pin.session_id))

    pins = list(dict.fromkeys(problem.pinned))
    if all(key(p) in arc_of for p in pins) and not checker.check_plan(problem, pins):
        accepted = pins  # the usual case, checked in one pass
    else:
        # Keep them one by one, in order, while they stay legal; a woman refused as the only woman of a
        # mixed group is tried again at the end, when another pinned woman may have joined her.
        accepted = []
        for _attempt in (1, 2):
            for pin in pins:
                if pin in accepted:
                    continue
                reasons = checker.check_placement(problem, accepted, pin.person_id, pin.session_id)
                if not reasons and key(pin) not in arc_of:
                    reasons = ["not a candidate for this run (the person is not being matched)"]
                if reasons:
                    refused[(pin.person_id, pin.session_id)] = reasons
                else:
                    accepted.append(pin)
                    refused.pop((pin.person_id, pin.session_id), None)
    pinned = [arc_of[key(p)] for p in accepted]
    return pinned, refused
