"""The benchmark core (used by `python -m scheduler.rota bench` and `manage.py bench_rota`)."""

from __future__ import annotations

import os
import time
from typing import Any

from .checker import check
from .model import SolveOptions
from .solver import solve
from .synthetic import generate


def bench(
    supervisors: int,
    weeks: int,
    *,
    seed: int = 1,
    time_limit_s: float = 58.0,
    relative_gap: float = 0.01,
    workers: int = 2,
) -> dict[str, Any]:
    """Generate a synthetic region, solve it, check it. Returns the figures the bench commands print.

    `wall_s` covers generation, solving (greedy hint, model building, CP-SAT) and nothing else; `bound`
    is CP-SAT's proven lower bound on the objective (summed over the independent parts), and
    gap = (objective - bound) / objective. `violations` counts hard-rule breaches found by the checker.
    `cpu_s` is the CPU time the process got (all threads) and `load_avg` the machine's one-minute load
    average before and after: on a shared machine they say how much of the wall time was spent waiting.
    """
    load_before = os.getloadavg()[0]
    started, cpu_started = time.perf_counter(), time.process_time()
    problem = generate(supervisors, weeks, seed=seed)
    options = SolveOptions(time_limit_s=time_limit_s, relative_gap=relative_gap, seed=seed, workers=workers)
    solution = solve(problem, options)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    load_after = os.getloadavg()[0]
    violations = check(problem, solution.assignments)
    return {
        "supervisors": supervisors,
        "weeks": weeks,
        "days": problem.days,
        "demands": len(problem.demands),
        "seed": seed,
        "time_limit_s": time_limit_s,
        "relative_gap_limit": relative_gap,
        "workers": workers,
        "cores": os.cpu_count(),
        "load_avg": [round(load_before, 2), round(load_after, 2)],
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "status": solution.status,
        "objective": solution.objective,
        "bound": solution.bound,
        "gap": None if solution.gap is None else round(solution.gap, 4),
        "hint_objective": solution.hint_objective,
        "violations": len(violations),
        "shortfalls": len(solution.shortfalls),
        "parts": solution.parts,
        "penalties": dict(solution.penalties),
        "part_stats": [dict(p) for p in solution.part_stats],
    }


def format_row(r: dict[str, Any]) -> str:
    gap = "-" if r["gap"] is None else f"{100 * r['gap']:.1f}%"
    return (
        f"{r['supervisors']:>4} supervisors {r['weeks']} weeks ({r['demands']} sessions, {r['parts']} parts), "
        f"{r['workers']} worker(s), load {r['load_avg'][0]}-{r['load_avg'][1]}: "
        f"wall {r['wall_s']:.1f} s (cpu {r['cpu_s']:.1f} s), {r['status']}, "
        f"objective {r['objective']}, bound {r['bound']}, gap {gap}, "
        f"greedy {r['hint_objective']}, violations {r['violations']}, shortfalls {r['shortfalls']}"
    )
