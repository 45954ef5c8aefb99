"""A short explanation for every person: why placed there, or the binding reasons for being left out.

For a person left out, the sessions of the run go through a funnel in a fixed order (reach, then
availability, then restrictions, then the person's own days and weeks, then non-associations, then free
places, then competition), and the reason given is the stage that removed the last session, with the
rules that did it. That is the "binding" reason: relaxing it would put sessions back in reach.
"""

from __future__ import annotations

import numpy as np

from .candidates import (
    _WITHOUT_DISTANCE,
    EARTH_RADIUS_KM,
    PREFILTER_SLACK_KM,
    RULE_ORDER,
    SAFETY_KM,
    Arcs,
    Context,
    _outside_zones,
    _unit_vectors,
    allowed_pairs,
    haversine_km,
    pair_rules,
    z_order,
)
from .model import Explanation, Person, Session
from .urgency import urgency_reason

_CHUNK_CELLS = 2_000_000

# Plural: "3 sessions ..." (one session: RESTRICTION_TEXT_ONE).
RESTRICTION_TEXT = {
    "children": "involve children",
    "vulnerable_adults": "involve vulnerable adults",
    "public_facing": "are public-facing",
    "heavy_work": "involve heavy work",
    "accessible_site": "are not on accessible sites",
    "individual_only": "are group sessions (individual placement only)",
    "unsuitable_for_individual": "are individual placements (unsuitable for one)",
    "women_only": "are for women only",
    "female_only_preference": "are mixed groups (a female-only group or individual placement is to be offered)",
    "individual_preference": "are group sessions (the person chose an individual placement)",
    "close_supervision": "have no probation supervisor or too many people for close supervision",
    "supervisor_gender": "have a supervisor of the gender the person must not be supervised by",
}
RESTRICTION_TEXT_ONE = {
    "children": "involves children",
    "vulnerable_adults": "involves vulnerable adults",
    "public_facing": "is public-facing",
    "heavy_work": "involves heavy work",
    "accessible_site": "is not on an accessible site",
    "individual_only": "is a group session (individual placement only)",
    "unsuitable_for_individual": "is an individual placement (unsuitable for one)",
    "women_only": "is for women only",
    "female_only_preference": "is a mixed group (a female-only group or individual placement is to be offered)",
    "individual_preference": "is a group session (the person chose an individual placement)",
    "close_supervision": "has no probation supervisor or too many people for close supervision",
    "supervisor_gender": "has a supervisor of the gender the person must not be supervised by",
}
# The placed summary names the person's priority after this marker; the review page reads it back
# to restate the summary after hand edits (scheduler.matching.selectors.placed_summary).
PRIORITY_MARK = "; priority: "
STAGES = (
    ("no_session_in_reach", ("travel", "exclusion_zone")),
    ("not_available", ("availability",)),
    ("restrictions", tuple(RESTRICTION_TEXT)),
    ("days_and_weeks", ("busy_day", "weekly_maximum")),
    ("non_association", ("non_association",)),
    ("full", ("full",)),
)


def explain(ctx: Context, arcs: Arcs, chosen: np.ndarray) -> dict[int, Explanation]:
    prob = ctx.problem
    out: dict[int, Explanation] = {}
    placed_arcs: dict[int, list[int]] = {}
    for a in np.nonzero(chosen)[0].tolist():
        placed_arcs.setdefault(int(arcs.i[a]), []).append(a)
    for i, mine in placed_arcs.items():
        out[prob.people[i].id] = _explain_placed(ctx, arcs, i, mine)
    had_arcs = np.zeros(len(prob.people), dtype=bool)
    had_arcs[arcs.i] = True
    left_out = [i for i in range(len(prob.people)) if i not in placed_arcs]
    todo = []
    for i in left_out:
        p = prob.people[i]
        if not p.eligible:
            out[p.id] = Explanation(p.id, False, "Not matched: induction not done.", [], ["induction_not_done"])
        elif p.minutes_left <= 0:
            out[p.id] = Explanation(
                p.id, False, "Not matched: the hours still owed are already booked on sessions.", [], ["no_hours_left"]
            )
        else:
            todo.append(i)
    _explain_left_out(ctx, arcs, chosen, np.array(todo, dtype=np.int64), had_arcs, out)
    return out


