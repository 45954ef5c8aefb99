"""Engine benchmark on a synthetic instance (no database):

    python -m scheduler.matching bench --people 5000 --sessions 500 --seed 1 [--time-limit 30] [--lp]

Prints wall time, peak memory (tracemalloc: Python and numpy allocations), hours placed, the upper bound,
the greedy baseline (full candidate set) and the violations the independent checker finds.
"""

from __future__ import annotations

import argparse
import resource
import time
import tracemalloc

from . import SolverOptions, check_plan, greedy_baseline, solve, upper_bound
from .synthetic import generate


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scheduler.matching")
    sub = parser.add_subparsers(dest="command", required=True)
    bench = sub.add_parser("bench")
    bench.add_argument("--people", type=int, default=5000)
    bench.add_argument("--sessions", type=int, default=None)
    bench.add_argument("--seed", type=int, default=1)
    bench.add_argument("--time-limit", type=float, default=30.0)
    bench.add_argument("--lp", action="store_true", help="also compute the LP-relaxation bound (slow when large)")
    args = parser.parse_args(argv)

    problem = generate(args.people, args.sessions, seed=args.seed)
    print(f"instance: {len(problem.people)} people, {len(problem.sessions)} sessions, seed {args.seed}")
    tracemalloc.start()
    started = time.perf_counter()
    result = solve(problem, SolverOptions(time_limit_s=args.time_limit))
    wall = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    greedy = greedy_baseline(problem)
    bound = upper_bound(problem, lp_time_limit_s=args.time_limit if args.lp else 0)
    violations = check_plan(problem, result.allocations)
    greedy_violations = check_plan(problem, greedy.allocations)
    s = result.stats
    hours, bound_h, greedy_h = s.minutes_placed / 60, bound.minutes / 60, greedy.stats.minutes_placed / 60
    print(
        f"engine: {s.method} ({s.status}), wall {wall:.1f} s (candidates {s.candidates_s:.1f} s, "
        f"solve {s.solve_s:.1f} s), arcs {s.arcs}"
    )
    print(f"peak memory: {peak / 2**20:.0f} MiB traced, {rss:.0f} MiB max RSS (whole process)")
    print(
        f"hours placed: {hours:.1f}; bound {bound_h:.1f} (supply {bound.supply_minutes / 60:.1f}, demand "
        f"{bound.demand_minutes / 60:.1f}, LP {'-' if bound.lp_minutes is None else f'{bound.lp_minutes / 60:.1f}'})"
        f" = {100 * hours / bound_h if bound_h else 100:.2f}% of bound"
    )
    print(
        f"greedy: {greedy_h:.1f} hours, objective {greedy.stats.objective:.0f}; engine objective "
        f"{s.objective:.0f} ({100 * (s.objective / greedy.stats.objective - 1) if greedy.stats.objective else 0:+.1f}%)"
        f"{'' if s.objective_bound is None else f', MIP bound {s.objective_bound:.0f}'}"
    )
    placed = sum(1 for e in result.explanations.values() if e.placed)
    print(f"people placed: {placed} (greedy {sum(1 for e in greedy.explanations.values() if e.placed)})")
    print(f"violations: engine {len(violations)}, greedy {len(greedy_violations)}")
    for v in violations[:10]:
        print("  ", v)
    return 1 if violations else 0


if __name__ == "__main__":
    raise SystemExit(main())
