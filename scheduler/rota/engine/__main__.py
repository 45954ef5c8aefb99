"""Command line:

    python -m scheduler.rota solve problem.json [--time-limit 30] [--workers 2] [--json]
    python -m scheduler.rota generate --supervisors 150 --weeks 4 [--seed 1] > problem.json
    python -m scheduler.rota check problem.json solution.json
    python -m scheduler.rota convert-ssb Instance1.txt > instance1.json
    python -m scheduler.rota bench --supervisors 150 --weeks 4 [--workers 1] [--gap 0.01] [--time-limit 60] [--json]

`solve` accepts the JSON format (schema/problem.schema.json) or a Shift Scheduling Benchmark .txt
instance. It prints the rota, the objective, the proven bound and the gap (with --json, the solution
as schema/solution.schema.json).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .bench import bench, format_row
from .checker import check
from .jsonio import load_problem, problem_to_dict, solution_from_dict, solution_to_dict
from .model import Problem, SolveOptions
from .solver import solve
from .ssb import parse_ssb
from .synthetic import generate


def _load(path: str) -> Problem:
    text = Path(path).read_text()
    if text.lstrip().startswith(("{", "[")):
        return load_problem(path)
    return parse_ssb(text, name=Path(path).stem)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scheduler.rota")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("solve", help="solve a problem (JSON or SSB .txt)")
    p.add_argument("problem")
    p.add_argument("--time-limit", type=float, default=30.0)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--json", action="store_true", help="print the solution as JSON")
    g = sub.add_parser("generate", help="print a synthetic region as JSON")
    g.add_argument("--supervisors", type=int, default=60)
    g.add_argument("--weeks", type=int, default=4)
    g.add_argument("--seed", type=int, default=1)
    c = sub.add_parser("check", help="count hard-rule violations of a solution")
    c.add_argument("problem")
    c.add_argument("solution")
    v = sub.add_parser("convert-ssb", help="print an SSB .txt instance as JSON")
    v.add_argument("instance")
    b = sub.add_parser("bench", help="solve a synthetic region and print the figures")
    b.add_argument("--supervisors", type=int, default=150)
    b.add_argument("--weeks", type=int, default=4)
    b.add_argument("--seed", type=int, default=1)
    b.add_argument("--time-limit", type=float, default=58.0)
    b.add_argument("--workers", type=int, default=2)
    b.add_argument("--gap", type=float, default=0.01)
    b.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    if args.command == "generate":
        json.dump(problem_to_dict(generate(args.supervisors, args.weeks, seed=args.seed)), sys.stdout, indent=1)
        print()
        return 0
    if args.command == "convert-ssb":
        json.dump(problem_to_dict(_load(args.instance)), sys.stdout, indent=1)
        print()
        return 0
    if args.command == "check":
        problem = _load(args.problem)
        solution = solution_from_dict(json.loads(Path(args.solution).read_text()))
        violations = check(problem, solution.assignments)
        for x in violations:
            print(f"{x.rule}: {x.message}")
        print(f"{len(violations)} violation(s)")
        return 1 if violations else 0
    if args.command == "bench":
        row = bench(
            args.supervisors,
            args.weeks,
            seed=args.seed,
            time_limit_s=args.time_limit,
            relative_gap=args.gap,
            workers=args.workers,
        )
        print(json.dumps(row) if args.json else format_row(row))
        return 0

    problem = _load(args.problem)
    solution = solve(problem, SolveOptions(time_limit_s=args.time_limit, workers=args.workers, seed=args.seed))
    if args.json:
        json.dump(solution_to_dict(solution), sys.stdout, indent=1)
        print()
        return 0 if solution.feasible else 2
    by_demand = solution.by_demand()
    demands = {d.id: d for d in problem.demands}
    for d in sorted(demands.values(), key=lambda d: (d.day, d.start, d.id)):
        names = ", ".join(sorted(by_demand.get(d.id, []))) or "-"
        print(f"day {d.day:>3} {d.start // 60:02d}:{d.start % 60:02d} {d.label or d.id}: {names}")
    for f in solution.shortfalls:
        print(
            f"SHORT {f.demand} ({f.qualification or 'head count'}): {f.assigned}/{f.required}; {'; '.join(f.reasons)}"
        )
        print(f"      suggest: {'; '.join(f.suggestions)}")
    gap = "-" if solution.gap is None else f"{100 * solution.gap:.2f}%"
    print(f"status {solution.status}; objective {solution.objective}; bound {solution.bound}; gap {gap}")
    print("penalties: " + ", ".join(f"{k} {v}" for k, v in solution.penalties.items() if v))
    return 0 if solution.feasible else 2


if __name__ == "__main__":
    raise SystemExit(main())
