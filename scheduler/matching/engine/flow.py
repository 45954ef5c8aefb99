"""The large-instance path: a min-cost flow core, then exact repairs and a fill.

Network: source -> person -> person-week -> person-day -> session -> sink, plus a bypass source -> sink.

* person: at most `floor(minutes left / longest candidate session)` sessions, or one if fewer minutes are
  left than that (the documented "one last session" rule);
* person-week: at most `floor(weekly minutes left / longest session that week)`; the first unit is free
  and later units give back the weekly-minimum bonus, so the bonus is earned once per week;
* person-day: one session a day;
* session: its free places.

The minute rules are thus stated as counts that can never overrun the minutes (a safe, slightly
cautious reading); the fill pass afterwards adds sessions that the exact minutes still allow.
Non-associations and the only-woman rule are not flow rules: a repair pass fixes every session that
breaks them (add a second woman if one fits, replacing the weakest man if the session is full;
otherwise take the lone woman out), then the fill pass puts the best remaining candidates into the
places left, checking every rule exactly (greedy.PlanState).

Two rules the flow cannot state are settled before the repairs. People needing close supervision are
offered, in the flow, only sessions no larger than the close-supervision size (elsewhere each would shut
places); where pinned places still break the rule, the flow is solved again (at most three times; once above
`SETTLE_AGAIN_MAX_ARCS` pairs, never above `SETTLE_ONCE_MAX_ARCS`) and the
session keeps the better of a small group with the people needing it or the full group without them;
men the flow put with a woman already alone in a mixed group, with no new woman, lose those arcs. After
the fill, local swaps serve the objective's first term: a person short of their weekly minimum takes a
place from someone who loses less by it (typically a further session of someone already at their minimum),
and the fill runs once more.
"""

from __future__ import annotations

import numpy as np

from .candidates import Arcs, Context
from .greedy import PlanState, finishing_people

SCALE = 10  # flow costs are integers: points x 10
SETTLE_AGAIN_MAX_ARCS = 300_000
SETTLE_ONCE_MAX_ARCS = 600_000


def flow_plan(ctx: Context, arcs: Arcs, pinned_arcs=()) -> np.ndarray:
    n_a = len(arcs.i)
    if not n_a:
        return np.zeros(n_a, dtype=bool)
    pinned = np.zeros(n_a, dtype=bool)
    pinned[list(pinned_arcs)] = True
    allowed = np.ones(n_a, dtype=bool)
    free = ctx.s_free.copy()
    _no_men_with_a_lone_woman(ctx, arcs, allowed, pinned)
    _close_supervision_only_where_it_costs_no_place(ctx, arcs, allowed, pinned, free)
    chosen = _flow_core(ctx, arcs, pinned, allowed, free)
    # Close supervision caps a session at a smaller size once anyone needing it is there, which a flow
    # cannot state. Where the flow breaks it, keep whichever is worth more for that session (a small group
    # with the close-supervision people, or the full group without them) and solve again.
    # Each round solves the flow again. On the largest instances none: on the `rules` region of 20,000 people
    # (700,000 pairs) one round cost a third of the flow's time and ended 0.003% lower after the repairs
    # (41,770,690 against 41,772,002 without; three rounds 41,779,175 in three times the time), while on
    # 5,000 (357,000 pairs) three rounds are worth 0.2% over none, so regions of that size keep one.
    rounds = 3 if n_a <= SETTLE_AGAIN_MAX_ARCS else (1 if n_a <= SETTLE_ONCE_MAX_ARCS else 0)
    for _round in range(rounds):
        settled = _settle_close_supervision(ctx, arcs, chosen, pinned, allowed, free)
        settled |= _settle_lone_women(ctx, arcs, chosen, pinned, allowed)
        if not settled:
            break
        chosen = _flow_core(ctx, arcs, pinned, allowed, free)
    return repair_and_fill(ctx, arcs, chosen, pinned)