def hours_text(minutes: float) -> str:
    """Minutes as hours in words: 60 -> "1 hour", 450 -> "7.5 hours"."""
    value = round(minutes / 60, 2)
    return f"{value:g} hour{'' if value == 1 else 's'}"


def placed_summary(sessions: int, credited_minutes: float, minutes_left: float, priority: str = "") -> str:
    """ "Placed on 2 sessions (14 hours of 60 hours left); priority: on pace." """
    text = (
        f"Placed on {sessions} session{'' if sessions == 1 else 's'} "
        f"({hours_text(credited_minutes)} of {hours_text(minutes_left)} left)"
    )
    return text + (f"{PRIORITY_MARK}{priority}." if priority else ".")


def place_heading(session: Session) -> str:
    """The session in a detail line, naming the date once (labels often hold it already)."""
    day = f"{session.date:%a %d %b}"
    label = session.label or str(session.id)
    head = label if day in label else f"{label}, {day}"
    return f"{head} {session.start:%H:%M}-{session.end:%H:%M}"


def place_reasons(person: Person, session: Session, km: float | None, *, kept: bool = False) -> str:
    """Why this place suits the person, each fact once: "9.4 km from home; uses skills: painting"."""
    bits = [] if km is None else [f"{float(km):.1f} km from home"]
    matched = sorted(person.skills & session.skills)
    if matched:
        bits.append("uses skills: " + ", ".join(matched))
    if person.last_project_id is not None and person.last_project_id == session.project_id:
        bits.append("same project as last time")
    if kept:
        bits.append("kept from the previous plan")
    return "; ".join(bits)


def _explain_placed(ctx: Context, arcs: Arcs, i: int, mine: list[int]) -> Explanation:
    prob = ctx.problem
    person = prob.people[i]
    details = []
    total = 0
    for a in sorted(mine, key=lambda a: prob.sessions[int(arcs.j[a])].date):
        s = prob.sessions[int(arcs.j[a])]
        total += int(arcs.minutes[a])
        reasons = place_reasons(person, s, float(arcs.km[a]), kept=bool(arcs.kept[a]))
        details.append(f"{place_heading(s)}: {reasons}")
    credited = min(total, person.minutes_left)
    summary = placed_summary(len(mine), credited, person.minutes_left, urgency_reason(person, prob.today, prob.weights))
    return Explanation(person.id, True, summary, details, [])


EXPLAIN_CHUNK_PEOPLE = 256
# The rules a remedy does not change (neither travel nor the days, nor places full at the start).
_OTHER_RULES = frozenset(RULE_ORDER) - {"travel", "availability", "full"}
WIDER_KM = 10  # how much further a suggestion to widen travel looks


def _takers(ctx: Context, arcs: Arcs, chosen: np.ndarray) -> dict[int, list[tuple[int, float]]]:
    """Session index -> the people the plan puts there, as (person index, km)."""
    out: dict[int, list[tuple[int, float]]] = {}
    for a in np.nonzero(chosen)[0].tolist():
        out.setdefault(int(arcs.j[a]), []).append((int(arcs.i[a]), float(arcs.km[a])))
    return out


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _outranked_detail(ctx: Context, explanation: Explanation, i: int, j: int, km: float, taken_by) -> None:
    """Names the nearest session the person could have had, who took its last place and why."""
    if j < 0 or j not in taken_by:
        return
    prob = ctx.problem
    session = prob.sessions[j]
    takers = taken_by[j]
    # The place most open to question: the least urgent of the people the plan put there.
    k, their_km = min(takers, key=lambda t: (ctx.p_urgency[t[0]], -t[1]))
    other = prob.people[k]
    mine, theirs = float(ctx.p_urgency[i]), float(ctx.p_urgency[k])
    if theirs > mine + 1e-9:
        why = "a higher priority (more urgent)"
    elif their_km < km - 0.05:
        why = f"the same or a lower priority, but they live nearer ({their_km:.1f} km against {km:.1f} km)"
    else:
        why = (
            "the same or a lower priority, but that place brings them to their weekly minimum while other "
            "places were used to bring more people to theirs"
        )
    rest = len(takers) - 1
    with_others = f" and {_plural(rest, 'other person', 'other people')}" if rest else ""
    explanation.details.append(
        f"{place_heading(session)} ({km:.1f} km away) went to {other.label or other.id}{with_others}: {why}."
    )
    explanation.reason_codes.append("session_taken")


