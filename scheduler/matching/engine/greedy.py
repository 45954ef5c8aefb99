"""The baseline a coordinator would do by hand: most urgent person first, nearest suitable session first.

Rounds: in each round every person, most urgent first, is given at most one more session in each week,
the nearest one that still fits (free place, free day, weekly maximum, hours left, non-associations).
Women may be put in a mixed group tentatively; at the end anyone left as the only woman of a mixed
group is taken out again and one last round fills what it can without creating that situation.
The engine starts its search from this plan, so it can never return anything worse.
"""

from __future__ import annotations

import numpy as np

from .candidates import Arcs, Context


class PlanState:
    """The running totals greedy and repairs need, for arcs chosen one at a time."""

    def __init__(self, ctx: Context, arcs: Arcs):
        self.ctx, self.arcs = ctx, arcs
        prob = ctx.problem
        self.free = ctx.s_free.copy()
        self.left = ctx.p_left.copy()
        self.count = np.zeros(len(prob.people), dtype=np.int64)
        self.finishing = finishing_people(ctx, arcs)
        self.week_left = ctx.p_week_left.copy()
        self.busy = ctx.p_busy.copy()
        self.in_session: dict[int, set[int]] = {}
        self.women_new = np.zeros(len(prob.sessions), dtype=np.int64)
        self.men_new = np.zeros(len(prob.sessions), dtype=np.int64)
        self.women_already = np.array([s.women_already for s in prob.sessions], dtype=np.int64)
        self.close_new = np.zeros(len(prob.sessions), dtype=np.int64)
        self.close_already = np.array([s.close_supervision_already for s in prob.sessions], dtype=np.int64)
        self.close_size = prob.rules.close_supervision_group_size
        self.enemies: dict[int, set[int]] = {}
        for a, b in prob.non_associations:
            ia, ib = ctx.person_index.get(a), ctx.person_index.get(b)
            if ia is not None and ib is not None:
                self.enemies.setdefault(ia, set()).add(ib)
                self.enemies.setdefault(ib, set()).add(ia)
        self.chosen = np.zeros(len(arcs.i), dtype=bool)
        self.women_rule = prob.rules.women_never_only_woman
        self.pinned: set[int] = set()

    def fits(self, a: int, *, strict_women: bool) -> bool:
        ctx, arcs = self.ctx, self.arcs
        i, j = int(arcs.i[a]), int(arcs.j[a])
        m = int(arcs.minutes[a])
        if self.chosen[a] or self.free[j] <= 0 or self.busy[i, ctx.s_day[j]]:
            return False
        if m > self.week_left[i, ctx.s_week[j]]:
            return False
        if self.finishing[i]:
            if self.count[i] >= 1:
                return False
        elif m > self.left[i]:
            return False
        if self.enemies.get(i) and self.enemies[i] & self.in_session.get(j, set()):
            return False
        if (ctx.p_close[i] or self.close_already[j] or self.close_new[j]) and (
            ctx.s_taken[j] + self.women_new[j] + self.men_new[j] + 1 > self.close_size
        ):
            return False  # someone needing close supervision keeps the group small
        if self.women_rule and ctx.s_mixed_group[j]:
            women = self.women_already[j] + self.women_new[j]
            if ctx.p_female[i]:
                if strict_women and women == 0:
                    return False
            elif women == 1 and self.women_new[j] == 0:
                return False  # a lone woman already there: men may join only once another woman has
        return True

    def add(self, a: int) -> None:
        ctx, arcs = self.ctx, self.arcs
        i, j = int(arcs.i[a]), int(arcs.j[a])
        m = int(arcs.minutes[a])
        self.chosen[a] = True
        self.free[j] -= 1
        self.busy[i, ctx.s_day[j]] = True
        self.week_left[i, ctx.s_week[j]] -= m
        self.left[i] -= m
        self.count[i] += 1
        self.in_session.setdefault(j, set()).add(i)
        self.close_new[j] += int(ctx.p_close[i])
        if ctx.p_female[i]:
            self.women_new[j] += 1
        else:
            self.men_new[j] += 1

    def remove(self, a: int) -> None:
        ctx, arcs = self.ctx, self.arcs
        i, j = int(arcs.i[a]), int(arcs.j[a])
        m = int(arcs.minutes[a])
        self.chosen[a] = False
        self.free[j] += 1
        self.busy[i, ctx.s_day[j]] = False
        self.week_left[i, ctx.s_week[j]] += m
        self.left[i] += m
        self.count[i] -= 1
        self.in_session[j].discard(i)
        self.close_new[j] -= int(ctx.p_close[i])
        if ctx.p_female[i]:
            self.women_new[j] -= 1
        else:
            self.men_new[j] -= 1


def finishing_people(ctx: Context, arcs: Arcs) -> np.ndarray:
    """People whose minutes left are fewer than their longest candidate session: at most one session."""
    longest = np.zeros(len(ctx.problem.people), dtype=np.int64)
    if len(arcs.i):
        np.maximum.at(longest, arcs.i, arcs.minutes)
    return ctx.p_left < longest


def greedy_plan(ctx: Context, arcs: Arcs, pinned_arcs=()) -> np.ndarray:
    """Boolean vector over arcs: the greedy choice."""
    state = PlanState(ctx, arcs)
    for a in pinned_arcs:
        state.add(int(a))
    state.pinned = {int(a) for a in pinned_arcs}
    if not len(arcs.i):
        return state.chosen
    order_people = np.lexsort((np.arange(len(ctx.p_urgency)), -ctx.p_urgency))
    by_km = np.lexsort((arcs.j, arcs.km, arcs.i))  # per person, nearest first
    starts = np.searchsorted(arcs.i[by_km], np.arange(len(ctx.problem.people) + 1))
    people = [int(i) for i in order_people if starts[i + 1] > starts[i]]
    lists = {i: by_km[starts[i] : starts[i + 1]].tolist() for i in people}
    week_of = ctx.s_week[arcs.j].tolist()
    session_of = arcs.j.tolist()
    free = state.free

    def one_round(strict: bool) -> bool:
        added = False
        for i in people:
            weeks_done: set[int] = set()
            for a in lists[i]:
                w = week_of[a]
                if w in weeks_done or free[session_of[a]] <= 0 or not state.fits(a, strict_women=strict):
                    continue
                state.add(a)
                weeks_done.add(w)
                added = True
        return added

    for _ in range(7):
        if not one_round(strict=False):
            break
    if state.women_rule:
        _remove_lone_women(state)
        one_round(strict=True)
    return state.chosen


def _remove_lone_women(state: PlanState) -> None:
    ctx, arcs = state.ctx, state.arcs
    chosen = np.nonzero(state.chosen)[0]
    for a in chosen.tolist():
        i, j = int(arcs.i[a]), int(arcs.j[a])
        if a in state.pinned:
            continue
        if ctx.p_female[i] and ctx.s_mixed_group[j] and state.women_already[j] + state.women_new[j] == 1:
            state.remove(a)
    # Men who joined a session where a woman was already alone, and whose only new woman has gone.
    for a in np.nonzero(state.chosen)[0].tolist():
        i, j = int(arcs.i[a]), int(arcs.j[a])
        if a in state.pinned:
            continue
        if ctx.s_mixed_group[j] and not ctx.p_female[i] and state.women_already[j] + state.women_new[j] == 1:
            state.remove(a)
