"""Why a demand is not covered, and what the coordinator could do about it.

With a rota, each short cover line is explained by looking at every person who could count towards
it: not qualified, on leave or a day off, already working another demand that day, blocked by the
rest rule (or a shift that may not follow), hours used up, weekends used up, too far from their
office. Without a rota (`assignments=None`) it says which demands cannot be covered by anyone at all
(fewer people qualified and free that day than required): the unstaffable sessions.

Suggestions: merge with a nearby covered demand the same day, cancel (stand the session down and
rebook its attendees), or overtime (a qualified person is held back only by their hours or
weekends).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from .evaluate import distance_km, haversine_km
from .model import FEMALE, Assignment, Cover, Demand, Problem, Shortfall, Staff

MINUTES_A_DAY = 24 * 60
MERGE_KM = 15.0

ON_LEAVE = "on leave or a day off"
BUSY = "working another session that day"
REST = "would break the rest rule (11 hours between shifts) or a shift that may not follow"
HOURS = "no hours left in their contract"
WEEKENDS = "already at their maximum weekends"
TOO_FAR = "too far from their office"
SHIFTS = "at their maximum shifts of this type"
RUN = "would work too many days in a row"
EXCLUDED = "may not work this session (excluded: e.g. someone on it may not be supervised by them)"


def _label(q: str | None) -> str:
    if q is None:
        return "supervisor"
    return "female supervisor" if q == FEMALE else f"supervisor with {q}"


def explain(problem: Problem, assignments: Iterable[Assignment] | None = None) -> list[Shortfall]:
    staff = {s.id: s for s in problem.staff}
    demands = {d.id: d for d in problem.demands}
    if assignments is None:
        return _structural(problem)
    rota = [(staff[a.staff], demands[a.demand]) for a in assignments if a.staff in staff and a.demand in demands]
    on: dict[str, list[Staff]] = defaultdict(list)
    mine: dict[str, dict[int, Demand]] = defaultdict(dict)
    for s, d in rota:
        on[d.id].append(s)
        mine[s.id][d.day] = d
    minutes = Counter()
    weekends: dict[str, set[int]] = defaultdict(set)
    per_type = Counter()
    for s, d in rota:
        minutes[s.id] += d.length
        per_type[(s.id, d.shift_type)] += 1
        if problem.is_weekend(d.day):
            weekends[s.id].add(problem.weekend_index(d.day))
    types = {t.id: t for t in problem.shift_types}

    def blocker(s: Staff, d: Demand) -> str | None:
        if s.id in d.excluded_staff:
            return EXCLUDED
        if d.day in s.days_off:
            return ON_LEAVE
        if s.max_travel_km is not None:
            km = distance_km(s, d)
            if km is not None and km > s.max_travel_km:
                return TOO_FAR
        if d.day in mine[s.id]:
            return BUSY
        for a, b in ((mine[s.id].get(d.day - 1), d), (d, mine[s.id].get(d.day + 1))):
            if a is None or b is None:
                continue
            if MINUTES_A_DAY + b.start - a.end < problem.rules.min_rest_minutes:
                return REST
            if a.shift_type in types and b.shift_type in types[a.shift_type].forbidden_next:
                return REST
        if s.max_minutes is not None and minutes[s.id] + d.length > s.max_minutes:
            return HOURS
        if s.max_minutes_per_week is not None:
            week = problem.week_index(d.day)
            used = sum(e.length for e in mine[s.id].values() if problem.week_index(e.day) == week)
            if used + d.length > s.max_minutes_per_week:
                return HOURS
        if d.shift_type in s.max_shifts and per_type[(s.id, d.shift_type)] >= s.max_shifts[d.shift_type]:
            return SHIFTS
        if s.max_weekends is not None and problem.is_weekend(d.day):
            k = problem.weekend_index(d.day)
            if k not in weekends[s.id] and len(weekends[s.id]) >= s.max_weekends:
                return WEEKENDS
        if s.max_consecutive_days is not None:
            run, k = 1, d.day - 1
            while k in mine[s.id]:
                run, k = run + 1, k - 1
            k = d.day + 1
            while k in mine[s.id]:
                run, k = run + 1, k + 1
            if run > s.max_consecutive_days:
                return RUN
        return None

    out = []
    for d in problem.demands:
        for c in d.cover:
            have = sum(1 for s in on[d.id] if s.has(c.qualification))
            if have >= c.required:
                continue
            qualified = [s for s in problem.staff if s.has(c.qualification) and s not in on[d.id]]
            why = Counter(blocker(s, d) for s in qualified)
            free = why.pop(None, 0)
            reasons = _reasons(c, len(qualified) + have, why, free)
            suggestions = _suggestions(problem, d, c, on, why, qualified, blocker)
            out.append(Shortfall(d.id, d.day, c.qualification, c.required, have, tuple(reasons), tuple(suggestions)))
    return out


def _reasons(c: Cover, qualified: int, why: Counter, free: int) -> list[str]:
    if qualified == 0:
        return [f"nobody is a {_label(c.qualification)}"]
    reasons = [f"{n} of {qualified} {_label(c.qualification)}s: {reason}" for reason, n in why.most_common()]
    if free:
        reasons.append(
            f"{free} {_label(c.qualification)}(s) free but not rostered: their other rules "
            "(minimum rest days, run lengths) or a costlier gap elsewhere"
        )
    return reasons


def _suggestions(problem, d: Demand, c: Cover, on, why: Counter, qualified, blocker) -> list[str]:
    out = []
    for other in problem.demands:
        if other.day != d.day or other.id == d.id or other.lat is None or d.lat is None:
            continue
        km = haversine_km(d.lat, d.lon, other.lat, other.lon)
        covered = all(sum(1 for s in on[other.id] if s.has(x.qualification)) >= x.required for x in other.cover)
        if km <= MERGE_KM and covered:
            out.append(f"merge with {other.label or other.id} the same day ({km:.1f} km away)")
            break
    over = [s.id for s in qualified if blocker(s, d) in (HOURS, WEEKENDS)]
    if over:
        out.append(f"offer overtime to {', '.join(sorted(over)[:3])}")
    out.append("cancel: stand the session down and rebook its attendees")
    return out


def _structural(problem: Problem) -> list[Shortfall]:
    """Demands that no rota can cover: too few people qualified and free on the day at all."""
    out = []
    for d in problem.demands:
        for c in d.cover:
            qualified = [s for s in problem.staff if s.has(c.qualification)]
            reasons = Counter()
            free = 0
            for s in qualified:
                if s.id in d.excluded_staff:
                    reasons[EXCLUDED] += 1
                elif d.day in s.days_off:
                    reasons[ON_LEAVE] += 1
                elif s.max_travel_km is not None and (km := distance_km(s, d)) is not None and km > s.max_travel_km:
                    reasons[TOO_FAR] += 1
                elif s.max_minutes is not None and d.length > s.max_minutes:
                    reasons[HOURS] += 1
                else:
                    free += 1
            if free >= c.required:
                continue
            out.append(
                Shortfall(
                    d.id,
                    d.day,
                    c.qualification,
                    c.required,
                    free,
                    tuple(_reasons(c, len(qualified), reasons, 0)),
                    tuple(_suggestions(problem, d, c, defaultdict(list), reasons, qualified, lambda s, d: None)),
                )
            )
    return out


def diagnose(problem: Problem) -> list[str]:
    """Why no rota can keep every hard rule (for an INFEASIBLE result): the rules that clash."""
    staff = {s.id: s for s in problem.staff}
    demands = {d.id: d for d in problem.demands}
    out = []
    fixed_days: Counter = Counter()
    for a in problem.fixed:
        s, d = staff.get(a.staff), demands.get(a.demand)
        if s is None or d is None:
            out.append(f"fixed assignment {a.staff} to {a.demand} names an unknown person or session")
            continue
        fixed_days[(s.id, d.day)] += 1
        if s.id in d.excluded_staff:
            out.append(f"{s.label or s.id} is fixed to {d.label or d.id} but excluded from it")
        elif d.day in s.days_off:
            out.append(f"{s.label or s.id} is fixed to {d.label or d.id} on a day off (leave or sickness)")
        elif s.max_travel_km is not None and (km := distance_km(s, d)) is not None and km > s.max_travel_km:
            out.append(f"{s.label or s.id} is fixed to {d.label or d.id}, {km:.0f} km from their office")
    for (sid, day), n in fixed_days.items():
        if n > 1:
            out.append(f"{staff[sid].label or sid} is fixed to {n} sessions on day {day}")
    for s in problem.staff:
        if s.max_minutes is not None and s.min_minutes > s.max_minutes:
            out.append(f"{s.label or s.id}: minimum minutes {s.min_minutes} exceed the maximum {s.max_minutes}")
            continue
        if not s.min_minutes:
            continue
        best: dict[int, int] = {}
        for d in problem.demands:
            if d.day in s.days_off or s.id in d.excluded_staff:
                continue
            if s.max_travel_km is not None and (km := distance_km(s, d)) is not None and km > s.max_travel_km:
                continue
            best[d.day] = max(best.get(d.day, 0), d.length)
        possible = sum(best.values())
        if possible < s.min_minutes:
            out.append(
                f"{s.label or s.id} must work at least {s.min_minutes} minutes but at most {possible} can be "
                "rostered (leave, days off, travel range)"
            )
    if not out:
        out.append(
            "the minimum rules (minutes, runs of working days, runs of days off) cannot all hold with the "
            "maximums, rest and leave: relax a minimum or fix fewer assignments"
        )
    return out
