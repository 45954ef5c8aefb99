"""The independent checker: every hard-rule violation in a rota.

Written apart from the solver (it shares only the dataclasses and the distance formula): it walks each
person's days as a calendar and counts what breaks. Used by tests, the benchmark and the product (to
refuse a hand edit).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from .evaluate import distance_km
from .model import Assignment, Demand, Problem, Staff, Violation

MINUTES_A_DAY = 24 * 60


def _runs(flags: list[bool]) -> list[tuple[bool, int, int]]:
    """Maximal runs as (value, first day, length)."""
    runs: list[tuple[bool, int, int]] = []
    for day, flag in enumerate(flags):
        if runs and runs[-1][0] == flag:
            value, first, length = runs[-1]
            runs[-1] = (value, first, length + 1)
        else:
            runs.append((flag, day, 1))
    return runs


def check(problem: Problem, assignments: Iterable[Assignment]) -> list[Violation]:
    out: list[Violation] = []
    demands = {d.id: d for d in problem.demands}
    staff = {s.id: s for s in problem.staff}
    types = {t.id: t for t in problem.shift_types}
    seen: Counter[tuple[str, str]] = Counter()
    rota: dict[str, list[Demand]] = defaultdict(list)

    for a in assignments:
        if a.staff not in staff:
            out.append(Violation("unknown_staff", f"unknown staff {a.staff!r}", staff=a.staff, demand=a.demand))
            continue
        if a.demand not in demands:
            out.append(Violation("unknown_demand", f"unknown demand {a.demand!r}", staff=a.staff, demand=a.demand))
            continue
        seen[(a.staff, a.demand)] += 1
        if seen[(a.staff, a.demand)] == 2:
            out.append(Violation("duplicate", f"{a.staff} is assigned twice to {a.demand}", a.staff, a.demand))
        if seen[(a.staff, a.demand)] == 1:
            rota[a.staff].append(demands[a.demand])

    for f in problem.fixed:
        if (f.staff, f.demand) not in seen:
            out.append(Violation("fixed", f"fixed assignment {f.staff} to {f.demand} is missing", f.staff, f.demand))

    head = Counter(a_demand for (_s, a_demand) in seen)
    for d in problem.demands:
        if d.max_staff is not None and head[d.id] > d.max_staff:
            out.append(Violation("max_staff", f"{d.id} has {head[d.id]} staff, at most {d.max_staff}", demand=d.id))

    for s in problem.staff:
        out.extend(_check_person(problem, s, sorted(rota.get(s.id, []), key=lambda d: (d.day, d.start)), types))
    return out


def _check_person(problem: Problem, s: Staff, mine: list[Demand], types) -> list[Violation]:
    out: list[Violation] = []
    per_day: dict[int, list[Demand]] = defaultdict(list)
    for d in mine:
        per_day[d.day].append(d)
        if s.id in d.excluded_staff:
            out.append(Violation("excluded", f"{s.id} may not work {d.id}", s.id, d.id, d.day))
        if d.day in s.days_off:
            out.append(Violation("day_off", f"{s.id} works {d.id} on a day off (day {d.day})", s.id, d.id, d.day))
        if s.max_travel_km is not None:
            km = distance_km(s, d)
            if km is not None and km > s.max_travel_km + 1e-9:
                out.append(
                    Violation(
                        "travel", f"{d.id} is {km:.1f} km from {s.id}'s office (max {s.max_travel_km})", s.id, d.id
                    )
                )
    for day, ds in per_day.items():
        if len(ds) > 1:
            names = ", ".join(d.id for d in ds)
            out.append(Violation("one_a_day", f"{s.id} works {len(ds)} demands on day {day}: {names}", s.id, day=day))

    # Rest between consecutive days, and shift types that may not follow.
    for day, ds in per_day.items():
        for a in ds:
            for b in per_day.get(day + 1, ()):
                rest = MINUTES_A_DAY + b.start - a.end
                if rest < problem.rules.min_rest_minutes:
                    out.append(
                        Violation("rest", f"{s.id}: {rest} min rest between {a.id} and {b.id}", s.id, b.id, b.day)
                    )
                if a.shift_type in types and b.shift_type in types[a.shift_type].forbidden_next:
                    out.append(
                        Violation(
                            "forbidden_next", f"{s.id}: shift {b.shift_type} may not follow {a.shift_type}", s.id, b.id
                        )
                    )

    per_type = Counter(d.shift_type for d in mine if d.shift_type is not None)
    for t, n in per_type.items():
        if t in s.max_shifts and n > s.max_shifts[t]:
            out.append(Violation("max_shifts", f"{s.id} works {n} {t} shifts, at most {s.max_shifts[t]}", s.id))

    minutes = sum(d.length for d in mine)
    if s.max_minutes is not None and minutes > s.max_minutes:
        out.append(Violation("max_minutes", f"{s.id} works {minutes} min, at most {s.max_minutes}", s.id))
    if s.max_minutes_per_week is not None:
        weekly: Counter[int] = Counter()
        for d in mine:
            weekly[(problem.first_weekday + d.day) // 7] += d.length
        for week, total in sorted(weekly.items()):
            if total > s.max_minutes_per_week:
                out.append(
                    Violation(
                        "max_minutes_per_week",
                        f"{s.id} works {total} min in week {week}, at most {s.max_minutes_per_week}",
                        s.id,
                    )
                )
    if minutes < s.min_minutes:
        out.append(Violation("min_minutes", f"{s.id} works {minutes} min, at least {s.min_minutes}", s.id))

    worked = [day in per_day for day in range(problem.days)]
    for value, first, length in _runs(worked):
        inside = first > 0 and first + length < problem.days  # bounded by the other kind on both sides
        if value:
            if s.max_consecutive_days is not None and length > s.max_consecutive_days:
                out.append(
                    Violation(
                        "max_consecutive_days",
                        f"{s.id} works {length} days in a row from day {first}, at most {s.max_consecutive_days}",
                        s.id,
                        day=first,
                    )
                )
            if inside and length < s.min_consecutive_days:
                out.append(
                    Violation(
                        "min_consecutive_days",
                        f"{s.id} works {length} day(s) in a row from day {first}, at least {s.min_consecutive_days}",
                        s.id,
                        day=first,
                    )
                )
        elif inside and length < s.min_consecutive_days_off:
            out.append(
                Violation(
                    "min_consecutive_days_off",
                    f"{s.id} has {length} day(s) off from day {first}, at least {s.min_consecutive_days_off}",
                    s.id,
                    day=first,
                )
            )

    if s.max_weekends is not None:
        weekends = {(problem.first_weekday + day) // 7 for day in per_day if problem.weekday(day) >= 5}
        if len(weekends) > s.max_weekends:
            out.append(
                Violation("max_weekends", f"{s.id} works {len(weekends)} weekends, at most {s.max_weekends}", s.id)
            )
    return out
