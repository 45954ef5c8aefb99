"""The benchmark core (used by `python -m scheduler.rota bench` and `manage.py bench_rota`)."""

from __future__ import annotations

import time
from typing import Any

from .checker import check
from .model import SolveOptions
from .solver import solve
from .synthetic import generate


def bench(
    supervisors: int, weeks: int, *, seed: int = 1, time_limit_s: float = 58.0, relative_gap: float = 0.01
) -> dict[str, Any]:
    """Generate a synthetic region, solve it, check it. Returns the figures the bench commands print.

    `wall_s` covers generation, solving (greedy hint, model building, CP-SAT) and nothing else; `bound`
    is CP-SAT's proven lower bound on the objective (summed over the independent parts), and
    gap = (objective - bound) / objective. `violations` counts hard-rule breaches found by the checker.
    """
    started = time.perf_counter()
    problem = generate(supervisors, weeks, seed=seed)
    solution = solve(problem, SolveOptions(time_limit_s=time_limit_s, relative_gap=relative_gap, seed=seed))
    wall = time.perf_counter() - started
    violations = check(problem, solution.assignments)
    return {
        "supervisors": supervisors,
        "weeks": weeks,
        "days": problem.days,
        "demands": len(problem.demands),
        "seed": seed,
        "time_limit_s": time_limit_s,
        "wall_s": round(wall, 2),
        "status": solution.status,
        "objective": solution.objective,
        "bound": solution.bound,
        "gap": None if solution.gap is None else round(solution.gap, 4),
        "hint_objective": solution.hint_objective,
        "violations": len(violations),
        "shortfalls": len(solution.shortfalls),
        "parts": solution.parts,
        "penalties": dict(solution.penalties),
    }


def format_row(r: dict[str, Any]) -> str:
    gap = "-" if r["gap"] is None else f"{100 * r['gap']:.1f}%"
    return (
        f"{r['supervisors']:>4} supervisors {r['weeks']} weeks ({r['demands']} sessions, {r['parts']} parts): "
        f"wall {r['wall_s']:.1f} s, {r['status']}, objective {r['objective']}, bound {r['bound']}, gap {gap}, "
        f"greedy {r['hint_objective']}, violations {r['violations']}, shortfalls {r['shortfalls']}"
    )
