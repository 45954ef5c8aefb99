"""A greedy rota: what a coordinator would do by hand, and the solver's starting hint.

Keeps fixed assignments, then the previous rota where still allowed, then fills the scarcest demands
first, each with the allowed person who fills the most of its short lines (a female van driver fills
three) and then adds the least to the objective (wishes, travel, hours and weekend fairness), the
least-loaded first on a tie. It never breaks a maximum, rest, leave, travel or
one-a-day rule; minimum rules (minimum minutes, minimum run lengths) are not sought, so on benchmark
instances with such rules it may leave violations for the solver to repair.
"""

from __future__ import annotations

from collections import defaultdict

from .evaluate import distance_km, fair_weekends, request_matches, travel_cost
from .model import Assignment, Demand, Problem, Staff

MINUTES_A_DAY = 24 * 60


class _State:
    def __init__(self, problem: Problem):
        self.p = problem
        self.types = {t.id: t for t in problem.shift_types}
        self.day_of: dict[str, dict[int, Demand]] = defaultdict(dict)
        self.minutes: dict[str, int] = defaultdict(int)
        self.per_type: dict[tuple[str, str], int] = defaultdict(int)
        self.weekends: dict[str, set[int]] = defaultdict(set)
        self.on: dict[str, list[str]] = defaultdict(list)

    def allowed(self, s: Staff, d: Demand) -> bool:
        p = self.p
        days = self.day_of[s.id]
        if d.day in s.days_off or d.day in days or s.id in self.on[d.id] or s.id in d.excluded_staff:
            return False
        if d.max_staff is not None and len(self.on[d.id]) >= d.max_staff:
            return False
        if s.max_minutes is not None and self.minutes[s.id] + d.length > s.max_minutes:
            return False
        if s.max_minutes_per_week is not None:
            week = p.week_index(d.day)
            used = sum(e.length for e in days.values() if p.week_index(e.day) == week)
            if used + d.length > s.max_minutes_per_week:
                return False
        if d.shift_type in s.max_shifts and self.per_type[(s.id, d.shift_type)] >= s.max_shifts[d.shift_type]:
            return False
        if s.max_travel_km is not None:
            km = distance_km(s, d)
            if km is not None and km > s.max_travel_km:
                return False
        before, after = days.get(d.day - 1), days.get(d.day + 1)
        if before is not None and not self._may_follow(before, d):
            return False
        if after is not None and not self._may_follow(d, after):
            return False
        if s.max_consecutive_days is not None:
            run = 1
            k = d.day - 1
            while k in days:
                run, k = run + 1, k - 1
            k = d.day + 1
            while k in days:
                run, k = run + 1, k + 1
            if run > s.max_consecutive_days:
                return False
        if s.max_weekends is not None and p.is_weekend(d.day):
            k = p.weekend_index(d.day)
            if k not in self.weekends[s.id] and len(self.weekends[s.id]) >= s.max_weekends:
                return False
        return True

    def remove(self, s: Staff, d: Demand) -> None:
        del self.day_of[s.id][d.day]
        self.minutes[s.id] -= d.length
        if d.shift_type is not None:
            self.per_type[(s.id, d.shift_type)] -= 1
        self.weekends[s.id] = {self.p.weekend_index(k) for k in self.day_of[s.id] if self.p.is_weekend(k)}
        self.on[d.id].remove(s.id)

    def count(self, d: Demand, qualification: str | None, staff: dict[str, Staff]) -> int:
        return sum(1 for sid in self.on[d.id] if staff[sid].has(qualification))

    def _may_follow(self, a: Demand, b: Demand) -> bool:
        if MINUTES_A_DAY + b.start - a.end < self.p.rules.min_rest_minutes:
            return False
        return not (a.shift_type in self.types and b.shift_type in self.types[a.shift_type].forbidden_next)

    def add(self, s: Staff, d: Demand) -> None:
        self.day_of[s.id][d.day] = d
        self.minutes[s.id] += d.length
        if d.shift_type is not None:
            self.per_type[(s.id, d.shift_type)] += 1
        if self.p.is_weekend(d.day):
            self.weekends[s.id].add(self.p.weekend_index(d.day))
        self.on[d.id].append(s.id)