def _no_men_with_a_lone_woman(ctx, arcs, allowed, pinned) -> None:
    """Men may not join a mixed group where a woman is already alone unless a woman joins too: where no
    woman is a candidate, the men's arcs go."""
    if not ctx.problem.rules.women_never_only_woman:
        return
    alone = np.array([s.women_already == 1 for s in ctx.problem.sessions], dtype=bool) & ctx.s_mixed_group
    if not alone.any():
        return
    women_candidates = np.bincount(arcs.j[ctx.p_female[arcs.i]], minlength=len(alone))
    shut = alone & (women_candidates == 0)
    allowed &= ~(shut[arcs.j] & ~ctx.p_female[arcs.i] & ~pinned)


def _close_supervision_only_where_it_costs_no_place(ctx, arcs, allowed, pinned, free) -> None:
    """People needing close supervision go, in the flow, only to sessions no larger than the close-supervision
    size: on a larger one each of them would shut places that others could fill (a group of 8 cut to 4), which
    the flow cannot see. Measured on the `rules` benchmark (5,000 people, four times the restrictions): the
    flow's objective went from 94.8% to 98.9% of the LP bound. The fill still puts them into small groups
    where the places allow, and the neighbourhoods re-solve them exactly with every rule."""
    size = ctx.problem.rules.close_supervision_group_size
    room = size - ctx.s_taken
    allowed &= ~(ctx.p_close[arcs.i] & (free[arcs.j] > room[arcs.j]) & ~pinned)


def _settle_lone_women(ctx, arcs, chosen, pinned, allowed) -> bool:
    """Sessions where the flow put men with a woman already alone and no new woman: the men's arcs go."""
    if not ctx.problem.rules.women_never_only_woman:
        return False
    n_s = len(ctx.problem.sessions)
    alone = np.array([s.women_already == 1 for s in ctx.problem.sessions], dtype=bool) & ctx.s_mixed_group
    new_women = np.bincount(arcs.j[chosen & ctx.p_female[arcs.i]], minlength=n_s)
    new_men = np.bincount(arcs.j[chosen & ~ctx.p_female[arcs.i]], minlength=n_s)
    bad = alone & (new_women == 0) & (new_men > 0)
    if not bad.any():
        return False
    allowed &= ~(bad[arcs.j] & ~ctx.p_female[arcs.i] & ~pinned)
    return True


def _settle_close_supervision(ctx, arcs, chosen, pinned, allowed, free) -> bool:
    size = ctx.problem.rules.close_supervision_group_size
    close_chosen = np.nonzero(chosen & ctx.p_close[arcs.i])[0]
    if not len(close_chosen):
        return False
    changed = False
    by_session = np.argsort(arcs.j, kind="stable")
    bounds = np.searchsorted(arcs.j[by_session], np.arange(len(ctx.problem.sessions) + 1))
    for j in np.unique(arcs.j[close_chosen]).tolist():
        of_j = by_session[bounds[j] : bounds[j + 1]]
        here = of_j[chosen[of_j]]
        room = size - int(ctx.s_taken[j])
        if len(here) <= room:
            continue
        changed = True
        close_here = ctx.p_close[arcs.i[here]]
        small = float(np.sort(arcs.value[here])[::-1][: max(room, 0)].sum())
        without = float(arcs.value[here[~close_here]].sum())
        if small >= without and not pinned[here[~close_here]].any():
            free[j] = min(free[j], max(room, 0))
        else:
            allowed[of_j[ctx.p_close[arcs.i[of_j]] & ~pinned[of_j]]] = False
    return changed


