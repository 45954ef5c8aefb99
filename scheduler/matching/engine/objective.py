"""The engine's objective and its exact model: `plan_objective` scores a plan (hours by urgency, the
weekly-minimum shares, travel, skills, continuity; `model.Weights`), and `objective_model` states it with
every hard rule as a MIP (HiGHS through OR-Tools' model_builder), one function per constraint family. The
solver, the neighbourhoods and the LP bound all use them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .candidates import Arcs, Context
from .greedy import finishing_people
from .model import SolverOptions


@dataclass
class _Rows:
    """A constraint matrix built from blocks of (row, column, value) triples."""

    rows: list
    cols: list
    vals: list
    lo: list
    hi: list
    n: int = 0

    def add(self, row_ids: np.ndarray, col_ids: np.ndarray, vals: np.ndarray, lo: np.ndarray, hi: np.ndarray):
        """row_ids are local (0..k-1) for k new rows with bounds lo, hi."""
        self.rows.append(np.asarray(row_ids, dtype=np.int64) + self.n)
        self.cols.append(np.asarray(col_ids, dtype=np.int64))
        self.vals.append(np.asarray(vals, dtype=float))
        self.lo.append(np.asarray(lo, dtype=float))
        self.hi.append(np.asarray(hi, dtype=float))
        self.n += len(lo)


# --- Objective --------------------------------------------------------------------------------------


def _weekly_minimum_need(ctx: Context, arcs: Arcs) -> np.ndarray:
    """Per arc, the minutes its person still needs that week to reach the weekly minimum: the minimum less
    what is already planned that week, and never more than the person's minutes left."""
    w = ctx.problem.weights
    rules = ctx.problem.rules
    weekly_max = np.array([rules.weekly_max(p) for p in ctx.problem.people], dtype=np.int64)
    week = ctx.s_week[arcs.j]
    planned = weekly_max[arcs.i] - ctx.p_week_left[arcs.i, week]
    return np.minimum(w.weekly_minimum_minutes - planned, np.maximum(ctx.p_left[arcs.i], 0))


def _weekly_minimum_groups(ctx: Context, arcs: Arcs):
    """Person-weeks below the weekly minimum: (group id per arc or -1, need per group)."""
    w = ctx.problem.weights
    if w.weekly_minimum_bonus <= 0 or w.weekly_minimum_minutes <= 0 or not len(arcs.i):
        return np.full(len(arcs.i), -1), np.zeros(0)
    week = ctx.s_week[arcs.j]
    need = _weekly_minimum_need(ctx, arcs)
    key = arcs.i.astype(np.int64) * len(ctx.weeks) + week
    key = np.where(need > 0, key, -1)
    uniq, inv = np.unique(key, return_inverse=True)
    group_need = np.zeros(len(uniq))
    group_need[inv] = need
    if len(uniq) and uniq[0] == -1:
        inv = inv - 1  # -1 for arcs of weeks already at the minimum
        group_need = group_need[1:]
    return inv, group_need


def people_offered_weekly_minimum(ctx: Context, arcs: Arcs, chosen: np.ndarray) -> tuple[int, int]:
    """(people offered their weekly minimum, people who could be placed at all).

    A person who could be placed (has a candidate session) is offered the weekly minimum when, in every
    week of the run where they have a candidate session, the plan brings them to the weekly minimum
    (counting minutes already planned that week) or to the end of their hours, whichever is less.
    """
    if not len(arcs.i):
        return 0, 0
    w = ctx.problem.weights
    n_w = max(len(ctx.weeks), 1)
    n_p = len(ctx.problem.people)
    week = ctx.s_week[arcs.j]
    cell = arcs.i.astype(np.int64) * n_w + week
    has = np.zeros(n_p * n_w, dtype=bool)
    has[cell] = True
    got = np.bincount(cell[chosen], weights=arcs.minutes[chosen], minlength=n_p * n_w)
    has, got = has.reshape(n_p, n_w), got.reshape(n_p, n_w)
    rules = ctx.problem.rules
    weekly_max = np.array([rules.weekly_max(p) for p in ctx.problem.people], dtype=np.int64)
    planned = weekly_max[:, None] - ctx.p_week_left[:, :n_w]
    remaining = np.maximum(ctx.p_left, 0).astype(float)
    offered = has.any(axis=1)
    for k in range(n_w):
        need = np.minimum(np.maximum(w.weekly_minimum_minutes - planned[:, k], 0), remaining)
        offered &= ~has[:, k] | (got[:, k] >= need)
        remaining = np.maximum(remaining - got[:, k], 0)
    return int(offered.sum()), int(has.any(axis=1).sum())


