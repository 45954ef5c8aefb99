"""One place at a time: who could fill a session's free place, or which sessions a person could do.

A coordinator booking by hand sees the candidates ranked by the engine's own points for that single
placement (`candidates.scored_arcs` plus the weekly-minimum share, `objective.single_placement_points`),
so the order is the order matching would prefer. Whether a placement is allowed is the independent
checker's `check_placement`, whose sentences are shown for everyone it refuses.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from .candidates import build_context, haversine_km, pair_rules, scored_arcs
from .checker import check_placement
from .explain import hours_text
from .model import Problem
from .objective import single_placement_points
from .urgency import urgency_array, urgency_reason


@dataclass(frozen=True)
class RankedPlacement:
    person_id: int
    session_id: int
    points: float  # the engine's objective for this placement alone
    km: float
    minutes: int  # credited minutes of the session
    reasons: list[str] = field(default_factory=list)  # why it fits: distance, hours owed, pace, skills
    refusals: list[str] = field(default_factory=list)  # the checker's sentences; empty: may be booked

    @property
    def fits(self) -> bool:
        return not self.refusals


@dataclass(frozen=True)
class Ranking:
    fits: list[RankedPlacement]  # best first
    refused: list[RankedPlacement]  # nearest first, each with the rules that refuse it
    likely_fits: int = 0  # pairs the engine's single-pair rules allow (all of them are checked without a limit)
    considered: int = 0


def rank_placements(
    problem: Problem, pairs: Iterable[tuple[int, int]] | None = None, *, limit: int | None = None
) -> Ranking:
    """Every (person id, session id) pair (all of them by default), checked and ranked on its own.

    With `limit`, only the best `limit` that fit and the nearest `limit` that do not are checked and
    returned: the engine's own single-pair rules (`pair_rules`, vectorised) put each pair on the side
    it will most likely fall, and `check_placement` decides, so a long list costs a few checks."""
    people, sessions = problem.people, problem.sessions
    if pairs is None:
        pairs = [(p.id, s.id) for p in people for s in sessions]
    pairs = list(pairs)
    if not pairs:
        return Ranking([], [])
    urgency = urgency_array(people, problem.today, problem.weights)
    ctx = build_context(problem, urgency)
    i = np.array([ctx.person_index[p] for p, _ in pairs], dtype=np.int64)
    j = np.array([ctx.session_index[s] for _, s in pairs], dtype=np.int64)
    km = haversine_km(ctx.p_lat[i], ctx.p_lon[i], ctx.s_lat[j], ctx.s_lon[j])
    arcs = scored_arcs(ctx, i, j, km)
    points = single_placement_points(ctx, arcs)
    likely = ctx.p_eligible[i] & (ctx.p_left[i] > 0)
    for allowed in pair_rules(ctx, i, j, km).values():
        likely &= allowed

    enemies: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for a, b in problem.non_associations:
        enemies[a].append((a, b))
        enemies[b].append((a, b))

    def placement(k: int) -> RankedPlacement:
        person_id, session_id = pairs[k]
        person, session = people[i[k]], sessions[j[k]]
        # The checker sees only this person, this session and their non-associations: every rule a
        # single addition can break involves nothing else, and it keeps each check small.
        alone = Problem(
            people=[person],
            sessions=[session],
            today=problem.today,
            non_associations=enemies.get(person_id, []),
            rules=problem.rules,
            weights=problem.weights,
        )
        refusals = check_placement(alone, [], person_id, session_id)
        distance = float(km[k])
        return RankedPlacement(
            person_id=person_id,
            session_id=session_id,
            points=round(float(points[k]), 3),
            km=round(distance, 2),
            minutes=int(arcs.minutes[k]),
            reasons=[] if refusals else _fit_reasons(problem, person, session, distance, int(arcs.skills_matched[k])),
            refusals=refusals,
        )

    fits, refused = [], []
    best_first = sorted(np.nonzero(likely)[0].tolist(), key=lambda k: (-points[k], km[k], pairs[k]))
    nearest_first = sorted(np.nonzero(~likely)[0].tolist(), key=lambda k: (km[k], pairs[k]))
    for k in best_first:
        if limit is not None and len(fits) >= limit:
            break
        checked = placement(k)
        (refused if checked.refusals else fits).append(checked)
    for k in nearest_first:
        if limit is not None and len(refused) >= limit:
            break
        checked = placement(k)
        (refused if checked.refusals else fits).append(checked)
    fits.sort(key=lambda r: (-r.points, r.km, r.person_id, r.session_id))
    refused.sort(key=lambda r: (r.km, r.person_id, r.session_id))
    if limit is not None:
        fits, refused = fits[:limit], refused[:limit]
    return Ranking(fits, refused, likely_fits=int(likely.sum()), considered=len(pairs))


def _fit_reasons(problem: Problem, person, session, km: float, skills_matched: int) -> list[str]:
    reasons = [f"{km:.1f} km from home", f"{hours_text(person.minutes_left)} still to place"]
    reasons.append(urgency_reason(person, problem.today, problem.weights))
    if skills_matched:
        reasons.append("uses skills: " + ", ".join(sorted(person.skills & session.skills)))
    if person.last_project_id is not None and person.last_project_id == session.project_id:
        reasons.append("same project as last time")
    return reasons