def _flow_core(ctx: Context, arcs: Arcs, pinned: np.ndarray, allowed: np.ndarray, free: np.ndarray) -> np.ndarray:
    """The min-cost flow's choice of arcs (the minute rules as counts), before repairs."""
    from ortools.graph.python import min_cost_flow

    n_a = len(arcs.i)
    chosen = np.zeros(n_a, dtype=bool)
    w = ctx.problem.weights
    n_d, n_w = len(ctx.days), len(ctx.weeks)
    rules = ctx.problem.rules
    weekly_max = np.array([rules.weekly_max(p) for p in ctx.problem.people], dtype=np.int64)

    # Counts per person.
    finishing = finishing_people(ctx, arcs)
    longest = np.zeros(len(ctx.problem.people), dtype=np.int64)
    np.maximum.at(longest, arcs.i, arcs.minutes)
    people = np.unique(arcs.i)
    p_cap = np.where(finishing[people], 1, ctx.p_left[people] // np.maximum(longest[people], 1))

    # Person-weeks.
    week = ctx.s_week[arcs.j]
    pw_key = arcs.i.astype(np.int64) * n_w + week
    pw_u, pw_inv = np.unique(pw_key, return_inverse=True)
    pw_longest = np.zeros(len(pw_u), dtype=np.int64)
    np.maximum.at(pw_longest, pw_inv, arcs.minutes)
    pw_person, pw_week = pw_u // n_w, pw_u % n_w
    pw_cap = ctx.p_week_left[pw_person, pw_week] // np.maximum(pw_longest, 1)
    planned = weekly_max[pw_person] - ctx.p_week_left[pw_person, pw_week]
    need = np.minimum(w.weekly_minimum_minutes - planned, np.maximum(ctx.p_left[pw_person], 0))
    bonus_on = (need > 0) & (w.weekly_minimum_bonus > 0)
    arc_need = need[pw_inv]
    arc_bonus = np.where(
        bonus_on[pw_inv], w.weekly_minimum_bonus * np.minimum(1.0, arcs.minutes / np.maximum(arc_need, 1)), 0.0
    )
    # Each arc carries the share of the weekly minimum its session would reach alone; the second and later
    # sessions of a person-week give back what they would overcount. With sessions of the week's longest
    # length L, unit u truly adds min(1, uL/need) - min(1, (u-1)L/need), so it gives back the rest of its
    # arc's share: nothing while short sessions are still climbing to the minimum, the whole share after.
    # The costs rise with u, as a min-cost flow over parallel units needs.
    bonus = np.where(bonus_on, w.weekly_minimum_bonus, 0.0)
    share = np.minimum(1.0, pw_longest / np.maximum(need, 1))

    def reached(u):
        return np.minimum(1.0, u * pw_longest / np.maximum(need, 1))

    unit_tails, unit_caps, unit_costs = [], [], []
    for u in range(2, 5):
        sel = np.nonzero(pw_cap >= u)[0]
        unit_tails.append(sel)
        unit_caps.append(np.ones(len(sel), dtype=np.int64))
        unit_costs.append(bonus[sel] * (share[sel] - (reached(u)[sel] - reached(u - 1)[sel])))
    sel = np.nonzero(pw_cap >= 5)[0]
    unit_tails.append(sel)
    unit_caps.append(pw_cap[sel] - 4)
    unit_costs.append(bonus[sel] * share[sel])
    unit_pw = np.concatenate(unit_tails)

    # Person-days (only where the person has more than one candidate that day).
    pd_key = arcs.i.astype(np.int64) * n_d + ctx.s_day[arcs.j]
    pd_u, pd_inv, pd_cnt = np.unique(pd_key, return_inverse=True, return_counts=True)
    multi = pd_cnt > 1
    pd_node_local = np.cumsum(multi) - 1

    # Node numbering.
    source, sink = 0, 1
    base_p = 2
    person_node = np.full(len(ctx.problem.people), -1, dtype=np.int64)
    person_node[people] = base_p + np.arange(len(people))
    base_pw = base_p + len(people)
    base_pd = base_pw + len(pw_u)
    n_pd = int(multi.sum())
    base_s = base_pd + n_pd

    tails, heads, caps, costs = [], [], [], []

    def add(t, h, c, k):
        tails.append(np.asarray(t, dtype=np.int64))
        heads.append(np.asarray(h, dtype=np.int64))
        caps.append(np.asarray(c, dtype=np.int64))
        costs.append(np.asarray(k, dtype=np.int64))

    add(np.full(len(people), source), person_node[people], p_cap, np.zeros(len(people)))
    pw_nodes = base_pw + np.arange(len(pw_u))
    add(person_node[pw_person], pw_nodes, np.ones(len(pw_u)), np.zeros(len(pw_u)))
    add(
        person_node[pw_person[unit_pw]],
        pw_nodes[unit_pw],
        np.concatenate(unit_caps),
        np.round(np.concatenate(unit_costs) * SCALE),
    )
    # person-week -> person-day for multi days.
    pd_multi = np.nonzero(multi)[0]
    first_arc_of_pd = np.zeros(len(pd_u), dtype=np.int64)
    first_arc_of_pd[pd_inv[::-1]] = np.arange(n_a)[::-1]
    add(
        pw_nodes[pw_inv[first_arc_of_pd[pd_multi]]],
        base_pd + pd_node_local[pd_multi],
        np.ones(len(pd_multi)),
        np.zeros(len(pd_multi)),
    )
    # -> session
    tail_of_arc = np.where(multi[pd_inv], base_pd + pd_node_local[pd_inv], pw_nodes[pw_inv])
    gain = arcs.value + arc_bonus + np.where(pinned, 1e7, 0.0)
    add(tail_of_arc, base_s + arcs.j, allowed.astype(np.int64), -np.round(gain * SCALE))
    sessions = np.unique(arcs.j)
    add(base_s + sessions, np.full(len(sessions), sink), np.maximum(free[sessions], 0), np.zeros(len(sessions)))
    total = int(p_cap.sum())
    add([source], [sink], [total], [0])

    smcf = min_cost_flow.SimpleMinCostFlow()
    t, h = np.concatenate(tails), np.concatenate(heads)
    ids = smcf.add_arcs_with_capacity_and_unit_cost(t, h, np.concatenate(caps), np.concatenate(costs))
    supplies = np.zeros(base_s + len(ctx.problem.sessions), dtype=np.int64)
    supplies[source], supplies[sink] = total, -total
    smcf.set_nodes_supplies(np.arange(len(supplies)), supplies)
    status = smcf.solve()
    if status != smcf.OPTIMAL:
        return chosen
    n_before = sum(len(x) for x in tails[:4])
    flows = smcf.flows(ids[n_before : n_before + n_a])
    return flows > 0


def repair_and_fill(ctx: Context, arcs: Arcs, chosen: np.ndarray, pinned: np.ndarray) -> np.ndarray:
    """Make a choice legal on the rules the flow does not state, then fill the places left."""
    state = PlanState(ctx, arcs)
    state.pinned = set(np.nonzero(pinned)[0].tolist())
    # Pinned first, then the rest by value, each only if it fits exactly (minutes, non-associations).
    # People needing close supervision come after the others: each one caps a session at the smaller
    # close-supervision size, so they take the places a small group leaves rather than shrink a full one.
    order = np.nonzero(chosen)[0]
    order = order[np.lexsort((-arcs.value[order], ctx.p_close[arcs.i[order]], ~pinned[order]))]
    for a in order.tolist():
        if state.fits(a, strict_women=False):
            state.add(a)
    _repair_women(ctx, arcs, state)
    _fill(ctx, arcs, state)
    for _round in range(2):
        _swap_for_weekly_minimum(ctx, arcs, state)
        _fill(ctx, arcs, state)  # people who gave up a place may fit elsewhere
    return state.chosen


def _repair_women(ctx: Context, arcs: Arcs, state: PlanState) -> None:
    if not state.women_rule:
        return
    by_session_arcs: dict[int, np.ndarray] = {}
    women_arcs = np.nonzero(ctx.p_female[arcs.i] & ctx.s_mixed_group[arcs.j])[0]
    if len(women_arcs):
        js = arcs.j[women_arcs]
        order = np.lexsort((-arcs.value[women_arcs], js))
        sorted_arcs, sorted_js = women_arcs[order], js[order]
        for j in np.unique(sorted_js).tolist():
            lo, hi = np.searchsorted(sorted_js, [j, j + 1])
            by_session_arcs[j] = sorted_arcs[lo:hi]
    chosen_by_session: dict[int, list[int]] = {}
    for a in np.nonzero(state.chosen)[0].tolist():
        chosen_by_session.setdefault(int(arcs.j[a]), []).append(a)
    for j, mine in chosen_by_session.items():
        if not ctx.s_mixed_group[j]:
            continue
        women = state.women_already[j] + state.women_new[j]
        if women != 1:
            continue
        # Try to add another woman, making room by taking out the weakest new man if need be.
        added = False
        for b in by_session_arcs.get(j, np.zeros(0, dtype=np.int64)).tolist():
            if state.chosen[b]:
                continue
            removed = None
            if state.free[j] <= 0:
                men = [a for a in mine if state.chosen[a] and not ctx.p_female[arcs.i[a]] and a not in state.pinned]
                if not men:
                    break
                removed = min(men, key=lambda a: arcs.value[a])
                state.remove(removed)
            if state.fits(b, strict_women=False):
                state.add(b)
                added = True
                break
            if removed is not None:
                state.add(removed)
        if added:
            continue
        # Otherwise take out the lone new woman, or the new men who joined a woman already alone there.
        for a in mine:
            if not state.chosen[a] or a in state.pinned:
                continue
            if (state.women_new[j] == 1 and ctx.p_female[arcs.i[a]]) or (
                state.women_already[j] == 1 and state.women_new[j] == 0
            ):
                state.remove(a)


def _fill(ctx: Context, arcs: Arcs, state: PlanState) -> None:
    """Best remaining arcs first, each added only if every rule still holds (women strictly)."""
    open_ = (~state.chosen) & (state.free[arcs.j] > 0) & ~state.busy[arcs.i, ctx.s_day[arcs.j]]
    cand = np.nonzero(open_)[0]
    cand = cand[np.lexsort((-arcs.value[cand], ctx.p_close[arcs.i[cand]]))]
    for a in cand.tolist():
        if state.fits(a, strict_women=True):
            state.add(a)


def _swap_for_weekly_minimum(ctx: Context, arcs: Arcs, state: PlanState, per_week: int = 12) -> None:
    """Local moves towards the objective's first term: a person short of their weekly minimum takes a
    place from someone whose loss is smaller (typically a further session of someone already at their
    minimum), when the exchange raises the objective. Every move is checked with the plan's exact rules.

    On large regions the search for the place to give up ran millions of times (every candidate arc
    against every occupant of its session, 86 s of a 50,000-person run): now each session's cheapest place
    is kept until a move changes it, the minutes per person-week are plain lists kept beside the plan's
    totals, and each person-week's arcs are sorted once, best first. The same moves are made (equal values
    aside, which are now taken in arc order)."""
    w = ctx.problem.weights
    if w.weekly_minimum_bonus <= 0 or not state.chosen.any():
        return
    bonus, wmin = w.weekly_minimum_bonus, w.weekly_minimum_minutes
    start_week_left = ctx.p_week_left
    rules = ctx.problem.rules
    weekly_max = np.array([rules.weekly_max(p) for p in ctx.problem.people], dtype=np.int64)[:, None]
    planned = weekly_max - start_week_left
    need_arr = np.minimum(wmin - planned, np.maximum(ctx.p_left, 0)[:, None]).astype(float)
    need = need_arr.tolist()
    chosen = state.chosen
    pinned = state.pinned
    got_now = start_week_left - state.week_left
    got_m = got_now.astype(float).tolist()  # minutes per person-week, kept in step with state.add/remove

    n_w = start_week_left.shape[1]
    week_of = ctx.s_week[arcs.j]
    person_of, week_list = arcs.i.tolist(), week_of.tolist()
    value_of, minutes_of, session_of = arcs.value.tolist(), arcs.minutes.tolist(), arcs.j.tolist()
    # Each person-week's arcs, best first (ties by arc index, as a stable sort of them in arc order gives).
    pw_key = arcs.i.astype(np.int64) * n_w + week_of
    by_pw = np.lexsort((np.arange(len(pw_key)), -arcs.value, pw_key))
    pw_bounds = np.searchsorted(pw_key[by_pw], np.arange(len(ctx.problem.people) * n_w + 1)).tolist()
    by_pw = by_pw.tolist()
    in_session: dict[int, list[int]] = {}
    pw_chosen: dict[tuple[int, int], list[int]] = {}  # each person-week's places
    for a in np.nonzero(chosen)[0].tolist():
        in_session.setdefault(session_of[a], []).append(a)
        pw_chosen.setdefault((person_of[a], week_list[a]), []).append(a)

    # Each session's cheapest place to give up, (loss, arc), worked out when first asked for and again
    # only after a move changes its places or the weekly minutes of one of its people. The loss is the
    # arc's value plus the share of the weekly-minimum bonus its person would lose.
    cheapest: dict[int, tuple[float, int | None]] = {}
    women_rule, women_already, women_new = state.women_rule, state.women_already, state.women_new
    mixed, female = ctx.s_mixed_group.tolist(), ctx.p_female.astype(int).tolist()

    def cheapest_in(j: int) -> tuple[float, int | None]:
        found = cheapest.get(j)
        if found is None:
            best, best_loss = None, float("inf")
            for b in in_session.get(j, ()):
                vb = value_of[b]
                if vb >= best_loss or b in pinned:
                    continue  # the bonus share can only add to the loss
                o, ko = person_of[b], week_list[b]
                n = need[o][ko]
                if n > 0:
                    go = got_m[o][ko]
                    vb += bonus * (min(1.0, go / n) - min(1.0, (go - minutes_of[b]) / n))
                if vb < best_loss:
                    best, best_loss = b, vb
            found = cheapest[j] = (best_loss, best)
        return found

    def forget(person: int, week: int) -> None:
        for b in pw_chosen.get((person, week), ()):
            cheapest.pop(session_of[b], None)

    has_arcs = np.bincount(arcs.i, minlength=len(ctx.problem.people)) > 0
    si, sk = np.nonzero((need_arr > 0) & has_arcs[:, None] & (got_now < need_arr))
    order = np.argsort(-ctx.p_urgency[si], kind="stable")
    for i, k in zip(si[order].tolist(), sk[order].tolist(), strict=True):
        lo, hi = pw_bounds[i * n_w + k], pw_bounds[i * n_w + k + 1]
        mine = [a for a in by_pw[lo:hi] if not chosen[a]][:per_week]
        n_ik = need[i][k]
        got_i = got_m[i]
        for a in mine:
            g_now = got_i[k]
            if g_now >= n_ik:
                break
            j = session_of[a]
            gain = value_of[a] + bonus * (min(1.0, (g_now + minutes_of[a]) / n_ik) - min(1.0, g_now / n_ik))
            best_loss, best = cheapest_in(j)
            # The person is not in the session (the arc is not chosen), so the place given up is another's.
            if best is None or best_loss >= gain - 1e-6:
                continue
            o, ko, mb = person_of[best], week_list[best], minutes_of[best]
            # Giving up that place would leave a woman alone in a mixed group: no move (told before the
            # plan is touched, as most refused moves are refused for this).
            if women_rule and mixed[j] and women_already[j] + women_new[j] - female[o] == 1:
                continue
            state.remove(best)
            got_m[o][ko] -= mb
            if not state.fits(a, strict_women=True):
                state.add(best)
                got_m[o][ko] += mb
                continue
            state.add(a)
            forget(o, ko)
            forget(i, k)
            got_i[k] += minutes_of[a]
            in_session[j].remove(best)
            in_session[j].append(a)
            pw_chosen[(o, ko)].remove(best)
            pw_chosen.setdefault((i, k), []).append(a)
            cheapest.pop(j, None)
