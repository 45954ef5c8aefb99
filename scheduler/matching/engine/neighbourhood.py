"""Exact re-solving of neighbourhoods of a plan (large-neighbourhood search), after the flow and its repairs.

The flow path loses against the LP bound mostly in the weekly-minimum term: the flow states the minute rules
as cautious counts and cannot state the only-woman or close-supervision rules, so the repairs take people
out and local swaps win back only part of it. Here a group of people near one another is freed (every
place of theirs may change) while everyone else's places are held fixed, and the exact MIP
(`objective.objective_model`, every hard rule) chooses the group's places given the rest: the fixed places
count as places already taken (their women, their people needing close supervision, their
non-associations). A group's new places replace its old ones only when the plan's objective rises, so
the plan never gets worse and stays legal on every rule.

Groups hold about `target_arcs` candidate pairs (each person's best sessions, each session's best people,
more for sessions with empty places, and every place of the plan) and follow one another in space. Sweeps
alternate: people ordered along a Z-curve of their best session's site; everyone who could take a place on
a run of neighbouring sessions (so that people competing for the same places are solved together); the
people again, cut half a group later. Within a sweep the groups most short of the weekly minimum go first.
It stops at the deadline, or when a whole sweep raises the objective by less than `MIN_SWEEP_GAIN`.
Each group is small enough for HiGHS to solve to optimality in about a second: it gets no warm start
(model_builder's HiGHS crashes on hints in ortools 9.15), so a larger model may end with no plan at all.
"""

from __future__ import annotations

import dataclasses
import time

import numpy as np

from .candidates import Arcs, Context, _top_k, z_order
from .objective import (
    _weekly_minimum_groups,
    objective_model,
    plan_objective,
    single_placement_points,
    solve_model,
)

TARGET_ARCS = 2_500
PER_PERSON = 6
PER_PERSON_DAY = 2
PER_SESSION = 16
PER_EMPTY_SESSION = 64
SUB_MIP_TIME_LIMIT_S = 5.0
SUB_MIP_REL_GAP = 1e-3
MIN_SWEEP_GAIN = 1e-4  # stop once a whole sweep raises the objective by less than this share


def improve(
    ctx: Context,
    arcs: Arcs,
    chosen: np.ndarray,
    pinned_arcs,
    *,
    deadline: float,
    threads: int = 2,
    target_arcs: int = TARGET_ARCS,
    sweeps: int = 8,
) -> tuple[np.ndarray, int]:
    """A plan at least as good as `chosen` by `plan_objective`; and how many groups were re-solved."""
    n_a = len(arcs.i)
    if not n_a or time.perf_counter() >= deadline:
        return chosen, 0
    n_p, n_d = len(ctx.problem.people), max(len(ctx.days), 1)
    points = single_placement_points(ctx, arcs)
    pinned = np.zeros(n_a, dtype=bool)
    pinned[list(pinned_arcs)] = True
    candidate = _top_k(arcs.i.astype(np.int64) * n_d + ctx.s_day[arcs.j], points, PER_PERSON_DAY, n_p * n_d)
    candidate &= _top_k(arcs.i, points, PER_PERSON, n_p)
    n_s = len(ctx.problem.sessions)
    candidate |= _top_k(arcs.j, points, PER_SESSION, n_s)
    # Places the plan leaves empty are where the flow's repairs lost most: those sessions keep more candidates.
    empty = ctx.s_free - np.bincount(arcs.j[chosen], minlength=n_s) > 0
    candidate |= _top_k(arcs.j, np.where(empty[arcs.j], points, -np.inf), PER_EMPTY_SESSION, n_s) & empty[arcs.j]
    candidate |= chosen | pinned
    enemies = _enemies(ctx)

    chosen = chosen.copy()
    best = plan_objective(ctx, arcs, chosen)
    solved = 0
    kinds = ("people", "sessions", "people shifted", "sessions")
    for sweep in range(sweeps):
        kind = kinds[sweep % len(kinds)]
        before = best
        for people in _groups(ctx, arcs, points, candidate, chosen, target_arcs, kind=kind):
            if time.perf_counter() >= deadline:
                return chosen, solved
            trial = _resolve_group(ctx, arcs, chosen, candidate, pinned, people, enemies, deadline, threads)
            solved += 1
            if trial is None:
                continue
            value = plan_objective(ctx, arcs, trial)
            if value > best + 1e-6:
                chosen, best = trial, value
        if sweep >= 1 and best <= before * (1 + MIN_SWEEP_GAIN):
            break  # a sweep that gains this little means the groups agree with one another
    return chosen, solved


def _enemies(ctx: Context) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for a, b in ctx.problem.non_associations:
        ia, ib = ctx.person_index.get(a), ctx.person_index.get(b)
        if ia is not None and ib is not None:
            out.setdefault(ia, []).append(ib)
            out.setdefault(ib, []).append(ia)
    return out


