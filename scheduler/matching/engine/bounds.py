"""Upper bounds on the credited minutes any legal plan could place (for the benchmark's gap).

All bounds use the full candidate set (no pruning), so they hold for every legal plan:

* supply: every session filled with as many of its candidates as it has free places;
* demand: every person given, per week, the longest candidate session on each day up to the weekly
  maximum, and never more than the minutes left;
* LP (optional, when `lp_time_limit_s` > 0): the LP relaxation of "maximise sum over people of
  min(minutes planned, minutes left)" under capacity, one session a day and the weekly maximum
  (non-associations and the women's rule relaxed). It is the tightest; it can take a while on
  20,000 people, so it has its own time limit and is skipped (None) if it runs out.

These bound hours, not the objective: on a region limited by places they equal the places, and where
people are scarce they can sit far above what any plan reaches. `objective_bound` is the honest yardstick
for the engine: the LP relaxation of the engine's own objective (hours by urgency, the weekly minimum,
travel, skills, continuity) under every hard rule, which no legal plan can beat.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from .candidates import build_arcs, build_context
from .model import Problem
from .urgency import urgency_array


@dataclass
class Bound:
    supply_minutes: int
    demand_minutes: int
    lp_minutes: float | None
    seconds: float

    @property
    def minutes(self) -> float:
        vals = [self.supply_minutes, self.demand_minutes] + ([self.lp_minutes] if self.lp_minutes is not None else [])
        return min(vals)


def upper_bound(problem: Problem, *, lp_time_limit_s: float = 0.0, threads: int = 2) -> Bound:
    started = time.perf_counter()
    ctx = build_context(problem, urgency_array(problem.people, problem.today, problem.weights))
    arcs = build_arcs(ctx)
    n_p, n_s = len(problem.people), len(problem.sessions)
    if not len(arcs.i):
        return Bound(0, 0, 0.0, time.perf_counter() - started)
    cand = np.bincount(arcs.j, minlength=n_s)
    supply = int((np.minimum(ctx.s_free, cand) * ctx.s_minutes).sum())

    # Demand: per person-week, the longest session of each day, capped by the week, then by minutes left.
    n_w, n_d = len(ctx.weeks), len(ctx.days)
    pd_key = arcs.i.astype(np.int64) * n_d + ctx.s_day[arcs.j]
    best_day = np.zeros(n_p * n_d, dtype=np.int64)
    np.maximum.at(best_day, pd_key, arcs.minutes)
    day_week = np.zeros(n_d, dtype=np.int64)
    for j in range(n_s):
        day_week[ctx.s_day[j]] = ctx.s_week[j]
    per_week = np.zeros((n_p, n_w), dtype=np.int64)
    np.add.at(per_week, (np.repeat(np.arange(n_p), n_d), np.tile(day_week, n_p)), best_day)
    per_week = np.minimum(per_week, np.maximum(ctx.p_week_left, 0))
    demand = int(np.minimum(per_week.sum(axis=1), np.maximum(ctx.p_left, 0)).sum())

    lp = _lp_bound(ctx, arcs, lp_time_limit_s, threads) if lp_time_limit_s > 0 else None
    return Bound(supply, demand, lp, time.perf_counter() - started)


def objective_bound(
    problem: Problem, *, time_limit_s: float = 60.0, threads: int = 2, max_arcs: int = 600_000
) -> float | None:
    """The LP relaxation bound on the engine's objective (`objective.plan_objective`) over every legal plan,
    or None if HiGHS does not prove the LP optimum within the time limit, or if the candidate pairs number
    more than `max_arcs` (the model is built term by term in Python: about a minute per million pairs)."""
    from ortools.linear_solver.python import model_builder as mb

    from .objective import QUIET, objective_model

    ctx = build_context(problem, urgency_array(problem.people, problem.today, problem.weights))
    arcs = build_arcs(ctx)
    if not len(arcs.i):
        return 0.0
    if len(arcs.i) > max_arcs:
        return None
    model, _ = objective_model(ctx, arcs, relaxed=True)
    solver = mb.Solver("highs")
    solver.enable_output(False)
    solver.set_time_limit_in_seconds(float(time_limit_s))
    solver.set_solver_specific_parameters(f"threads={threads}{QUIET}")
    if solver.solve(model) != mb.SolveStatus.OPTIMAL:
        return None
    return float(solver.objective_value)


def _lp_bound(ctx, arcs, time_limit_s: float, threads: int) -> float | None:
    from ortools.linear_solver.python import model_builder as mb

    from .objective import QUIET, _Rows, build_model

    n_x = len(arcs.i)
    n_d, n_w = len(ctx.days), len(ctx.weeks)
    people = np.unique(arcs.i)
    n_h = len(people)
    rows = _Rows([], [], [], [], [])

    def block(key, vals, limit_of):
        uniq, inv = np.unique(key, return_inverse=True)
        rows.add(inv, np.arange(n_x), vals, np.full(len(uniq), -np.inf), limit_of(uniq).astype(float))

    block(arcs.j, np.ones(n_x), lambda u: ctx.s_free[u])
    block(arcs.i.astype(np.int64) * n_d + ctx.s_day[arcs.j], np.ones(n_x), lambda u: np.ones(len(u)))
    block(
        arcs.i.astype(np.int64) * n_w + ctx.s_week[arcs.j],
        arcs.minutes.astype(float),
        lambda u: np.maximum(ctx.p_week_left[u // n_w, u % n_w], 0),
    )
    # h_p - sum(minutes x) <= 0, with 0 <= h_p <= minutes left.
    row_of = np.full(len(ctx.problem.people), -1)
    row_of[people] = np.arange(n_h)
    rows.add(
        np.concatenate([row_of[arcs.i], np.arange(n_h)]),
        np.concatenate([np.arange(n_x), n_x + np.arange(n_h)]),
        np.concatenate([-arcs.minutes.astype(float), np.ones(n_h)]),
        np.full(n_h, -np.inf),
        np.zeros(n_h),
    )
    model, _ = build_model(
        np.zeros(n_x + n_h),
        np.concatenate([np.ones(n_x), np.maximum(ctx.p_left[people], 0).astype(float)]),
        np.zeros(n_x + n_h, dtype=bool),
        np.concatenate([np.zeros(n_x), np.ones(n_h)]),
        rows,
    )
    solver = mb.Solver("highs")
    solver.enable_output(False)
    solver.set_time_limit_in_seconds(float(time_limit_s))
    solver.set_solver_specific_parameters(f"threads={threads}{QUIET}")
    if solver.solve(model) != mb.SolveStatus.OPTIMAL:
        return None
    return float(solver.objective_value)