def greedy(problem: Problem) -> tuple[Assignment, ...]:
    staff = {s.id: s for s in problem.staff}
    demands = {d.id: d for d in problem.demands}
    state = _State(problem)
    for a in problem.fixed:
        if a.staff in staff and a.demand in demands and a.staff not in state.on[a.demand]:
            state.add(staff[a.staff], demands[a.demand])
    for a in problem.previous:
        if a.staff in staff and a.demand in demands and state.allowed(staff[a.staff], demands[a.demand]):
            state.add(staff[a.staff], demands[a.demand])

    by_day: dict[int, list[Demand]] = defaultdict(list)
    for d in problem.demands:
        by_day[d.day].append(d)
    wishes: dict[tuple[str, str], int] = defaultdict(int)
    for r in problem.requests:
        for d in by_day.get(r.day, ()):
            if request_matches(r, d):
                wishes[(r.staff, d.id)] += -r.weight if r.on else r.weight

    def also_covers(s: Staff, d: Demand, line) -> int:
        """How many other short lines of d this person would fill too (a female van driver fills three)."""
        return sum(
            1
            for c in d.cover
            if c is not line
            and c.qualification is not None
            and s.has(c.qualification)
            and state.count(d, c.qualification, staff) < c.required
        )

    weights = problem.weights
    weekend_share = fair_weekends(problem) if weights.weekend_fairness else 0

    def hours_off(s: Staff, minutes: int) -> int:
        if s.target_minutes is None:
            return 0
        return -(-max(0, abs(minutes - s.target_minutes) - weights.hours_tolerance_minutes) // 60)

    def score(s: Staff, d: Demand) -> tuple:
        # What this assignment adds to the objective (wishes, travel, hours and weekend fairness), then
        # the least-loaded person.
        target = s.target_minutes or s.max_minutes or 1
        weekend = len(state.weekends[s.id]) if problem.is_weekend(d.day) else 0
        cost = wishes.get((s.id, d.id), 0) + travel_cost(problem, s, d)
        if weights.hours_fairness:
            used = state.minutes[s.id]
            cost += weights.hours_fairness * (hours_off(s, used + d.length) - hours_off(s, used))
        new_weekend = problem.is_weekend(d.day) and problem.weekend_index(d.day) not in state.weekends[s.id]
        if weights.weekend_fairness and new_weekend and weekend >= weekend_share:
            cost += weights.weekend_fairness
        return (cost, weekend, state.minutes[s.id] / max(1, target), s.id)

    # Who may work each demand at all (leave, travel, length, shift type), scarcest demands first.
    cands = {
        d.id: [
            s
            for s in problem.staff
            if d.day not in s.days_off
            and s.id not in d.excluded_staff
            and (s.max_minutes is None or d.length <= s.max_minutes)
            and (d.shift_type is None or s.max_shifts.get(d.shift_type, 1) > 0)
            and (s.max_travel_km is None or (km := distance_km(s, d)) is None or km <= s.max_travel_km)
        ]
        for d in problem.demands
    }

    def slack(d: Demand) -> int:
        return min(
            (sum(1 for s in cands[d.id] if s.has(c.qualification)) - c.required for c in d.cover if c.required),
            default=0,
        )

    order = sorted(problem.demands, key=lambda d: (not problem.is_weekend(d.day), slack(d), d.day, d.start, d.id))
    for d in order:
        for c in sorted(d.cover, key=lambda c: c.qualification is None):
            while state.count(d, c.qualification, staff) < c.required:
                options = [s for s in cands[d.id] if s.has(c.qualification) and state.allowed(s, d)]
                if not options:
                    break
                state.add(min(options, key=lambda s: (-also_covers(s, d, c), score(s, d))), d)

    # Repair: for a short line, move a qualified person off one of their demands onto it, when someone
    # else can take their place there (or their place is not needed).
    def eject(d: Demand, qualification: str | None) -> bool:
        for s in sorted(cands[d.id], key=lambda s: score(s, d)):
            if not s.has(qualification) or s.id in state.on[d.id]:
                continue
            for e in sorted(state.day_of[s.id].values(), key=lambda e: abs(e.day - d.day)):
                if e.id in fixed_ids.get(s.id, ()):
                    continue
                state.remove(s, e)
                if state.allowed(s, d):
                    state.add(s, d)
                    short = [c for c in e.cover if state.count(e, c.qualification, staff) < c.required]
                    if not short:
                        return True
                    subs = [
                        t
                        for t in cands[e.id]
                        if t.id != s.id and all(t.has(c.qualification) for c in short) and state.allowed(t, e)
                    ]
                    if subs:
                        state.add(min(subs, key=lambda t: score(t, e)), e)
                        return True
                    state.remove(s, d)
                state.add(s, e)
        return False

    fixed_ids: dict[str, set[str]] = defaultdict(set)
    for a in problem.fixed:
        fixed_ids[a.staff].add(a.demand)
    for d in order:
        for c in sorted(d.cover, key=lambda c: c.qualification is None):
            while state.count(d, c.qualification, staff) < c.required:
                options = [s for s in cands[d.id] if s.has(c.qualification) and state.allowed(s, d)]
                if options:
                    state.add(min(options, key=lambda s: (-also_covers(s, d, c), score(s, d))), d)
                elif not eject(d, c.qualification):
                    break
    return tuple(Assignment(sid, did) for did, sids in state.on.items() for sid in sids)