def plan_objective(ctx: Context, arcs: Arcs, chosen: np.ndarray) -> float:
    """The objective of a choice of arcs: their values plus the weekly-minimum bonus."""
    total = float(arcs.value[chosen].sum())
    group, need = _weekly_minimum_groups(ctx, arcs)
    if len(need):
        sel = chosen & (group >= 0)
        got = np.bincount(group[sel], weights=arcs.minutes[sel], minlength=len(need))
        total += ctx.problem.weights.weekly_minimum_bonus * float(np.minimum(got / need, 1.0).sum())
    return total


def single_placement_points(ctx: Context, arcs: Arcs) -> np.ndarray:
    """Each arc's objective were it the only placement chosen: `plan_objective` of that arc alone (its
    value plus its share of the weekly-minimum bonus), so one place is ranked as the plan ranks it."""
    points = arcs.value.astype(float)
    w = ctx.problem.weights
    if w.weekly_minimum_bonus > 0 and w.weekly_minimum_minutes > 0 and len(arcs.i):
        need = _weekly_minimum_need(ctx, arcs)
        share = np.where(need > 0, np.minimum(arcs.minutes / np.maximum(need, 1), 1.0), 0.0)
        points = points + w.weekly_minimum_bonus * share
    return points


def minutes_placed(ctx: Context, arcs: Arcs, chosen: np.ndarray) -> int:
    """Credited minutes the plan places, counting no more than each person's minutes left."""
    if not chosen.any():
        return 0
    per_person = np.bincount(arcs.i[chosen], weights=arcs.minutes[chosen], minlength=len(ctx.problem.people))
    return int(np.minimum(per_person, np.maximum(ctx.p_left, 0)).sum())


# --- The MIP ----------------------------------------------------------------------------------------


def _group(keys: np.ndarray):
    """Group ids for keys: (unique keys, inverse, counts)."""
    return np.unique(keys, return_inverse=True, return_counts=True)


def _capacity(ctx: Context, arcs: Arcs, rows: _Rows) -> None:
    uniq, inv, counts = _group(arcs.j)
    tight = counts > ctx.s_free[uniq]
    if not tight.any():
        return
    local = np.cumsum(tight) - 1
    sel = tight[inv]
    rows.add(
        local[inv[sel]], np.nonzero(sel)[0], np.ones(sel.sum()), np.full(tight.sum(), -np.inf), ctx.s_free[uniq[tight]]
    )


def _one_a_day(ctx: Context, arcs: Arcs, rows: _Rows) -> None:
    key = arcs.i.astype(np.int64) * len(ctx.days) + ctx.s_day[arcs.j]
    _at_most_one(key, rows)


def _at_most_one(key: np.ndarray, rows: _Rows) -> None:
    _uniq, inv, counts = _group(key)
    multi = counts > 1
    if not multi.any():
        return
    local = np.cumsum(multi) - 1
    sel = multi[inv]
    rows.add(
        local[inv[sel]], np.nonzero(sel)[0], np.ones(sel.sum()), np.full(multi.sum(), -np.inf), np.ones(multi.sum())
    )


def _max_load_by(key: np.ndarray, day_key: np.ndarray, minutes: np.ndarray, n_groups: int) -> np.ndarray:
    """Per group of `key`, the most minutes one-a-day can give: sum over days of the longest session."""
    best = {}
    for k, d, m in zip(key.tolist(), day_key.tolist(), minutes.tolist(), strict=True):
        if best.get((k, d), 0) < m:
            best[(k, d)] = m
    load = np.zeros(n_groups, dtype=np.int64)
    for (k, _), m in best.items():
        load[k] += m
    return load


def _minutes_limit(key: np.ndarray, arcs: Arcs, ctx: Context, limit_of_group, rows: _Rows, skip=None) -> None:
    """sum(minutes x) <= limit for each group of arcs, where it can bind."""
    uniq, inv, _ = _group(key)
    limit = limit_of_group(uniq)
    load = _max_load_by(inv, ctx.s_day[arcs.j], arcs.minutes, len(uniq))
    binding = load > limit
    if skip is not None:
        binding &= ~skip(uniq)
    if not binding.any():
        return
    local = np.cumsum(binding) - 1
    sel = binding[inv]
    rows.add(
        local[inv[sel]],
        np.nonzero(sel)[0],
        arcs.minutes[sel].astype(float),
        np.full(binding.sum(), -np.inf),
        limit[binding].astype(float),
    )