def _remedies(ctx: Context, explanation: Explanation, i: int, wider: np.ndarray, other_days: np.ndarray) -> None:
    prob = ctx.problem
    person = prob.people[i]
    if len(other_days):
        names = sorted({prob.sessions[j].date for j in other_days.tolist()})
        days = ", ".join(f"{d:%a %d %b}" for d in names[:3]) + (" and more" if len(names) > 3 else "")
        explanation.details.append(
            f"Ask whether they could work another day: {_plural(len(other_days), 'session', 'sessions')} in "
            f"reach still {'has' if len(other_days) == 1 else 'have'} room when they are not available ({days})."
        )
    if len(wider):
        explanation.details.append(
            f"Widening their maximum travel from {person.max_travel_km:g} to "
            f"{person.max_travel_km + WIDER_KM:g} km would reach "
            f"{_plural(len(wider), 'session', 'sessions')} with room."
        )
    explanation.details.append("Or plan them first in the next run: their priority rises as their deadline nears.")


def _explain_left_out(ctx: Context, arcs: Arcs, chosen: np.ndarray, todo: np.ndarray, had_arcs: np.ndarray, out):
    prob = ctx.problem
    n_s = len(prob.sessions)
    if not len(todo):
        return
    if n_s == 0:
        for i in todo.tolist():
            p = prob.people[i]
            out[p.id] = Explanation(p.id, False, "Not matched: there are no sessions in this run.", [], ["no_sessions"])
        return
    taken_by = _takers(ctx, arcs, chosen)
    free_after = ctx.s_free - np.bincount(arcs.j[chosen], minlength=n_s)
    # Only sessions within the maximum travel plus WIDER_KM can matter beyond the first stage (every other
    # one fails "travel" there), so each person is measured only against the sessions that near (a chunk
    # of people at a time); the first stage's counts of the sessions left aside are added back.
    s_unit = _unit_vectors(ctx.s_lat, ctx.s_lon)
    reach = np.cos(np.minimum((ctx.p_max_km + WIDER_KM + PREFILTER_SLACK_KM) / EARTH_RADIUS_KM, np.pi))
    # People along a Z-curve of their homes, in small chunks: a chunk then covers a small area, so the
    # sessions near any of its people are few (long chunks of a row-major grid reached most sessions).
    nearby_first = todo[np.lexsort((todo, z_order(ctx.p_lat[todo], ctx.p_lon[todo])))]
    rows_per_chunk = max(1, min(EXPLAIN_CHUNK_PEOPLE, _CHUNK_CELLS // n_s))
    found: dict[int, Explanation] = {}
    for start in range(0, len(nearby_first), rows_per_chunk):
        rows = nearby_first[start : start + rows_per_chunk]
        near = (_unit_vectors(ctx.p_lat[rows], ctx.p_lon[rows]) @ s_unit.T) >= reach[rows, None]
        _explain_chunk(ctx, rows, near, taken_by, free_after, had_arcs, found)
    for i in todo.tolist():
        pid = prob.people[i].id
        out[pid] = found[pid]


def _explain_chunk(ctx: Context, rows: np.ndarray, near: np.ndarray, taken_by, free_after, had_arcs, out) -> None:
    """Explanations for the people `rows`, from the pairs (row, session) that `near` marks: every session
    within their maximum travel plus WIDER_KM (the others fail "travel" and are only counted).

    Most people left out were outranked (some session allowed them): they need only the sessions that
    allow them and, for the remedies, those with room after the plan. So every rule is worked out on all
    their pairs only for the people no session allows (whose binding reason is looked for stage by stage);
    the others' pairs go through the rules one by one, each on the pairs still allowed."""
    n_r = len(rows)
    r, jj = np.nonzero(near)  # by row, then by session
    ii = rows[r]
    km = np.full(len(r), np.nan)

    def measured(sel: np.ndarray) -> np.ndarray:
        todo = sel[np.isnan(km[sel])]
        km[todo] = haversine_km(ctx.p_lat[ii[todo]], ctx.p_lon[ii[todo]], ctx.s_lat[jj[todo]], ctx.s_lon[jj[todo]])
        return km[sel]

    alive = np.zeros(len(r), dtype=bool)
    pre = np.nonzero(allowed_pairs(ctx, ii, jj, None, names=_WITHOUT_DISTANCE))[0]
    alive[pre[allowed_pairs(ctx, ii[pre], jj[pre], measured(pre), names=("travel", "exclusion_zone"))]] = True
    alive_count = np.bincount(r[alive], minlength=n_r)
    stage_of = np.full(n_r, -1)
    killers: list[dict[str, int]] = [{} for _ in range(n_r)]
    dead = np.nonzero(alive_count == 0)[0]
    if len(dead):
        _binding_stages(ctx, rows, near, dead, stage_of, killers)
    # Remedies for the outranked: sessions with room after the plan that only travel, or only availability,
    # keeps from them.
    rem = np.nonzero((alive_count > 0)[r] & (free_after[jj] > 0) & ~alive)[0]
    rem_km = measured(rem)
    travel = rem_km <= ctx.p_max_km[ii[rem]] - SAFETY_KM
    available = pair_rules(ctx, ii[rem], jj[rem], rem_km, names=("availability",))["availability"]
    maybe = (travel ^ available) & (travel | (rem_km <= ctx.p_max_km[ii[rem]] + WIDER_KM))
    rem, travel, available, rem_km = rem[maybe], travel[maybe], available[maybe], rem_km[maybe]
    others = allowed_pairs(ctx, ii[rem], jj[rem], rem_km, names=_OTHER_RULES)
    wider = np.zeros(len(r), dtype=bool)
    other_days = np.zeros(len(r), dtype=bool)
    wider[rem[others & available & ~travel]] = True
    other_days[rem[others & travel & ~available]] = True
    bounds = np.searchsorted(r, np.arange(n_r + 1)).tolist()
    alive_list = alive_count.tolist()
    for row, i in enumerate(rows.tolist()):
        explanation = _left_out_text(ctx, i, int(stage_of[row]), killers[row], alive_list[row], bool(had_arcs[i]))
        if int(stage_of[row]) < 0:
            lo, hi = bounds[row], bounds[row + 1]
            lost = lo + np.nonzero(alive[lo:hi])[0]
            nearest = int(lost[np.argmin(km[lost])]) if len(lost) else -1
            away = float(km[nearest]) if nearest >= 0 else 0.0
            _outranked_detail(ctx, explanation, i, int(jj[nearest]) if nearest >= 0 else -1, away, taken_by)
            mine = jj[lo:hi]
            _remedies(ctx, explanation, i, mine[wider[lo:hi]], mine[other_days[lo:hi]])
        out[ctx.problem.people[i].id] = explanation


def _binding_stages(ctx: Context, rows, near, dead, stage_of, killers) -> None:
    """For the people `rows[dead]`, whom no session allows: the first stage of rules that leaves them none,
    and how many sessions each rule of that stage took away."""
    n_s = len(ctx.problem.sessions)
    r, jj = np.nonzero(near[dead])
    ii = rows[dead][r]
    km = haversine_km(ctx.p_lat[ii], ctx.p_lon[ii], ctx.s_lat[jj], ctx.s_lon[jj])
    rules = pair_rules(ctx, ii, jj, km)
    n_d = len(dead)
    bounds = np.searchsorted(r, np.arange(n_d + 1))
    alive = np.ones(len(r), dtype=bool)
    for k, (_, names) in enumerate(STAGES):
        before = alive.copy()
        for name in names:
            alive &= rules[name]
        # Every session is alive before the first stage, including those left aside.
        had_any = np.ones(n_d, dtype=bool) if k == 0 else np.bincount(r[before], minlength=n_d) > 0
        died = had_any & (np.bincount(r[alive], minlength=n_d) == 0) & (stage_of[dead] < 0)
        if not died.any():
            continue
        counts = {name: np.bincount(r[before & ~rules[name]], minlength=n_d) for name in names}
        for d in np.nonzero(died)[0].tolist():
            row = int(dead[d])
            stage_of[row] = k
            killers[row] = {name: int(counts[name][d]) for name in names}
            left_aside = n_s - int(bounds[d + 1] - bounds[d])
            if k == 0 and left_aside:
                killers[row]["travel"] += left_aside
                mine = jj[bounds[d] : bounds[d + 1]]
                killers[row]["exclusion_zone"] += _sessions_in_zones(ctx, int(rows[row]), mine)


def _sessions_in_zones(ctx: Context, i: int, cols: np.ndarray) -> int:
    """Sessions outside `cols` inside one of the person's exclusion zones."""
    if not ctx.problem.people[i].exclusion_zones:
        return 0
    rest = np.setdiff1d(np.arange(len(ctx.problem.sessions)), cols)
    return int((~_outside_zones(ctx, np.full(len(rest), i), rest)).sum())


def _left_out_text(ctx: Context, i: int, stage: int, killers: dict[str, int], alive: int, had_arcs: bool):
    p = ctx.problem.people[i]
    name = "the person"
    km = f"{p.max_travel_km:g} km"
    if stage < 0:
        codes = ["outranked"]
        if alive == 1:
            text = (
                "the one suitable session with free places went to people with a higher priority "
                "(more urgent, nearer or a better fit)."
            )
        else:
            text = (
                f"all {alive} suitable sessions with free places went to people with a higher priority "
                "(more urgent, nearer or a better fit)."
            )
        if p.gender == "female" and ctx.problem.rules.women_never_only_woman:
            text += " A woman is never placed as the only woman in a mixed group, which can leave places unused."
            codes.append("only_woman")
        if not had_arcs:
            codes.append("pruned")
        return Explanation(p.id, False, "Not matched: " + text, [], codes)
    code, _ = STAGES[stage]
    if code == "no_session_in_reach":
        text = f"no session within {km} of home"
        if killers.get("exclusion_zone"):
            text += " outside the exclusion zones"
        reasons = ["exclusion_zone"] if killers.get("exclusion_zone") and not killers.get("travel") else []
        return Explanation(p.id, False, f"Not matched: {text}.", [], [code, *reasons])
    if code == "not_available":
        return Explanation(
            p.id, False, f"Not matched: no session within {km} on the days and times {name} is available.", [], [code]
        )
    if code == "restrictions":
        parts = [
            f"{n} {(RESTRICTION_TEXT_ONE if n == 1 else RESTRICTION_TEXT)[k]}"
            for k, n in sorted(killers.items(), key=lambda kv: -kv[1])
            if n
        ]
        return Explanation(
            p.id,
            False,
            "Not matched: every session in reach on available days is unsuitable: " + "; ".join(parts) + ".",
            parts,
            [code, *[k for k, n in killers.items() if n]],
        )
    if code == "days_and_weeks":
        parts = []
        if killers.get("busy_day"):
            parts.append("already has a session on those days")
        if killers.get("weekly_maximum"):
            parts.append("weekly maximum reached in those weeks")
        return Explanation(
            p.id, False, "Not matched: " + "; ".join(parts) + ".", [], [code, *[k for k, n in killers.items() if n]]
        )
    if code == "non_association":
        return Explanation(
            p.id,
            False,
            "Not matched: someone the person must not be placed with is already on every suitable session.",
            [],
            [code],
        )
    return Explanation(p.id, False, "Not matched: all suitable sessions are full.", [], [code])
