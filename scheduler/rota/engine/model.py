"""The rota engine's input and output: plain dataclasses, no Django.

The model is the standard employee-rostering model (Curtois and Qu's *Shift Scheduling Benchmark*,
"nurse rostering") generalised from "days x shift types" cells to **demands**:

* A `Demand` is one thing to staff on one day: a session at a site (product) or a (day, shift type)
  cell (benchmark). It has a start and length (minutes), an optional shift type, and `cover`: the
  number of staff required overall and with given qualifications, each with weights per person under
  and over. Staff are assigned to demands (`Assignment(staff, demand)`), so the product knows who
  supervises which session.
* A `Staff` member works **at most one demand a day**. Hard rules per staff member (all optional):
  `days_off` (leave, sickness, non-working days), `min_minutes`/`max_minutes` over the horizon,
  `max_minutes_per_week` (Monday-to-Sunday weeks, as `Problem.week_index`),
  `max_shifts` per shift type, `max_consecutive_days`, `min_consecutive_days`,
  `min_consecutive_days_off`, `max_weekends` (a weekend is worked if Saturday or Sunday is worked),
  `max_travel_km` from the home office (`lat`/`lon`) to a demand's site.
* A demand's `excluded_staff` may not work it (hard).
* Rest: between a demand on day d and one on day d+1 there must be `Rules.min_rest_minutes` (11 h by
  default), and `ShiftType.forbidden_next` lists shift types that may not be worked the day after.
* Consecutive-run rules follow the benchmark's convention: a run of working days (or days off) that
  touches the start or end of the horizon is not held to the *minimum* length (it may continue
  outside the horizon); the *maximum* applies to every window inside the horizon.
* Soft (the objective, all integers): cover under/over weights per person, shift-on and shift-off
  `Request` weights, fairness (weekends beyond the fair share, hours away from `Staff.target_minutes`),
  changes from a `previous` rota (repair after sickness or leave), travel.
* Qualification `FEMALE` ("female") is satisfied by staff whose `gender` is "female"; any other
  qualification code must be in `Staff.qualifications`. A cover line with `qualification=None` counts
  everyone assigned.

Ids are strings. Days are integers 0..days-1; `Problem.first_weekday` says which weekday day 0 is
(0 = Monday). Times are minutes from midnight of the demand's day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

FEMALE = "female"
VAN_DRIVER = "van-driver"
WOMENS_GROUP_LEAD = "womens-group-lead"
SATURDAY, SUNDAY = 5, 6
DEFAULT_REST_MINUTES = 11 * 60


@dataclass(frozen=True, slots=True)
class ShiftType:
    """A kind of shift (benchmark) or of session; demands may refer to one by id."""

    id: str
    start: int = 9 * 60  # minutes from midnight
    length: int = 8 * 60  # minutes
    forbidden_next: tuple[str, ...] = ()  # shift types that may not be worked the day after this one


@dataclass(frozen=True, slots=True)
class Cover:
    """At least `required` staff (with `qualification`, if given) should work the demand.

    Each person short costs `under_weight`; each person over costs `over_weight` (over is counted only
    on the line with `qualification=None`, the head count).
    """

    required: int
    qualification: str | None = None
    under_weight: int = 100
    over_weight: int = 0


@dataclass(frozen=True, slots=True)
class Demand:
    """One session (or one day-shift cell) to staff."""

    id: str
    day: int
    start: int  # minutes from midnight
    length: int  # minutes
    cover: tuple[Cover, ...]
    shift_type: str | None = None
    max_staff: int | None = None  # hard cap on the head count
    lat: float | None = None
    lon: float | None = None
    label: str = ""
    # Hard: staff who may not work this demand (e.g. someone on the session may not be supervised by a
    # man, so the male supervisors are listed here).
    excluded_staff: frozenset[str] = frozenset()

    @property
    def end(self) -> int:
        return self.start + self.length

    @property
    def headcount(self) -> int:
        """The head count the cover asks for (the largest requirement)."""
        return max((c.required for c in self.cover), default=0)


@dataclass(frozen=True, slots=True)
class Staff:
    id: str
    label: str = ""
    gender: str = ""
    qualifications: frozenset[str] = frozenset()
    min_minutes: int = 0
    max_minutes: int | None = None
    max_minutes_per_week: int | None = None  # per Monday-to-Sunday week (e.g. 48 h, or contract + overtime)
    target_minutes: int | None = None  # fair share of hours, for the fairness term
    max_shifts: Mapping[str, int] = field(default_factory=dict)  # per shift type id
    max_consecutive_days: int | None = None
    min_consecutive_days: int = 1
    min_consecutive_days_off: int = 1
    max_weekends: int | None = None
    days_off: frozenset[int] = frozenset()  # hard: leave, sickness, days not worked
    lat: float | None = None
    lon: float | None = None
    max_travel_km: float | None = None

    def has(self, qualification: str | None) -> bool:
        if qualification is None:
            return True
        if qualification == FEMALE:
            return self.gender == FEMALE
        return qualification in self.qualifications


@dataclass(frozen=True, slots=True)
class Request:
    """A wish to work (`on=True`) or not to work (`on=False`) on a day.

    It applies to the demands of that day with the given `shift_type` (or the given `demand`; or any
    demand of the day when both are None). The weight is paid when the wish is not met.
    """

    staff: str
    day: int
    weight: int = 1
    on: bool = True
    shift_type: str | None = None
    demand: str | None = None


@dataclass(frozen=True, slots=True)
class Assignment:
    staff: str
    demand: str
    role: str = ""  # filled in by the solver: "driver", "female", "lead" or "" (informative only)


@dataclass(frozen=True, slots=True)
class Rules:
    min_rest_minutes: int = DEFAULT_REST_MINUTES  # between a demand and the next day's demand


@dataclass(frozen=True, slots=True)
class Weights:
    """Weights of the soft terms that are not carried by the demands and requests."""

    weekend_fairness: int = 0  # per weekend a person works beyond the fair share (rounded up)
    hours_fairness: int = 0  # per hour a person's minutes are away from their target_minutes...
    hours_tolerance_minutes: int = 0  # ...beyond this tolerance (e.g. half a session)
    change: int = 0  # per assignment added or removed relative to Problem.previous
    travel_per_10km: int = 0  # per 10 km from home office to site, per assignment


@dataclass(frozen=True, slots=True)
class Problem:
    days: int
    staff: tuple[Staff, ...]
    demands: tuple[Demand, ...]
    shift_types: tuple[ShiftType, ...] = ()
    requests: tuple[Request, ...] = ()
    previous: tuple[Assignment, ...] = ()  # the published rota being repaired (soft: Weights.change)
    fixed: tuple[Assignment, ...] = ()  # must stay (hard)
    rules: Rules = Rules()
    weights: Weights = Weights()
    first_weekday: int = 0  # weekday of day 0, 0 = Monday
    start_date: dt.date | None = None  # informative: the date of day 0
    name: str = ""

    def weekday(self, day: int) -> int:
        return (self.first_weekday + day) % 7

    def is_weekend(self, day: int) -> bool:
        return self.weekday(day) in (SATURDAY, SUNDAY)

    def weekend_index(self, day: int) -> int | None:
        """Weekends numbered by the (Monday-based) week they fall in; None on weekdays."""
        if not self.is_weekend(day):
            return None
        return (self.first_weekday + day) // 7

    def week_index(self, day: int) -> int:
        """Monday-to-Sunday weeks numbered from 0 (the week of day 0)."""
        return (self.first_weekday + day) // 7

    def date_of(self, day: int) -> dt.date | None:
        return None if self.start_date is None else self.start_date + dt.timedelta(days=day)


@dataclass(frozen=True, slots=True)
class SolveOptions:
    time_limit_s: float = 30.0
    workers: int = 2
    seed: int = 0
    decompose: bool = True  # solve independent parts (staff who can share no demand) separately
    hint: tuple[Assignment, ...] | None = None  # a starting rota; default: previous, completed greedily
    relative_gap: float = 0.0  # stop when the gap is below this (0: run to optimality or time limit)
    cover_first: float = 0.25  # share of each part's time for a cover-only first phase (0: none)
    log: bool = False


@dataclass(frozen=True, slots=True)
class Violation:
    """A hard-rule violation found by the checker."""

    rule: str
    message: str
    staff: str | None = None
    demand: str | None = None
    day: int | None = None


@dataclass(frozen=True, slots=True)
class Shortfall:
    """A demand not covered as asked: who is missing, why, and what the coordinator could do."""

    demand: str
    day: int
    qualification: str | None
    required: int
    assigned: int
    reasons: tuple[str, ...] = ()
    suggestions: tuple[str, ...] = ()

    @property
    def missing(self) -> int:
        return max(0, self.required - self.assigned)


@dataclass(frozen=True, slots=True)
class Solution:
    """The rota and how good it is. `objective` counts every soft term; `bound` is a proven lower bound
    on the objective of any rota (None if unknown); gap = (objective - bound) / max(1, objective)."""

    assignments: tuple[Assignment, ...]
    status: str  # OPTIMAL, FEASIBLE, INFEASIBLE, UNKNOWN, MODEL_INVALID, GREEDY
    objective: int | None
    bound: int | None
    wall_s: float
    penalties: Mapping[str, int] = field(default_factory=dict)  # objective by term
    shortfalls: tuple[Shortfall, ...] = ()
    changes: int = 0  # assignments added or removed relative to Problem.previous
    hint_objective: int | None = None  # objective of the starting rota (greedy or previous)
    parts: int = 1  # independent sub-problems solved
    part_stats: tuple[Mapping[str, object], ...] = ()  # per part: size, status, objective, bound, time
    diagnosis: tuple[str, ...] = ()  # when INFEASIBLE: the hard rules that clash (explain.diagnose)

    @property
    def gap(self) -> float | None:
        if self.objective is None or self.bound is None:
            return None
        return max(0.0, (self.objective - self.bound) / max(1, abs(self.objective)))

    @property
    def feasible(self) -> bool:
        return self.status in ("OPTIMAL", "FEASIBLE", "GREEDY")

    def by_demand(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for a in self.assignments:
            out.setdefault(a.demand, []).append(a.staff)
        return out