def _weekly_maximum(ctx: Context, arcs: Arcs, rows: _Rows) -> None:
    n_w = len(ctx.weeks)
    key = arcs.i.astype(np.int64) * n_w + ctx.s_week[arcs.j]
    _minutes_limit(key, arcs, ctx, lambda u: ctx.p_week_left[u // n_w, u % n_w], rows)


def _hours_left(ctx: Context, arcs: Arcs, rows: _Rows, finishing: np.ndarray) -> None:
    # People finishing (fewer minutes left than their longest session) get at most one session.
    fin = finishing[arcs.i]
    if fin.any():
        sub = np.nonzero(fin)[0]
        _uniq, inv, counts = _group(arcs.i[sub])
        multi = counts > 1
        if multi.any():
            local = np.cumsum(multi) - 1
            sel = multi[inv]
            rows.add(local[inv[sel]], sub[sel], np.ones(sel.sum()), np.full(multi.sum(), -np.inf), np.ones(multi.sum()))
    _minutes_limit(arcs.i.astype(np.int64), arcs, ctx, lambda u: ctx.p_left[u], rows, skip=lambda u: finishing[u])


def _non_associations(ctx: Context, arcs: Arcs, rows: _Rows) -> None:
    if not ctx.problem.non_associations:
        return
    arc_of = {}
    pairs_people = set()
    for a, b in ctx.problem.non_associations:
        ia, ib = ctx.person_index.get(a), ctx.person_index.get(b)
        if ia is not None and ib is not None:
            pairs_people.add((ia, ib))
    involved = {p for pair in pairs_people for p in pair}
    for a in np.nonzero(np.isin(arcs.i, list(involved)))[0].tolist():
        arc_of[(int(arcs.i[a]), int(arcs.j[a]))] = a
    by_person: dict[int, list[int]] = {}
    for i, j in arc_of:
        by_person.setdefault(i, []).append(j)
    r, c = [], []
    k = 0
    for ia, ib in pairs_people:
        for j in set(by_person.get(ia, ())) & set(by_person.get(ib, ())):
            r += [k, k]
            c += [arc_of[(ia, j)], arc_of[(ib, j)]]
            k += 1
    if k:
        rows.add(np.array(r), np.array(c), np.ones(len(c)), np.full(k, -np.inf), np.ones(k))


def _only_woman(ctx: Context, arcs: Arcs, rows: _Rows, n_cols: int, upper: np.ndarray):
    """Mixed groups: women (already there + new) never exactly one. Returns the new y columns (sessions)."""
    if not ctx.problem.rules.women_never_only_woman:
        return np.zeros(0, dtype=np.int64)
    women_already = ctx.s_women_already
    mixed = ctx.s_mixed_group[arcs.j]
    female = ctx.p_female[arcs.i]
    y_sessions = []
    r, c, v, lo, hi = [], [], [], [], []
    k = 0
    order = np.argsort(arcs.j, kind="stable")
    js = arcs.j[order]
    bounds = np.searchsorted(js, np.unique(js))
    for start, end in zip(bounds.tolist(), [*bounds[1:].tolist(), len(js)], strict=True):
        grp = order[start:end]
        j = int(arcs.j[grp[0]])
        if not mixed[grp[0]] or women_already[j] >= 2:
            continue
        w_arcs = grp[female[grp]]
        m_arcs = grp[~female[grp]]
        cap = max(int(ctx.s_free[j]), 1)
        if women_already[j] == 1:
            # Someone may join only if a new woman does too: men <= cap * new women; women are fine.
            if len(w_arcs) == 0:
                upper[m_arcs] = 0
            elif len(m_arcs):
                r += [k] * (len(m_arcs) + len(w_arcs))
                c += m_arcs.tolist() + w_arcs.tolist()
                v += [1.0] * len(m_arcs) + [-float(cap)] * len(w_arcs)
                lo.append(-np.inf)
                hi.append(0.0)
                k += 1
            continue
        if len(w_arcs) == 0:
            continue
        if len(w_arcs) == 1:
            upper[w_arcs] = 0
            continue
        y = n_cols + len(y_sessions)
        y_sessions.append(j)
        # sum(women) - 2y >= 0 and sum(women) - cap*y <= 0: zero women, or at least two.
        r += [k] * (len(w_arcs) + 1) + [k + 1] * (len(w_arcs) + 1)
        c += [*w_arcs.tolist(), y, *w_arcs.tolist(), y]
        v += [1.0] * len(w_arcs) + [-2.0] + [1.0] * len(w_arcs) + [-float(cap)]
        lo += [0.0, -np.inf]
        hi += [np.inf, 0.0]
        k += 2
    if k:
        rows.add(np.array(r), np.array(c), np.array(v), np.array(lo), np.array(hi))
    return np.array(y_sessions, dtype=np.int64)


def _close_supervision(ctx: Context, arcs: Arcs, rows: _Rows, n_cols: int):
    """A session that takes someone needing close supervision (z = 1) holds at most the close-supervision
    size: sum(x) + (free - room) z <= free, and each close-supervision arc x <= z. Returns the z sessions."""
    size = ctx.problem.rules.close_supervision_group_size
    close_arcs = np.nonzero(ctx.p_close[arcs.i])[0]
    if not len(close_arcs):
        return np.zeros(0, dtype=np.int64)
    already = ctx.s_close_already
    z_sessions = []
    r, c, v, hi = [], [], [], []
    k = 0
    for j in np.unique(arcs.j[close_arcs]).tolist():
        free, room = int(ctx.s_free[j]), size - int(ctx.s_taken[j])
        if already[j] or room >= free:
            continue  # the session's places already keep it small
        z = n_cols + len(z_sessions)
        z_sessions.append(j)
        everyone = np.nonzero(arcs.j == j)[0]
        r += [k] * (len(everyone) + 1)
        c += [*everyone.tolist(), z]
        v += [1.0] * len(everyone) + [float(free - room)]
        hi.append(float(free))
        k += 1
        for a in close_arcs[arcs.j[close_arcs] == j].tolist():
            r += [k, k]
            c += [a, z]
            v += [1.0, -1.0]
            hi.append(0.0)
            k += 1
    if k:
        rows.add(np.array(r), np.array(c), np.array(v), np.full(k, -np.inf), np.array(hi))
    return np.array(z_sessions, dtype=np.int64)


def _weekly_minimum(ctx: Context, arcs: Arcs, rows: _Rows, n_cols: int):
    """u_g in [0, 1] per person-week below the minimum, with need_g * u_g <= minutes placed that week.

    Each session counts at most the need (min(minutes, need)): the same for any 0/1 plan, since u <= 1,
    but it stops the relaxation reaching the whole bonus with a fraction of a long session, which keeps
    the LP bound close to the best plan."""
    group, need = _weekly_minimum_groups(ctx, arcs)
    if not len(need):
        return need
    sel = np.nonzero(group >= 0)[0]
    n_g = len(need)
    rr = np.concatenate([group[sel], np.arange(n_g)])
    cc = np.concatenate([sel, n_cols + np.arange(n_g)])
    counted = np.minimum(arcs.minutes[sel].astype(float), need[group[sel]])
    vv = np.concatenate([-counted, need.astype(float)])
    rows.add(rr, cc, vv, np.full(n_g, -np.inf), np.zeros(n_g))
    return need


def objective_model(ctx: Context, arcs: Arcs, pinned_arcs=(), *, relaxed: bool = False):
    """The engine's objective and every hard rule as a model_builder model (maximise): one 0/1 column per
    arc, the only-woman and close-supervision switches, and the weekly-minimum shares. `relaxed` makes
    every column continuous: its optimum is the LP bound on any legal plan's objective."""
    n_x = len(arcs.i)
    upper = np.ones(n_x)
    rows = _Rows([], [], [], [], [])
    _capacity(ctx, arcs, rows)
    _one_a_day(ctx, arcs, rows)
    _weekly_maximum(ctx, arcs, rows)
    _hours_left(ctx, arcs, rows, finishing_people(ctx, arcs))
    _non_associations(ctx, arcs, rows)
    y_sessions = _only_woman(ctx, arcs, rows, n_x, upper)
    z_sessions = _close_supervision(ctx, arcs, rows, n_x + len(y_sessions))
    n_y = len(y_sessions) + len(z_sessions)
    need = _weekly_minimum(ctx, arcs, rows, n_x + n_y)
    n_u = len(need)
    lower = np.zeros(n_x)
    pins = list(pinned_arcs)
    lower[pins] = np.minimum(1.0, upper[pins])

    cost = np.concatenate([arcs.value, np.zeros(n_y), np.full(n_u, ctx.problem.weights.weekly_minimum_bonus)])
    integral = np.concatenate([np.ones(n_x + n_y, dtype=bool), np.zeros(n_u, dtype=bool)])
    return build_model(
        np.concatenate([lower, np.zeros(n_y + n_u)]),
        np.concatenate([upper, np.ones(n_y + n_u)]),
        integral & (not relaxed),
        cost,
        rows,
    )


def _solve_mip(ctx: Context, arcs: Arcs, pinned_arcs, start: np.ndarray, options: SolverOptions):
    """The exact 0/1 programme, solved by HiGHS through OR-Tools' model_builder (HiGHS ships inside
    ortools; the separate highspy wheel cannot be loaded in the same process as ortools' flow)."""
    from ortools.linear_solver.python import model_builder as mb

    n_x = len(arcs.i)
    model, cols = objective_model(ctx, arcs, pinned_arcs)
    # No MIP start: model_builder's HiGHS backend crashes on hints (ortools 9.15). The flow and greedy
    # plans are compared with the MIP's afterwards, so the answer is never worse than either.

    solver = mb.Solver("highs")
    solver.enable_output(bool(options.verbose))
    solver.set_time_limit_in_seconds(float(options.time_limit_s))
    solver.set_solver_specific_parameters(
        f"mip_rel_gap={options.mip_rel_gap}\nthreads={options.threads}" + ("" if options.verbose else QUIET)
    )
    status = solver.solve(model)
    name = getattr(status, "name", str(status))
    if status not in (mb.SolveStatus.OPTIMAL, mb.SolveStatus.FEASIBLE):
        return None, name, None
    bound = solver.best_objective_bound
    return _column_values(solver, cols, n_x) > 0.5, name, (float(bound) if np.isfinite(bound) else None)


def _column_values(solver, cols, n: int) -> np.ndarray:
    value = solver._Solver__solve_helper.variable_value
    return np.array([value(int(c)) for c in cols[:n].tolist()])


# enable_output(False) leaves HiGHS's banner on standard output, once a solve: a worker's log, or a
# benchmark's figures, would carry one line for every neighbourhood re-solved.
QUIET = "\noutput_flag=false"


def solve_model(model, cols, n_x: int, *, time_limit_s: float, rel_gap: float, threads: int) -> np.ndarray | None:
    """The 0/1 choice of the first `n_x` columns in HiGHS's best plan within the time limit, or None."""
    from ortools.linear_solver.python import model_builder as mb

    solver = mb.Solver("highs")
    solver.enable_output(False)
    solver.set_time_limit_in_seconds(float(time_limit_s))
    solver.set_solver_specific_parameters(f"mip_rel_gap={rel_gap}\nthreads={threads}{QUIET}")
    if solver.solve(model) not in (mb.SolveStatus.OPTIMAL, mb.SolveStatus.FEASIBLE):
        return None
    return _column_values(solver, cols, n_x) > 0.5


def build_model(col_lo, col_hi, integral, cost, rows: _Rows):
    """An OR-Tools model_builder model (maximise) from column arrays and row blocks."""
    from ortools.linear_solver.python import model_builder as mb

    model = mb.Model()
    h = model.helper
    cols = h.add_var_array_with_bounds(
        np.asarray(col_lo, float), np.asarray(col_hi, float), np.asarray(integral, bool), "v"
    )
    h.set_objective_coefficients(cols.tolist(), np.asarray(cost, float).tolist())
    h.set_maximize(True)
    if rows.rows:
        r, c, v = np.concatenate(rows.rows), np.concatenate(rows.cols), np.concatenate(rows.vals)
        lo, hi = np.concatenate(rows.lo), np.concatenate(rows.hi)
        order = np.argsort(r, kind="stable")
        r, c, v = r[order], c[order], v[order]
        bounds = np.searchsorted(r, np.arange(rows.n + 1)).tolist()
        col_ids = cols[c].tolist()
        vals = v.tolist()
        add_term = h.add_term_to_constraint
        for k in range(rows.n):
            ct = h.add_linear_constraint()
            if np.isfinite(lo[k]):
                h.set_constraint_lower_bound(ct, float(lo[k]))
            if np.isfinite(hi[k]):
                h.set_constraint_upper_bound(ct, float(hi[k]))
            for t in range(bounds[k], bounds[k + 1]):
                add_term(ct, col_ids[t], vals[t])
    return model, cols
