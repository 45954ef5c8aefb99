"""One place at a time: who could fill a session's free place, or which sessions a person could do.

A coordinator booking by hand sees the candidates ranked by the engine's own points for that single
placement (`candidates.scored_arcs` plus the weekly-minimum share, `solver.single_placement_points`),
so the order is the order matching would prefer. Whether a placement is allowed is the independent
checker's `check_placement`, whose sentences are shown for everyone it refuses.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from .candidates import build_context, haversine_km, scored_arcs
from .checker import check_placement
from .explain import hours_text
from .model import Problem
from .solver import single_placement_points
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


def rank_placements(problem: Problem, pairs: Iterable[tuple[int, int]] | None = None) -> Ranking:
    """Every (person id, session id) pair (all of them by default), checked and ranked on its own."""
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

    enemies: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for a, b in problem.non_associations:
        enemies[a].append((a, b))
        enemies[b].append((a, b))
    fits, refused = [], []
    for k, (person_id, session_id) in enumerate(pairs):
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
        placement = RankedPlacement(
            person_id=person_id,
            session_id=session_id,
            points=round(float(points[k]), 3),
            km=round(distance, 2),
            minutes=int(arcs.minutes[k]),
            reasons=[] if refusals else _fit_reasons(problem, person, session, distance, int(arcs.skills_matched[k])),
            refusals=refusals,
        )
        (refused if refusals else fits).append(placement)
    fits.sort(key=lambda r: (-r.points, r.km, r.person_id, r.session_id))
    refused.sort(key=lambda r: (r.km, r.person_id, r.session_id))
    return Ranking(fits, refused)


def _fit_reasons(problem: Problem, person, session, km: float, skills_matched: int) -> list[str]:
    reasons = [f"{km:.1f} km from home", f"{hours_text(person.minutes_left)} still to place"]
    reasons.append(urgency_reason(person, problem.today, problem.weights))
    if skills_matched:
        reasons.append("uses skills: " + ", ".join(sorted(person.skills & session.skills)))
    if person.last_project_id is not None and person.last_project_id == session.project_id:
        reasons.append("same project as last time")
    return reasons
