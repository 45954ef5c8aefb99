"""The engine's input and output: plain dataclasses, no Django.

Time is kept in minutes everywhere. The Django adapter builds a `Problem` from the database and
turns a `MatchResult` back into proposed allocations; nothing here knows about models or queries.

Rules the dataclasses carry (domain.md is authoritative):

* `Person.minutes_left` is what may still be planned: minutes ordered - credited - already planned.
  **Hours-left rule**: the credited minutes the plan gives a person must not exceed `minutes_left`,
  except that a person with some minutes left may be given **one single session** longer than what is
  left (they leave when their hours are done; only `min(length, minutes_left)` counts as hours placed).
  The engine, the greedy baseline and the checker all apply exactly this rule.
* Weekly maximum per ISO week: `Person.weekly_max_minutes` (or the rules' standard / intensive
  default), counting `planned_minutes_by_week` (minutes already planned or worked in that week).
* One session a day: `Person.busy_dates` are the dates already planned for the person elsewhere.
* Gender: only `"female"` counts as a woman for women-only sessions and for the "never the only
  woman in a mixed group" rule. Other values (male, non_binary, not_stated) do not.
* Supervisor gender: `Session.supervisor_genders` is the set of genders of the rostered supervisors.
  An empty set means nobody is rostered yet (unknown): the restriction cannot be judged, so it is
  allowed, and the roster must respect it when supervisors are assigned.
* Places on a session: its capacity; on a probation-supervised (group) session also at most
  `Rules.group_size` and at most `supervisors * people_per_supervisor` when both are known; and at most
  `Rules.close_supervision_group_size` once anyone needing close supervision is on it. People needing
  close supervision go only to group sessions (a probation supervisor on site).
* Placement preference: a woman who chose a female-only group goes to a women-only or an individual
  session; a woman who chose an individual placement goes to an individual placement only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

FEMALE = "female"
FULL_AVAILABILITY = (1 << 21) - 1

# Placement preferences and project kinds, as in upw.models / partners.models.
MIXED_GROUP = "mixed_group"
FEMALE_ONLY = "female_only"
INDIVIDUAL = "individual"
GROUP = "group"

NOT_MALE = "not_male"
NOT_FEMALE = "not_female"


@dataclass(frozen=True, slots=True)
class ExclusionZone:
    """No placement at a site within radius_km of this point (victim exclusion zone)."""

    lat: float
    lon: float
    radius_km: float
    label: str = ""


@dataclass(frozen=True, slots=True)
class Person:
    id: int
    lat: float
    lon: float
    minutes_left: int
    deadline: dt.date
    label: str = ""  # the CRN, for messages
    eligible: bool = True  # False until induction is done: not matched
    availability_mask: int = FULL_AVAILABILITY  # bit weekday * 3 + part (0 morning, 1 afternoon, 2 evening)
    gender: str = "male"
    placement_preference: str = MIXED_GROUP  # mixed_group, female_only or individual
    skills: frozenset[str] = frozenset()
    # Restrictions (domain.md "Risk and restrictions", "Health").
    no_children: bool = False
    no_vulnerable_adults: bool = False
    not_public_facing: bool = False
    individual_only: bool = False
    unsuitable_for_individual: bool = False
    no_heavy_work: bool = False
    needs_accessible_site: bool = False
    supervisor_gender_restriction: str = ""  # "", not_male or not_female
    close_supervision: bool = False  # a probation-supervised group no larger than the rules' close-supervision size
    exclusion_zones: tuple[ExclusionZone, ...] = ()
    max_travel_km: float = 15.0
    # Pace.
    intensive: bool = False
    weekly_max_minutes: int | None = None  # None: the rules' standard or intensive maximum
    planned_minutes_by_week: Mapping[tuple[int, int], int] = field(default_factory=dict)  # (ISO year, week)
    busy_dates: frozenset[dt.date] = frozenset()
    # Urgency inputs.
    ordered_minutes: int = 0
    credited_minutes: int = 0
    sentence_date: dt.date | None = None
    awaiting_first_session: bool = False
    # A session of theirs was stood down lately (UPW_STOOD_DOWN_PRIORITY_DAYS): they lost a day's work
    # through no fault of their own, so they are offered first.
    stood_down_recently: bool = False
    last_project_id: int | None = None

    @property
    def is_woman(self) -> bool:
        return self.gender == FEMALE


@dataclass(frozen=True, slots=True)
class Session:
    id: int
    project_id: int
    lat: float
    lon: float
    date: dt.date
    start: dt.time
    end: dt.time
    capacity: int
    label: str = ""
    break_minutes: int = 0  # the project's unpaid break, taken off the time on site
    taken: int = 0  # places already taken (allocations outside this plan)
    allocated_person_ids: frozenset[int] = frozenset()  # who holds those places, for non-associations
    women_already: int = 0  # how many of them are women
    kind: str = GROUP  # group or individual (induction sessions are never given to the engine)
    skills: frozenset[str] = frozenset()
    involves_children: bool = False
    involves_vulnerable_adults: bool = False
    public_facing: bool = False
    heavy_work: bool = False
    accessible_site: bool = False
    women_only: bool = False
    supervisor_genders: frozenset[str] = frozenset()
    close_supervision_already: int = 0  # how many of the places taken are held by people needing close supervision
    # Group sessions: the supervisors rostered (or, before a rota, expected) and how many people each may
    # oversee; 0 means not known (no limit from supervisors). Partner-supervised placements leave both 0.
    supervisors: int = 0
    people_per_supervisor: int = 0

    @property
    def credited_minutes(self) -> int:
        duration = (self.end.hour * 60 + self.end.minute) - (self.start.hour * 60 + self.start.minute)
        return max(duration - self.break_minutes, 0)

    @property
    def is_individual(self) -> bool:
        return self.kind == INDIVIDUAL

    @property
    def iso_week(self) -> tuple[int, int]:
        year, week, _ = self.date.isocalendar()
        return (year, week)


@dataclass(frozen=True, slots=True)
class Rules:
    """Hard-rule settings (domain.md calls them settings; these are the defaults)."""

    standard_weekly_max_minutes: int = 21 * 60
    intensive_weekly_max_minutes: int = 28 * 60
    women_never_only_woman: bool = True
    group_size: int = 8  # most people on a probation-supervised group session
    close_supervision_group_size: int = 4  # most people on a session with someone needing close supervision

    def weekly_max(self, person: Person) -> int:
        if person.weekly_max_minutes is not None:
            return person.weekly_max_minutes
        return self.intensive_weekly_max_minutes if person.intensive else self.standard_weekly_max_minutes


@dataclass(frozen=True, slots=True)
class Weights:
    """The objective, in order of priority. Points are summed; the defaults keep the order: first everyone
    who can be placed brought to their weekly minimum, then hours by urgency (pace), then travel and fit.

    A placement of m credited minutes for person i on session s scores

        m_eff * hour_per_minute * urgency_i                      (hours placed, by urgency)
      + weekly_minimum_bonus * share of the weekly minimum reached (per person and ISO week; the need is
                               the minimum less minutes already planned that week, at most the minutes left)
      - travel_per_km * min(km, travel_cap_km)                  (less travel)
      + skill_match * min(matched skills, skill_cap)            (skills fit)
      + continuity                                              (same project as last time)
      + keep_bonus                                              (it was in the previous plan)

    with m_eff = min(m, minutes_left) and

        urgency_i = 1 + behind_pace * min(1, minutes behind pace / (behind_pace_full_weeks * weekly minimum))
                      + near_deadline * max(0, 1 - days to deadline / near_deadline_days)
                      + awaiting_first * (1 if awaiting a first session)
                      + stood_down * (1 if a session of theirs was stood down lately)

    A typical 7-hour day is worth 420 to ~1,900 points (2,160 for an 8-hour day at the highest urgency)
    and the weekly minimum 3,000, so bringing one more person to their weekly minimum always outweighs
    giving anyone a further session; then hours by urgency; travel at most 40, skills at most 30,
    continuity 15.
    """

    hour_per_minute: float = 1.0
    behind_pace: float = 1.5
    behind_pace_full_weeks: float = 4.0
    near_deadline: float = 1.0
    near_deadline_days: int = 90
    awaiting_first: float = 1.0
    stood_down: float = 1.0
    weekly_minimum_minutes: int = 7 * 60
    weekly_minimum_bonus: float = 3000.0
    travel_per_km: float = 1.0
    travel_cap_km: float = 40.0
    skill_match: float = 10.0
    skill_cap: int = 3
    continuity: float = 15.0
    keep_bonus: float = 60.0


@dataclass(frozen=True, slots=True)
class Allocation:
    person_id: int
    session_id: int


@dataclass(slots=True)
class SolverOptions:
    time_limit_s: float = 30.0
    threads: int = 2
    mip_rel_gap: float = 1e-3
    max_arcs_per_person: int = 0  # best arcs kept per person (0: keep all)
    min_arcs_per_session: int = 24  # with either pruning: each session keeps this many of its best
    # Large regions: above `prune_above_arcs` candidate pairs each person keeps their best few sessions of
    # each day (they can work one a day), and each session its best `min_arcs_per_session` candidates.
    max_arcs_per_person_day: int = 6
    prune_above_arcs: int = 1_000_000
    mip_max_arcs: int = 40_000  # above this the flow core and repairs are the answer (see solver docstring)
    # Above `mip_max_arcs`: groups of neighbours re-solved by the exact MIP after the flow, until the time limit.
    neighbourhoods: bool = True
    use_mip: bool = True  # False: greedy only (for comparisons)
    verbose: bool = False


@dataclass
class Problem:
    people: list[Person]
    sessions: list[Session]
    today: dt.date
    non_associations: list[tuple[int, int]] = field(default_factory=list)
    rules: Rules = field(default_factory=Rules)
    weights: Weights = field(default_factory=Weights)
    previous_plan: list[Allocation] = field(default_factory=list)  # kept where possible (keep_bonus)
    pinned: list[Allocation] = field(default_factory=list)  # kept unless a hard rule refuses them

    def person_by_id(self) -> dict[int, Person]:
        return {p.id: p for p in self.people}

    def session_by_id(self) -> dict[int, Session]:
        return {s.id: s for s in self.sessions}


@dataclass
class Explanation:
    person_id: int
    placed: bool
    summary: str
    details: list[str] = field(default_factory=list)
    reason_codes: list[str] = field(default_factory=list)  # for a person left out: the binding reasons


@dataclass
class SolveStats:
    method: str = ""  # "mip", "flow" (flow core + repairs) or "greedy" (nothing beat the baseline)
    status: str = ""
    wall_s: float = 0.0
    candidates_s: float = 0.0
    solve_s: float = 0.0
    greedy_s: float = 0.0  # the greedy baseline, inside the candidates-to-explanations wall time
    explain_s: float = 0.0
    arcs: int = 0
    arcs_before_pruning: int = 0
    objective: float = 0.0
    objective_bound: float | None = None  # the MIP's dual bound on the (pruned) objective
    greedy_objective: float = 0.0
    flow_objective: float | None = None
    neighbourhoods: int = 0  # groups of neighbours re-solved exactly after the flow (larger regions)
    minutes_placed: int = 0
    greedy_minutes_placed: int = 0
    people_placeable: int = 0  # people with at least one candidate session
    people_offered_weekly_minimum: int = 0  # of them, brought to the weekly minimum in each week they could work
    greedy_people_offered_weekly_minimum: int = 0
    refused_pins: dict[tuple[int, int], list[str]] = field(default_factory=dict)


@dataclass
class MatchResult:
    allocations: list[Allocation]
    explanations: dict[int, Explanation]
    stats: SolveStats
