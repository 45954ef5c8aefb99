"""CP-SAT rota solver: one model per independent part, warm-started from a complete hint.

Variables: x[s, d] = 1 if staff s works demand d, created only for allowed pairs (not on a day off,
within travel range, shift type allowed, short enough). Constraints, one small function per family
(hard rules as in model.py): one a day, head-count cap, rest and forbidden successions, shifts per
type, minutes, consecutive days (max windows; min runs and min days off as forbidden patterns inside
the horizon), weekends, fixed assignments. Objective: cover under/over, requests, weekend and hours
fairness, changes from the previous rota, travel (the same terms as evaluate.py).

Decomposition: staff and demands that can never meet (no allowed pair joins them, e.g. areas beyond
each other's travel range) are solved as separate models; small parts are packed together. The time
limit is shared in two rounds: 85% by size (time a part does not use passes on), then the rest to the
parts with the largest open gap. A part past its share stops once within GOOD_ENOUGH_GAP of its bound
and otherwise runs on (up to OVERRUN times its share), so a busy machine does not cut every part off
just before its LP finds the near-optimal rota. A short cover-only phase first seeds parts whose hint
leaves a session short. The returned rota is never worse than the hint when the hint is legal.

With one worker the single CP-SAT thread is the max_lp worker (linearization level 2): on these models
it needs 1-3 s of CPU a part, where the default worker alone, CP-SAT's interleaved LNS on one thread and
a hand-written LNS (free a few supervisors or a week, fix the rest, re-solve) all stayed far from the
bound for 15 s (docs/rota-engine.md has the figures).
"""

from __future__ import annotations

import math
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from .checker import check
from .evaluate import changes, distance_km, evaluate, fair_weekends, request_matches, travel_cost
from .explain import diagnose, explain
from .greedy import greedy
from .model import FEMALE, VAN_DRIVER, WOMENS_GROUP_LEAD, Assignment, Demand, Problem, Solution, SolveOptions, Staff

MINUTES_A_DAY = 24 * 60
PACK_PAIRS = 4000  # parts smaller than this many pair variables are packed into one model
GOOD_ENOUGH_GAP = 0.05  # past its share of the time, a part stops as soon as it is this close to its bound
OVERRUN = 2.5  # ...and otherwise runs on for up to this many times its share


def allowed(problem: Problem, s: Staff, d: Demand) -> bool:
    """Whether s may work d at all, before looking at the rest of the rota."""
    if d.day in s.days_off or not 0 <= d.day < problem.days or s.id in d.excluded_staff:
        return False
    if s.max_minutes is not None and d.length > s.max_minutes:
        return False
    if d.shift_type is not None and s.max_shifts.get(d.shift_type, 1) <= 0:
        return False
    if s.max_travel_km is not None:
        km = distance_km(s, d)
        if km is not None and km > s.max_travel_km:
            return False
    return True


def _parts(problem: Problem, pairs: set[tuple[str, str]]) -> list[tuple[list[Staff], list[Demand]]]:
    parent: dict[str, str] = {}

    def find(k: str) -> str:
        while parent.setdefault(k, k) != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for s, d in pairs:
        parent[find("s:" + s)] = find("d:" + d)
    groups: dict[str, tuple[list[Staff], list[Demand]]] = defaultdict(lambda: ([], []))
    for s in problem.staff:
        groups[find("s:" + s.id)][0].append(s)
    for d in problem.demands:
        groups[find("d:" + d.id)][1].append(d)
    sized = sorted(groups.values(), key=lambda g: -sum(1 for s in g[0] for d in g[1] if (s.id, d.id) in pairs))
    packed: list[tuple[list[Staff], list[Demand]]] = []
    for staff, demands in sized:
        size = sum(1 for s in staff for d in demands if (s.id, d.id) in pairs)
        if packed and size < PACK_PAIRS and _size(packed[-1], pairs) + size <= PACK_PAIRS:
            packed[-1][0].extend(staff)
            packed[-1][1].extend(demands)
        else:
            packed.append((list(staff), list(demands)))
    return packed


