"""The rota engine: supervisors onto sessions (employee rostering). Pure Python + OR-Tools, no Django.

Public API (stable; what the Django adapter calls):

* `solve(problem: Problem, options: SolveOptions | None = None) -> Solution`
  CP-SAT with a time limit, >= 2 workers, a complete greedy (or previous-rota) hint, decomposition into
  independent parts; returns assignments (who works which demand), objective, proven bound, penalties
  by term, shortfalls (with reasons and suggestions) and the number of changes from `problem.previous`.
* `check(problem: Problem, assignments: Iterable[Assignment]) -> list[Violation]`
  The independent checker: every hard-rule violation (written apart from the solver's constraints).
* `explain(problem: Problem, assignments: Iterable[Assignment] | None = None) -> list[Shortfall]`
  Which demands are (or, with no rota, cannot be) covered, why (nobody qualified, on leave, rest rule,
  busy elsewhere, hours used up, too far) and what to do (merge, cancel, overtime).
* `diagnose(problem) -> list[str]`: when no rota keeps every hard rule (status INFEASIBLE), which rules
  clash (a fixed assignment on leave, minimum minutes beyond what can be rostered...); also in
  `Solution.diagnosis`.
* `evaluate(problem, assignments) -> tuple[int, dict[str, int]]`: the objective of any rota, by term.
* `greedy(problem) -> tuple[Assignment, ...]`: a rota that respects every hard rule (the hint).
* Sessions into demands: `SessionSpec`, `demands_from_sessions(sessions, start_date=...)`,
  `supervisors_needed(attendees, ratio)`.
* JSON: `problem_from_dict`, `problem_to_dict`, `solution_to_dict`, `solution_from_dict`,
  `load_problem(path)`, `dump_problem(problem, path)`; schemas in `scheduler/rota/engine/schema/`.
* Benchmark instances: `parse_ssb(text) -> Problem` reads the Shift Scheduling Benchmark text format.
* The dataclasses of `model`: Problem, Staff, Demand, Cover, ShiftType, Request, Assignment, Rules,
  Weights, SolveOptions, Solution, Shortfall, Violation; constants FEMALE, VAN_DRIVER.
"""

from .checker import check
from .evaluate import evaluate
from .explain import diagnose, explain
from .greedy import greedy
from .jsonio import (
    dump_problem,
    load_problem,
    problem_from_dict,
    problem_to_dict,
    solution_from_dict,
    solution_to_dict,
)
from .model import (
    FEMALE,
    VAN_DRIVER,
    WOMENS_GROUP_LEAD,
    Assignment,
    Cover,
    Demand,
    Problem,
    Request,
    Rules,
    ShiftType,
    Shortfall,
    Solution,
    SolveOptions,
    Staff,
    Violation,
    Weights,
)
from .sessions import SessionSpec, demands_from_sessions, supervisors_needed
from .solver import solve
from .ssb import parse_ssb

__all__ = [
    "FEMALE",
    "VAN_DRIVER",
    "WOMENS_GROUP_LEAD",
    "Assignment",
    "Cover",
    "Demand",
    "Problem",
    "Request",
    "Rules",
    "SessionSpec",
    "ShiftType",
    "Shortfall",
    "Solution",
    "SolveOptions",
    "Staff",
    "Violation",
    "Weights",
    "check",
    "demands_from_sessions",
    "diagnose",
    "dump_problem",
    "evaluate",
    "explain",
    "greedy",
    "load_problem",
    "parse_ssb",
    "problem_from_dict",
    "problem_to_dict",
    "solution_from_dict",
    "solution_to_dict",
    "solve",
    "supervisors_needed",
]
