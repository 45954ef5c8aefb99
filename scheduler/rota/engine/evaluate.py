"""The objective of a rota, term by term (soft rules only; the hard rules are in checker.py).

The solver builds the same terms as CP-SAT expressions; tests hold the two equal on random instances.
"""

from __future__ import annotations

import functools
import math
from collections import defaultdict
from collections.abc import Iterable

from .model import Assignment, Demand, Problem, Request, Staff

TERMS = ("cover_under", "cover_over", "requests", "weekend_fairness", "hours_fairness", "changes", "travel")


# Offices and sites repeat across a rota's thousands of staff-session pairs, so distances are cached.
@functools.lru_cache(maxsize=65536)
def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dlmb / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def distance_km(staff: Staff, demand: Demand) -> float | None:
    if None in (staff.lat, staff.lon, demand.lat, demand.lon):
        return None
    return haversine_km(staff.lat, staff.lon, demand.lat, demand.lon)


def travel_cost(problem: Problem, staff: Staff, demand: Demand) -> int:
    """The travel term of one assignment: weight per whole 10 km from home office to site."""
    if not problem.weights.travel_per_10km:
        return 0
    km = distance_km(staff, demand)
    return 0 if km is None else problem.weights.travel_per_10km * int(km // 10)


def request_matches(request: Request, demand: Demand) -> bool:
    if demand.day != request.day:
        return False
    if request.demand is not None:
        return demand.id == request.demand
    return request.shift_type is None or demand.shift_type == request.shift_type


def fair_weekends(problem: Problem) -> int:
    """The fair share of weekends per person: weekend head count needed, spread over the staff.

    Each weekend needs at least as many different people as its busiest day's head count.
    """
    need: dict[int, int] = defaultdict(int)
    per_day: dict[int, int] = defaultdict(int)
    for d in problem.demands:
        if problem.is_weekend(d.day):
            per_day[d.day] += d.headcount
    for day, n in per_day.items():
        k = problem.weekend_index(day)
        need[k] = max(need[k], n)
    people = sum(1 for s in problem.staff if len(s.days_off) < problem.days)
    return math.ceil(sum(need.values()) / people) if people else 0


def evaluate(problem: Problem, assignments: Iterable[Assignment]) -> tuple[int, dict[str, int]]:
    """(objective, penalties by term) of a rota. Unknown ids and duplicates are ignored here."""
    demands = {d.id: d for d in problem.demands}
    staff = {s.id: s for s in problem.staff}
    pairs = {(a.staff, a.demand) for a in assignments if a.staff in staff and a.demand in demands}
    terms = dict.fromkeys(TERMS, 0)

    on_demand: dict[str, list[Staff]] = defaultdict(list)
    for s, d in pairs:
        on_demand[d].append(staff[s])
    for d in problem.demands:
        for c in d.cover:
            n = sum(1 for s in on_demand[d.id] if s.has(c.qualification))
            terms["cover_under"] += c.under_weight * max(0, c.required - n)
            if c.qualification is None:
                terms["cover_over"] += c.over_weight * max(0, n - c.required)

    by_staff: dict[str, list[Demand]] = defaultdict(list)
    for s, d in pairs:
        by_staff[s].append(demands[d])
    for r in problem.requests:
        hit = any(request_matches(r, d) for d in by_staff.get(r.staff, ()))
        if hit != r.on:
            terms["requests"] += r.weight

    w = problem.weights
    if w.weekend_fairness:
        share = fair_weekends(problem)
        for s in problem.staff:
            worked = {problem.weekend_index(d.day) for d in by_staff.get(s.id, ()) if problem.is_weekend(d.day)}
            terms["weekend_fairness"] += w.weekend_fairness * max(0, len(worked) - share)
    if w.hours_fairness:
        for s in problem.staff:
            if s.target_minutes is not None:
                minutes = sum(d.length for d in by_staff.get(s.id, ()))
                off = max(0, abs(minutes - s.target_minutes) - w.hours_tolerance_minutes)
                terms["hours_fairness"] += w.hours_fairness * math.ceil(off / 60)
    if w.change:
        previous = {(a.staff, a.demand) for a in problem.previous}
        terms["changes"] += w.change * len(pairs ^ previous)
    if w.travel_per_10km:
        terms["travel"] += sum(travel_cost(problem, staff[s], demands[d]) for s, d in pairs)
    return sum(terms.values()), terms


def changes(problem: Problem, assignments: Iterable[Assignment]) -> int:
    previous = {(a.staff, a.demand) for a in problem.previous}
    return len({(a.staff, a.demand) for a in assignments} ^ previous) if previous else 0