def _size(part, pairs) -> int:
    return sum(1 for s in part[0] for d in part[1] if (s.id, d.id) in pairs)


@dataclass
class _Model:
    problem: Problem
    staff: list[Staff]
    demands: list[Demand]
    pairs: set[tuple[str, str]]
    weekend_share: int
    m: cp_model.CpModel = field(default_factory=cp_model.CpModel)
    x: dict[tuple[str, str], cp_model.IntVar] = field(default_factory=dict)
    work: dict[tuple[str, int], cp_model.IntVar] = field(default_factory=dict)
    weekend: dict[tuple[str, int], cp_model.IntVar] = field(default_factory=dict)
    terms: list = field(default_factory=list)
    constant: int = 0
    cover_terms: list = field(default_factory=list)  # the cover part of the objective (phase 1)
    cover_constant: int = 0
    hints: list = field(default_factory=list)  # (var, function of the hinted pair set)
    _demand: dict[str, Demand] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._demand = {d.id: d for d in self.demands}

    def build(self) -> None:
        for s in self.staff:
            for d in self.demands:
                if (s.id, d.id) in self.pairs:
                    self.x[(s.id, d.id)] = self.m.new_bool_var(f"x_{s.id}_{d.id}")
        self.hints.extend((v, lambda h, k=k: int(k in h)) for k, v in self.x.items())
        self._one_a_day_and_work()
        self._head_count_cap()
        self._rest()
        self._shifts_per_type()
        self._minutes()
        self._consecutive()
        self._weekends()
        self._fixed()
        self._cover()
        self._requests()
        self._fairness()
        self._changes_and_travel()
        self.minimize_all()

    def minimize_all(self) -> None:
        self.m.minimize(sum(self.terms) + self.constant)

    def minimize_cover(self) -> None:
        self.m.minimize(sum(self.cover_terms) + self.cover_constant)

    def _mine(self, s: Staff, day: int | None = None):
        return [(d, self.x[(s.id, d.id)]) for d in self.demands if (s.id, d.id) in self.x and day in (None, d.day)]

    def _one_a_day_and_work(self) -> None:
        by_day: dict[tuple[str, int], list] = defaultdict(list)
        for (sid, did), v in self.x.items():
            by_day[(sid, self._demand[did].day)].append(v)
        for s in self.staff:
            for day in range(self.problem.days):
                w = self.m.new_bool_var(f"w_{s.id}_{day}")
                self.m.add(w == sum(by_day.get((s.id, day), [])))
                self.work[(s.id, day)] = w
                self.hints.append((w, lambda h, sid=s.id, day=day: int(any(p[0] == sid and p[2] == day for p in h))))

    def _head_count_cap(self) -> None:
        on: dict[str, list] = defaultdict(list)
        for (_sid, did), v in self.x.items():
            on[did].append(v)
        for d in self.demands:
            if d.max_staff is not None:
                vs = on[d.id]
                if len(vs) > d.max_staff:
                    self.m.add(sum(vs) <= d.max_staff)

    def _rest(self) -> None:
        types = {t.id: t for t in self.problem.shift_types}
        rest = self.problem.rules.min_rest_minutes
        by_day: dict[int, list[Demand]] = defaultdict(list)
        for d in self.demands:
            by_day[d.day].append(d)
        clash: dict[str, list[Demand]] = {}
        for d in self.demands:
            clash[d.id] = [
                b
                for b in by_day.get(d.day + 1, ())
                if MINUTES_A_DAY + b.start - d.end < rest
                or (d.shift_type in types and b.shift_type in types[d.shift_type].forbidden_next)
            ]
        for s in self.staff:
            for d, v in self._mine(s):
                later = [self.x[(s.id, b.id)] for b in clash[d.id] if (s.id, b.id) in self.x]
                if later:
                    self.m.add(v + sum(later) <= 1)

    def _shifts_per_type(self) -> None:
        for s in self.staff:
            for t, cap in s.max_shifts.items():
                vs = [v for d, v in self._mine(s) if d.shift_type == t]
                if len(vs) > cap:
                    self.m.add(sum(vs) <= cap)

    def _minutes(self) -> None:
        for s in self.staff:
            total = sum(d.length * v for d, v in self._mine(s))
            if s.max_minutes is not None:
                self.m.add(total <= s.max_minutes)
            if s.min_minutes:
                self.m.add(total >= s.min_minutes)
            if s.max_minutes_per_week is not None:
                weeks: dict[int, list] = defaultdict(list)
                for d, v in self._mine(s):
                    weeks[self.problem.week_index(d.day)].append(d.length * v)
                for terms in weeks.values():
                    self.m.add(sum(terms) <= s.max_minutes_per_week)

    def _consecutive(self) -> None:
        n = self.problem.days
        for s in self.staff:
            w = [self.work[(s.id, day)] for day in range(n)]
            cmax = s.max_consecutive_days
            if cmax is not None and cmax < n:
                for first in range(n - cmax):
                    self.m.add(sum(w[first : first + cmax + 1]) <= cmax)
            # A run of `length` worked days (or days off) bounded on both sides inside the horizon.
            for minimum, on in ((s.min_consecutive_days, True), (s.min_consecutive_days_off, False)):
                for length in range(1, minimum):
                    for first in range(1, n - length):
                        inner = [w[k].Not() if on else w[k] for k in range(first, first + length)]
                        edges = (
                            [w[first - 1], w[first + length]] if on else [w[first - 1].Not(), w[first + length].Not()]
                        )
                        self.m.add_bool_or(inner + edges)

    def _weekends(self) -> None:
        p = self.problem
        days: dict[int, list[int]] = defaultdict(list)
        for day in range(p.days):
            if p.is_weekend(day):
                days[p.weekend_index(day)].append(day)
        for s in self.staff:
            for k, ds in days.items():
                v = self.m.new_bool_var(f"we_{s.id}_{k}")
                self.m.add_max_equality(v, [self.work[(s.id, day)] for day in ds])
                self.weekend[(s.id, k)] = v
                self.hints.append(
                    (v, lambda h, sid=s.id, ds=tuple(ds): int(any(q[0] == sid and q[2] in ds for q in h)))
                )
            if s.max_weekends is not None and len(days) > s.max_weekends:
                self.m.add(sum(self.weekend[(s.id, k)] for k in days) <= s.max_weekends)

    def _fixed(self) -> None:
        ids = {s.id for s in self.staff}
        for a in self.problem.fixed:
            if a.staff in ids and a.demand in self._demand:
                if (a.staff, a.demand) in self.x:
                    self.m.add(self.x[(a.staff, a.demand)] == 1)
                else:
                    self.m.add_bool_or([])  # a fixed assignment that is not allowed: infeasible

    def _cover(self) -> None:
        staff = {s.id: s for s in self.staff}
        on: dict[str, list[tuple[Staff, cp_model.IntVar]]] = defaultdict(list)
        for (sid, did), v in self.x.items():
            on[did].append((staff[sid], v))
        for d in self.demands:
            for i, c in enumerate(d.cover):
                vs = [v for s, v in on[d.id] if s.has(c.qualification)]
                count = sum(vs)
                if c.under_weight and c.required > 0:
                    if not vs:
                        self.constant += c.under_weight * c.required
                        self.cover_constant += c.under_weight * c.required
                    else:
                        under = self.m.new_int_var(0, c.required, f"under_{d.id}_{i}")
                        self.m.add(under >= c.required - count)
                        self.terms.append(c.under_weight * under)
                        self.cover_terms.append(c.under_weight * under)
                        self.hints.append((under, self._count_hint(d, c, staff, lambda n, r=c.required: max(0, r - n))))
                if c.qualification is None and c.over_weight and len(vs) > c.required:
                    over = self.m.new_int_var(0, len(vs) - c.required, f"over_{d.id}")
                    self.m.add(over >= count - c.required)
                    self.terms.append(c.over_weight * over)
                    self.cover_terms.append(c.over_weight * over)
                    self.hints.append((over, self._count_hint(d, c, staff, lambda n, r=c.required: max(0, n - r))))

    @staticmethod
    def _count_hint(d, c, staff, f):
        return lambda h: f(sum(1 for q in h if q[1] == d.id and q[0] in staff and staff[q[0]].has(c.qualification)))

    def _requests(self) -> None:
        ids = {s.id for s in self.staff}
        for r in self.problem.requests:
            if r.staff not in ids:
                continue
            vs = [self.x[(r.staff, d.id)] for d in self.demands if (r.staff, d.id) in self.x and request_matches(r, d)]
            if r.on:
                self.constant += r.weight
                self.terms.extend(-r.weight * v for v in vs)
            else:
                self.terms.extend(r.weight * v for v in vs)

    def _fairness(self) -> None:
        wt = self.problem.weights
        if wt.weekend_fairness:
            for s in self.staff:
                ks = [v for (sid, _k), v in self.weekend.items() if sid == s.id]
                if len(ks) > self.weekend_share:
                    excess = self.m.new_int_var(0, len(ks), f"wex_{s.id}")
                    self.m.add(excess >= sum(ks) - self.weekend_share)
                    self.terms.append(wt.weekend_fairness * excess)
                    share = self.weekend_share
                    self.hints.append(
                        (
                            excess,
                            lambda h, sid=s.id, share=share: max(
                                0, len({self.problem.weekend_index(q[2]) for q in h if q[0] == sid and q[3]}) - share
                            ),
                        )
                    )
        if wt.hours_fairness:
            for s in self.staff:
                if s.target_minutes is None:
                    continue
                mine = self._mine(s)
                total = sum(d.length * v for d, v in mine)
                top = sum(d.length for d, _ in mine) + s.target_minutes
                tol = wt.hours_tolerance_minutes
                dev = self.m.new_int_var(0, top, f"dev_{s.id}")
                self.m.add(dev >= total - s.target_minutes - tol)
                self.m.add(dev >= s.target_minutes - total - tol)
                hours = self.m.new_int_var(0, top // 60 + 1, f"hrs_{s.id}")
                self.m.add(60 * hours >= dev)
                self.terms.append(wt.hours_fairness * hours)
                t = s.target_minutes

                def off(h, sid=s.id, t=t, tol=tol):
                    return max(0, abs(sum(q[4] for q in h if q[0] == sid) - t) - tol)

                self.hints.append((dev, off))
                self.hints.append((hours, lambda h, off=off: math.ceil(off(h) / 60)))

    def _changes_and_travel(self) -> None:
        p = self.problem
        ids = {s.id for s in self.staff}
        staff = {s.id: s for s in self.staff}
        if p.weights.change:
            previous = {(a.staff, a.demand) for a in p.previous if a.staff in ids and a.demand in self._demand}
            for key, v in self.x.items():
                if key in previous:
                    self.constant += p.weights.change
                    self.terms.append(-p.weights.change * v)
                else:
                    self.terms.append(p.weights.change * v)
            self.constant += p.weights.change * sum(1 for key in previous if key not in self.x)
        if p.weights.travel_per_10km:
            for (sid, did), v in self.x.items():
                cost = travel_cost(p, staff[sid], self._demand[did])
                if cost:
                    self.terms.append(cost * v)

    def hint(self, assignments: tuple[Assignment, ...]) -> None:
        # Rows: (staff, demand, day, is_weekend, minutes) of the hinted pairs inside this part.
        rows = set()
        for a in assignments:
            d = self._demand.get(a.demand)
            if d is not None and (a.staff, a.demand) in self.x:
                rows.add((a.staff, a.demand, d.day, self.problem.is_weekend(d.day), d.length))
        pairs = {(r[0], r[1]) for r in rows}
        for v, f in self.hints:
            value = f(pairs) if v.name.startswith("x_") else f(rows)
            self.m.add_hint(v, value)


def _roles(problem: Problem, assignments: list[Assignment]) -> tuple[Assignment, ...]:
    staff = {s.id: s for s in problem.staff}
    on: dict[str, list[str]] = defaultdict(list)
    for a in assignments:
        on[a.demand].append(a.staff)
    out = []
    for d in problem.demands:
        ids = sorted(on.get(d.id, []))
        if not ids:
            continue
        roles = dict.fromkeys(ids, "supervisor")
        if any(c.qualification == VAN_DRIVER for c in d.cover):
            drivers = [i for i in ids if staff[i].has(VAN_DRIVER)]
            if drivers:
                roles[drivers[0]] = "driver"
        rest = [i for i in ids if roles[i] == "supervisor"]
        if any(c.qualification == FEMALE for c in d.cover):
            # A women-only group is led by a woman (a women's group lead first) where one is rostered.
            rest.sort(key=lambda i: (not staff[i].has(FEMALE), not staff[i].has(WOMENS_GROUP_LEAD)))
        if rest:
            roles[rest[0]] = "lead"
        out.extend(Assignment(i, d.id, roles[i]) for i in ids)
    return tuple(out)


def _short(problem: Problem, demands: list[Demand], assignments: tuple[Assignment, ...]) -> bool:
    """Whether a rota leaves any cover line of these demands short."""
    staff = {s.id: s for s in problem.staff}
    on: dict[str, list[Staff]] = defaultdict(list)
    for a in assignments:
        if a.staff in staff:
            on[a.demand].append(staff[a.staff])
    return any(sum(1 for s in on[d.id] if s.has(c.qualification)) < c.required for d in demands for c in d.cover)


def _solver(options: SolveOptions, seconds: float, *, legal_hint: bool = False) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.max_time_in_seconds = seconds
    params.num_workers = max(1, options.workers)
    params.random_seed = options.seed
    params.log_search_progress = options.log
    if options.workers <= 1:
        # One thread: the max_lp worker alone, branching on the LP. Its LP is almost exact on these
        # models and leads the search to a near-optimal rota in 1-4 s of CPU a part; a default worker
        # alone stays near the hint.
        params.linearization_level = 2
        params.search_branching = cp_model.LP_SEARCH
    elif options.workers <= 4:
        # With few workers the default portfolio has no max_lp worker, and the bound stalls (on a
        # 20-supervisor fortnight: bound 19 after 30 s instead of the optimum 71 proven in 0.7 s).
        params.subsolvers.extend(["max_lp", "default_lp"])
    if legal_hint:
        # A complete, legal hint is loaded as CP-SAT's first rota; the hint-repair search that would
        # follow only spends 1-3 s a part finding it again.
        params.hint_conflict_limit = 0
    # Symmetry detection and probing in presolve cost about a second a part and did not shorten the search.
    params.symmetry_level = 0
    params.cp_model_probing_level = 0
    if options.relative_gap:
        params.relative_gap_limit = options.relative_gap
    return solver


@dataclass
class _Part:
    model: _Model
    size: int
    status: str = "UNKNOWN"
    rota: tuple[Assignment, ...] = ()
    objective: int | None = None  # CP-SAT's objective of `rota` (may count slack; evaluate() is exact)
    bound: int | None = None
    stats: dict = field(default_factory=dict)
    legal: bool = False  # whether `rota` keeps every hard rule (then CP-SAT starts from it as it is)

    @property
    def open_gap(self) -> int:
        if self.status != "FEASIBLE" or self.objective is None or self.bound is None:
            return 0
        return max(0, self.objective - self.bound)


class _Watch(cp_model.CpSolverSolutionCallback):
    """Stops a run once it is past its share of the time and within GOOD_ENOUGH_GAP of its bound.

    A part's search is all or nothing at first: the LP leads it from the hint to a near-optimal rota
    in one step, after a few seconds of CPU. Cutting a run at its share before that step (as happens
    when the machine is busy and the wall-clock share buys little CPU) wastes the whole run, so a run
    that is still far from its bound may go on past its share, up to the solver's own time limit.
    """

    def __init__(self, solver: cp_model.CpSolver, share_s: float):
        super().__init__()
        self.solver = solver
        self.objective: float | None = None
        self.bound: float | None = None
        self.timer = threading.Timer(share_s, self._check)
        self.timer.daemon = True
        solver.best_bound_callback = self._on_bound

    def on_solution_callback(self) -> None:
        self.objective = self.objective_value
        self.bound = self.best_objective_bound

    def _on_bound(self, bound: float) -> None:
        self.bound = bound

    def _check(self) -> None:
        objective, bound = self.objective, self.bound
        if objective is not None and bound is not None and objective - bound <= GOOD_ENOUGH_GAP * max(1, objective):
            self.solver.stop_search()
            return
        self.timer = threading.Timer(0.2, self._check)
        self.timer.daemon = True
        self.timer.start()

    def __enter__(self) -> _Watch:
        self.timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self.timer.cancel()


def _run(part: _Part, options: SolveOptions, seconds: float, most_s: float | None = None) -> None:
    """One CP-SAT run of a part, warm-started from its current rota; keeps the best rota and bound.

    The run gets `seconds`, and up to `most_s` while it is not yet within GOOD_ENOUGH_GAP of its bound.
    """
    model = part.model
    model.m.clear_hints()
    model.hint(part.rota)
    seconds = max(0.2, seconds)
    solver = _solver(options, max(seconds, most_s or 0.0), legal_hint=part.legal)
    with _Watch(solver, seconds) as watch:
        status = solver.solve(model.m, watch)
    part.stats["runs"] = part.stats.get("runs", 0) + 1
    part.stats["wall_s"] = round(part.stats.get("wall_s", 0.0) + solver.wall_time, 2)
    if status == cp_model.INFEASIBLE:
        part.status = "INFEASIBLE"
        return
    if math.isfinite(solver.best_objective_bound):
        b = math.ceil(solver.best_objective_bound - 1e-6)
        part.bound = b if part.bound is None else max(part.bound, b)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        value = round(solver.objective_value)
        if part.objective is None or value <= part.objective:
            part.rota = tuple(Assignment(s, d) for (s, d), v in model.x.items() if solver.value(v))
            part.objective = value
            part.legal = True
        part.status = "OPTIMAL" if status == cp_model.OPTIMAL else "FEASIBLE"
    if part.objective is not None and part.bound is not None and part.bound >= part.objective:
        part.status = "OPTIMAL"


def solve(problem: Problem, options: SolveOptions | None = None) -> Solution:
    options = options or SolveOptions()
    started = time.perf_counter()
    hint = tuple(options.hint) if options.hint is not None else greedy(problem)
    hint_legal = not check(problem, hint)
    hint_objective = evaluate(problem, hint)[0]

    pairs = {(s.id, d.id) for s in problem.staff for d in problem.demands if allowed(problem, s, d)}
    groups = _parts(problem, pairs) if options.decompose else [(list(problem.staff), list(problem.demands))]
    share = fair_weekends(problem)
    parts: list[_Part] = []
    # Keep 2% of the time for the explanations at the end; the first round gets 85% of the rest, the
    # second gives what is left to the parts with the largest open gap.
    deadline = started + 0.98 * options.time_limit_s
    first_round = started + 0.85 * 0.98 * options.time_limit_s
    sizes = [max(1, _size(g, pairs)) for g in groups]
    for i, (staff, demands) in enumerate(groups):
        model = _Model(problem, staff, demands, pairs, share)
        model.build()
        budget = max(0.2, (first_round - time.perf_counter()) * sizes[i] / sum(sizes[i:]))
        part_ids = {d.id for d in demands}
        part = _Part(model, sizes[i], rota=tuple(a for a in hint if a.demand in part_ids), legal=hint_legal)
        part.stats = {"staff": len(staff), "demands": len(demands), "pairs": sizes[i], "budget_s": round(budget, 2)}
        phase1_s = 0.0
        cover_phase = bool(options.cover_first) and _short(problem, demands, part.rota)
        if cover_phase:
            # Phase 1: cover only (quick, and it finds rotas that staff every session the greedy misses);
            # its rota becomes the hint of phase 2 when it is better on the full objective.
            outside = [a for a in hint if a.demand not in part_ids]
            model.minimize_cover()
            model.hint(part.rota)
            solver = _solver(options, budget * options.cover_first, legal_hint=part.legal)
            solver.parameters.relative_gap_limit = 0.0
            if solver.solve(model.m) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                found = tuple(Assignment(s, d) for (s, d), v in model.x.items() if solver.value(v))
                if evaluate(problem, outside + list(found))[0] < evaluate(problem, outside + list(part.rota))[0]:
                    part.rota, part.legal = found, True
            phase1_s = solver.wall_time
            model.minimize_all()
        part.stats.update(cover_phase=cover_phase, cover_phase_s=round(phase1_s, 2))
        most = min(OVERRUN * budget, deadline - time.perf_counter()) - phase1_s
        _run(part, options, budget - phase1_s, most)
        parts.append(part)

    # Second round: first the parts that have no CP-SAT rota yet (on a busy machine the first round can
    # run out before it reaches them), sharing the time left equally; then what is left goes to the
    # parts furthest from their bound, in proportion to the open gap (time a part does not use passes
    # on to the next).
    unsolved = [p for p in parts if p.objective is None and p.status != "INFEASIBLE"]
    for i, p in enumerate(unsolved):
        left = deadline - time.perf_counter()
        if left <= 0.5:
            break
        _run(p, options, left / (len(unsolved) - i), left)
    open_parts = sorted(
        (p for p in parts if p.open_gap > options.relative_gap * max(1, p.objective or 0)), key=lambda p: -p.open_gap
    )
    total = sum(p.open_gap for p in open_parts)
    for p in open_parts:
        left = deadline - time.perf_counter()
        if left <= 0.5:
            break
        gap = p.open_gap
        _run(p, options, left * gap / total)
        total -= gap

    chosen: list[Assignment] = []
    statuses: list[str] = []
    part_stats: list[dict] = []
    bound: int | None = 0
    for p in parts:
        statuses.append(p.status)
        chosen.extend(p.rota)
        part_stats.append({**p.stats, "status": p.status, "objective": p.objective, "bound": p.bound})
        if bound is not None and p.status != "INFEASIBLE":
            bound = None if p.bound is None else bound + p.bound

    if all(s == "OPTIMAL" for s in statuses):
        status = "OPTIMAL"
    elif "INFEASIBLE" in statuses:
        status = "INFEASIBLE"
    elif all(s in ("OPTIMAL", "FEASIBLE") for s in statuses):
        status = "FEASIBLE"
    else:
        status = "UNKNOWN"
    if status == "UNKNOWN" and not check(problem, chosen):
        status = "FEASIBLE"  # the parts without a CP-SAT rota kept their (legal) hint
    objective, penalties = evaluate(problem, chosen)
    if hint_legal and (status not in ("OPTIMAL", "FEASIBLE") or hint_objective < objective):
        if status not in ("OPTIMAL", "FEASIBLE"):
            status = "GREEDY"
        chosen = list(hint)
        objective, penalties = evaluate(problem, chosen)
    if status == "INFEASIBLE":
        bound = None
    if status == "OPTIMAL" and bound is not None and objective > bound:
        status = "FEASIBLE"  # the parts stopped within options.relative_gap: not proven optimal
    legal = status in ("OPTIMAL", "FEASIBLE", "GREEDY")
    assignments = _roles(problem, chosen)
    return Solution(
        assignments=assignments,
        status=status,
        objective=objective if legal else None,
        bound=bound if legal else None,
        wall_s=time.perf_counter() - started,
        penalties=penalties,
        shortfalls=tuple(explain(problem, assignments if legal else None)),
        changes=changes(problem, assignments),
        hint_objective=hint_objective if hint_legal else None,
        parts=len(parts),
        part_stats=tuple(part_stats),
        diagnosis=tuple(diagnose(problem)) if status == "INFEASIBLE" else (),
    )