def _groups(ctx, arcs, points, candidate, chosen, target_arcs, *, kind: str):
    """People in groups of about `target_arcs` candidate pairs, neighbours together, most promising first.

    "people": people ordered along a Z-curve of their best session's site, cut into groups; "people
    shifted" the same, cut half a group later; "sessions": sessions ordered along a Z-curve of their site,
    each group everyone who could take a place on a run of them (so that people competing for the same
    places are re-solved together)."""
    n_p = len(ctx.problem.people)
    per_person = np.bincount(arcs.i[candidate], minlength=n_p)
    people = np.nonzero(per_person)[0]
    if not len(people):
        return []
    if kind == "sessions":
        groups = _groups_by_sessions(ctx, arcs, candidate, per_person, target_arcs)
    else:
        # Each person's best session (by points) places them on the map.
        order = np.lexsort((-points, arcs.i))
        first = np.searchsorted(arcs.i[order], people)
        j = arcs.j[order[first]]
        key = z_order(ctx.s_lat[j], ctx.s_lon[j])
        people = people[np.lexsort((people, key))]
        cum = np.cumsum(per_person[people])
        offset = target_arcs // 2 if kind == "people shifted" else 0
        cut = ((cum + offset) // target_arcs).astype(np.int64)
        groups = np.split(people, np.flatnonzero(np.diff(cut)) + 1)

    # Promise: person-weeks of the group still short of the weekly minimum.
    group_of_arc, need = _weekly_minimum_groups(ctx, arcs)
    short = np.zeros(n_p)
    if len(need):
        sel = group_of_arc >= 0
        got = np.bincount(group_of_arc[sel & chosen], weights=arcs.minutes[sel & chosen], minlength=len(need))
        shortfall = np.maximum(1.0 - got / need, 0.0)
        owner = np.zeros(len(need), dtype=np.int64)
        owner[group_of_arc[sel]] = arcs.i[sel]
        np.add.at(short, owner, shortfall)
    promise = [float(short[g].sum()) for g in groups]
    return [groups[k] for k in np.argsort(-np.array(promise), kind="stable") if promise[k] > 0]


def _groups_by_sessions(ctx, arcs, candidate, per_person, target_arcs):
    sel = np.nonzero(candidate)[0]
    n_s = len(ctx.problem.sessions)
    by_session = sel[np.argsort(arcs.j[sel], kind="stable")]
    bounds = np.searchsorted(arcs.j[by_session], np.arange(n_s + 1))
    key = z_order(ctx.s_lat, ctx.s_lon)
    groups, current, size = [], set(), 0
    for j in np.lexsort((ctx.s_day, key)).tolist():
        for i in arcs.i[by_session[bounds[j] : bounds[j + 1]]].tolist():
            if i not in current:
                current.add(i)
                size += int(per_person[i])
        if size >= target_arcs:
            groups.append(np.array(sorted(current), dtype=np.int64))
            current, size = set(), 0
    if current:
        groups.append(np.array(sorted(current), dtype=np.int64))
    return groups


def _resolve_group(ctx, arcs, chosen, candidate, pinned, people, enemies, deadline, threads):
    """The best places for `people` given everyone else's (fixed), by the exact MIP; None if not solved."""
    n_p, n_s = len(ctx.problem.people), len(ctx.problem.sessions)
    in_group = np.zeros(n_p, dtype=bool)
    in_group[people] = True
    others = chosen & ~in_group[arcs.i]
    o_i, o_j = arcs.i[others], arcs.j[others]
    taken = np.bincount(o_j, minlength=n_s)
    women = np.bincount(o_j[ctx.p_female[o_i]], minlength=n_s)
    close = np.bincount(o_j[ctx.p_close[o_i]], minlength=n_s)

    free = np.maximum(ctx.s_free - taken, 0)
    size = ctx.problem.rules.close_supervision_group_size
    newly_close = (close > 0) & (ctx.s_close_already == 0)
    free = np.where(newly_close, np.minimum(free, np.maximum(size - ctx.s_taken - taken, 0)), free)
    sub_ctx = dataclasses.replace(
        ctx,
        s_free=free,
        s_taken=ctx.s_taken + taken,
        s_women_already=ctx.s_women_already + women,
        s_close_already=ctx.s_close_already + close,
    )

    idx = np.nonzero(candidate & in_group[arcs.i])[0]
    # A place beside someone they must not meet, among the fixed places, is not open to them.
    if enemies:
        held = set(zip(o_i.tolist(), o_j.tolist(), strict=True))
        ok = np.ones(len(idx), dtype=bool)
        for k, (i, j) in enumerate(zip(arcs.i[idx].tolist(), arcs.j[idx].tolist(), strict=True)):
            for e in enemies.get(i, ()):
                if (e, j) in held:
                    ok[k] = False
                    break
        idx = idx[ok]
    if not len(idx):
        return None
    sub = Arcs(
        arcs.i[idx],
        arcs.j[idx],
        arcs.km[idx],
        arcs.minutes[idx],
        arcs.value[idx],
        arcs.skills_matched[idx],
        arcs.continuity[idx],
        arcs.kept[idx],
    )
    # A woman held among the others, or one already booked, whom the group's women keep company on a mixed
    # group with others placed: the model sees her as taken, so the group's women there are kept.
    if ctx.problem.rules.women_never_only_woman:
        company = ctx.s_mixed_group & (ctx.s_women_already + women == 1) & (taken > 0)
        keep = chosen[idx] & company[arcs.j[idx]] & ctx.p_female[arcs.i[idx]]
    else:
        keep = np.zeros(len(idx), dtype=bool)
    sub_pins = np.nonzero(pinned[idx] | keep)[0].tolist()
    model, cols = objective_model(sub_ctx, sub, sub_pins)
    limit = min(SUB_MIP_TIME_LIMIT_S, deadline - time.perf_counter())
    if limit <= 0.1:
        return None
    x = solve_model(model, cols, len(idx), time_limit_s=limit, rel_gap=SUB_MIP_REL_GAP, threads=threads)
    if x is None:
        return None
    trial = chosen & ~in_group[arcs.i]
    trial[idx[x]] = True
    return trial
