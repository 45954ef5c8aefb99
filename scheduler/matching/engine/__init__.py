"""The matching engine: people on probation into Unpaid Work sessions. Pure Python, no Django.

Public API (what the Django adapter calls):

* `solve(problem, options) -> MatchResult`: allocations, an explanation per person, statistics.
* `check_plan(problem, allocations) -> list[str]`: every hard-rule violation (the independent checker).
* `check_placement(problem, allocations, person_id, session_id) -> list[str]`: why a hand edit is refused.
* `greedy_baseline(problem) -> MatchResult`: what a coordinator would do by hand.
* `upper_bound(problem) -> Bound`: bounds on the hours any plan could place (and, with an LP time limit,
  the LP relaxation bound of the objective itself).
* `objective_bound(problem) -> float | None`: the LP relaxation bound on the engine's own objective.
* `rank_placements(problem, pairs) -> Ranking`: one placement at a time, checked by `check_placement`
  and ranked by the engine's own points (who could fill a place; what a person could do).
* `session_places(session, rules) -> int`: the most people a session may hold (capacity, group size,
  supervisors x people per supervisor, close supervision).
* The dataclasses of `model`: Problem, Person, Session, ExclusionZone, Allocation, Rules, Weights,
  SolverOptions, MatchResult, Explanation, SolveStats.
"""

from .bounds import Bound, objective_bound, upper_bound
from .candidates import session_places
from .checker import check_placement, check_plan
from .model import (
    Allocation,
    ExclusionZone,
    Explanation,
    MatchResult,
    Person,
    Problem,
    Rules,
    Session,
    SolverOptions,
    SolveStats,
    Weights,
)
from .ranking import RankedPlacement, Ranking, rank_placements
from .solver import greedy_baseline, solve

__all__ = [
    "Allocation",
    "Bound",
    "ExclusionZone",
    "Explanation",
    "MatchResult",
    "Person",
    "Problem",
    "RankedPlacement",
    "Ranking",
    "Rules",
    "Session",
    "SolveStats",
    "SolverOptions",
    "Weights",
    "check_placement",
    "check_plan",
    "greedy_baseline",
    "objective_bound",
    "rank_placements",
    "session_places",
    "solve",
    "upper_bound",
]
