"""Who could go where: the candidate arcs (person, session) that every hard rule on a single pair allows.

Everything is vectorised with numpy. Distances come from a haversine over a people x sessions block,
chunked so that 20,000 x 2,000 never holds more than a few million floats at once; only the pairs
within the person's maximum travel go on to the other rules, which are evaluated as vectors over those
pairs. Rules that involve more than one pair (capacity, one session a day, hours left, weekly maximum,
non-associations, the only woman in a mixed group) are the solver's constraints; only their single-pair
consequences are applied here (a session that is full, a day already taken, a session longer than
what is left of the week, a person already in the session or non-associated with someone there).

The same `pair_rules` feed the explanations of people left out, so a reason given to a coordinator is
exactly the rule that removed the pair. The independent checker (`checker.py`) shares none of this.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from .model import FEMALE, FEMALE_ONLY, INDIVIDUAL, NOT_FEMALE, NOT_MALE, Problem, Rules, Session

EARTH_RADIUS_KM = 6371.0088
# Pairs are kept only if clearly inside the travel limit and clearly outside exclusion zones, so a
# rounding difference between numpy and the checker's scalar maths can never make a placement illegal.
SAFETY_KM = 1e-6
_CHUNK_CELLS = 4_000_000
PREFILTER_SLACK_KM = 0.05
_PART_BOUNDS = ((0, 12 * 60), (12 * 60, 17 * 60), (17 * 60, 24 * 60))


def haversine_km(lat1, lon1, lat2, lon2):
    """Great-circle distance in km; arguments in degrees, numpy-broadcast."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dphi = p2 - p1
    dlmb = np.radians(lon2) - np.radians(lon1)
    a = np.sin(dphi / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def _unit_vectors(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Points on the unit sphere (n x 3) for latitudes and longitudes in degrees."""
    phi, lmb = np.radians(lat), np.radians(lon)
    return np.column_stack((np.cos(phi) * np.cos(lmb), np.cos(phi) * np.sin(lmb), np.sin(phi)))


def needed_availability_bits(date: dt.date, start: dt.time, end: dt.time) -> int:
    """The availability bits a session needs: every part of its weekday that it overlaps."""
    s, e = start.hour * 60 + start.minute, end.hour * 60 + end.minute
    weekday = date.weekday()
    bits = 0
    for part, (lo, hi) in enumerate(_PART_BOUNDS):
        if s < hi and e > lo:
            bits |= 1 << (weekday * 3 + part)
    return bits


def session_places(session: Session, rules: Rules) -> int:
    """The most people the session may hold: its capacity, and on a probation-supervised group the group
    size and what its supervisors can oversee; once someone needing close supervision is there, the
    close-supervision group size."""
    places = session.capacity
    if not session.is_individual:
        places = min(places, rules.group_size)
        if session.supervisors > 0 and session.people_per_supervisor > 0:
            places = min(places, session.supervisors * session.people_per_supervisor)
    if session.close_supervision_already:
        places = min(places, rules.close_supervision_group_size)
    return places


@dataclass
class Context:
    """The problem as arrays, index-aligned with problem.people (i) and problem.sessions (j)."""

    problem: Problem
    # sessions
    s_lat: np.ndarray
    s_lon: np.ndarray
    s_minutes: np.ndarray
    s_free: np.ndarray
    s_taken: np.ndarray
    s_women_already: np.ndarray  # women among the places taken
    s_close_already: np.ndarray  # people needing close supervision among the places taken
    s_need: np.ndarray
    s_day: np.ndarray
    s_week: np.ndarray
    s_project: np.ndarray
    s_individual: np.ndarray
    s_women_only: np.ndarray
    s_mixed_group: np.ndarray
    s_flags: dict[str, np.ndarray]
    s_has_male_sup: np.ndarray
    s_has_female_sup: np.ndarray
    s_skills: np.ndarray
    days: list[dt.date]
    weeks: list[tuple[int, int]]
    # people
    p_lat: np.ndarray
    p_lon: np.ndarray
    p_max_km: np.ndarray
    p_left: np.ndarray
    p_eligible: np.ndarray
    p_avail: np.ndarray
    p_female: np.ndarray
    p_flags: dict[str, np.ndarray]
    p_pref_female_only: np.ndarray
    p_pref_individual: np.ndarray  # women who chose an individual placement
    p_close: np.ndarray  # needs close supervision
    p_not_male: np.ndarray
    p_not_female: np.ndarray
    p_skills: np.ndarray
    p_last_project: np.ndarray
    p_busy: np.ndarray  # people x days
    p_week_left: np.ndarray  # people x weeks: weekly maximum less what is already planned
    p_urgency: np.ndarray
    person_index: dict[int, int]
    session_index: dict[int, int]
    blocked_pairs: set[tuple[int, int]]  # already in the session, or non-associated with someone there
    # Built on first use by the pair rules, which run over many chunks of pairs.
    _zones: tuple | None = field(default=None, repr=False)
    _blocked_keys: np.ndarray | None = field(default=None, repr=False)
    _blocked_people: np.ndarray | None = field(default=None, repr=False)


# Person restriction -> session flag it forbids (domain.md "Risk and restrictions", "Health").
FLAG_RULES = (
    ("no_children", "involves_children"),
    ("no_vulnerable_adults", "involves_vulnerable_adults"),
    ("not_public_facing", "public_facing"),
    ("no_heavy_work", "heavy_work"),
)


def build_context(problem: Problem, urgency: np.ndarray) -> Context:
    people, sessions = problem.people, problem.sessions
    days = sorted({s.date for s in sessions})
    weeks = sorted({s.iso_week for s in sessions})
    day_ix = {d: k for k, d in enumerate(days)}
    week_ix = {w: k for k, w in enumerate(weeks)}

    skill_bits: dict[str, int] = {}
    for s in sessions:
        for k in sorted(s.skills):
            if k not in skill_bits and len(skill_bits) < 64:
                skill_bits[k] = len(skill_bits)

    def skill_mask(skills) -> int:
        m = 0
        for k in skills:
            b = skill_bits.get(k)
            if b is not None:
                m |= 1 << b
        return m

    arr = np.array
    s_flags = {
        name: arr([getattr(s, name) for s in sessions], dtype=bool)
        for name in (
            "involves_children",
            "involves_vulnerable_adults",
            "public_facing",
            "heavy_work",
            "accessible_site",
        )
    }
    s_individual = arr([s.is_individual for s in sessions], dtype=bool)
    s_women_only = arr([s.women_only for s in sessions], dtype=bool)
    p_flags = {
        name: arr([getattr(p, name) for p in people], dtype=bool)
        for name in (
            "no_children",
            "no_vulnerable_adults",
            "not_public_facing",
            "no_heavy_work",
            "needs_accessible_site",
            "individual_only",
            "unsuitable_for_individual",
        )
    }
    p_busy = np.zeros((len(people), max(len(days), 1)), dtype=bool)
    p_week_left = np.zeros((len(people), max(len(weeks), 1)), dtype=np.int64)
    rules = problem.rules
    for i, p in enumerate(people):
        for d in p.busy_dates:
            k = day_ix.get(d)
            if k is not None:
                p_busy[i, k] = True
        cap = rules.weekly_max(p)
        p_week_left[i, :] = cap
        for w, minutes in p.planned_minutes_by_week.items():
            k = week_ix.get(tuple(w))
            if k is not None:
                p_week_left[i, k] = cap - minutes

    person_index = {p.id: i for i, p in enumerate(people)}
    session_index = {s.id: j for j, s in enumerate(sessions)}
    enemies: dict[int, set[int]] = {}
    for a, b in problem.non_associations:
        enemies.setdefault(a, set()).add(b)
        enemies.setdefault(b, set()).add(a)
    blocked: set[tuple[int, int]] = set()
    for j, s in enumerate(sessions):
        for pid in s.allocated_person_ids:
            i = person_index.get(pid)
            if i is not None:
                blocked.add((i, j))
            for other in enemies.get(pid, ()):
                k = person_index.get(other)
                if k is not None:
                    blocked.add((k, j))

    return Context(
        problem=problem,
        s_lat=arr([s.lat for s in sessions], dtype=float),
        s_lon=arr([s.lon for s in sessions], dtype=float),
        s_minutes=arr([s.credited_minutes for s in sessions], dtype=np.int64),
        s_free=arr([max(session_places(s, rules) - s.taken, 0) for s in sessions], dtype=np.int64),
        s_taken=arr([s.taken for s in sessions], dtype=np.int64),
        s_women_already=arr([s.women_already for s in sessions], dtype=np.int64),
        s_close_already=arr([s.close_supervision_already for s in sessions], dtype=np.int64),
        s_need=arr([needed_availability_bits(s.date, s.start, s.end) for s in sessions], dtype=np.int64),
        s_day=arr([day_ix[s.date] for s in sessions], dtype=np.int64),
        s_week=arr([week_ix[s.iso_week] for s in sessions], dtype=np.int64),
        s_project=arr([s.project_id for s in sessions], dtype=np.int64),
        s_individual=s_individual,
        s_women_only=s_women_only,
        s_mixed_group=~s_individual & ~s_women_only,
        s_flags=s_flags,
        s_has_male_sup=arr([any(g != FEMALE for g in s.supervisor_genders) for s in sessions], dtype=bool),
        s_has_female_sup=arr([FEMALE in s.supervisor_genders for s in sessions], dtype=bool),
        s_skills=arr([skill_mask(s.skills) for s in sessions], dtype=np.uint64),
        days=days,
        weeks=weeks,
        p_lat=arr([p.lat for p in people], dtype=float),
        p_lon=arr([p.lon for p in people], dtype=float),
        p_max_km=arr([p.max_travel_km for p in people], dtype=float),
        p_left=arr([p.minutes_left for p in people], dtype=np.int64),
        p_eligible=arr([p.eligible for p in people], dtype=bool),
        p_avail=arr([p.availability_mask for p in people], dtype=np.int64),
        p_female=arr([p.gender == FEMALE for p in people], dtype=bool),
        p_flags=p_flags,
        p_pref_female_only=arr([p.placement_preference == FEMALE_ONLY for p in people], dtype=bool),
        p_pref_individual=arr(
            [p.gender == FEMALE and p.placement_preference == INDIVIDUAL for p in people], dtype=bool
        ),
        p_close=arr([p.close_supervision for p in people], dtype=bool),
        p_not_male=arr([p.supervisor_gender_restriction == NOT_MALE for p in people], dtype=bool),
        p_not_female=arr([p.supervisor_gender_restriction == NOT_FEMALE for p in people], dtype=bool),
        p_skills=arr([skill_mask(p.skills) for p in people], dtype=np.uint64),
        p_last_project=arr([-1 if p.last_project_id is None else p.last_project_id for p in people], dtype=np.int64),
        p_busy=p_busy,
        p_week_left=p_week_left,
        p_urgency=urgency,
        person_index=person_index,
        session_index=session_index,
        blocked_pairs=blocked,
    )


# The per-pair rules in the order explanations report them. Each maps to True where the pair is allowed.
RULE_ORDER = (
    "travel",
    "exclusion_zone",
    "availability",
    "children",
    "vulnerable_adults",
    "public_facing",
    "heavy_work",
    "accessible_site",
    "individual_only",
    "unsuitable_for_individual",
    "women_only",
    "female_only_preference",
    "individual_preference",
    "close_supervision",
    "supervisor_gender",
    "busy_day",
    "weekly_maximum",
    "non_association",
    "full",
)


def pair_rules(ctx: Context, i: np.ndarray, j: np.ndarray, dist: np.ndarray, names=RULE_ORDER) -> dict[str, np.ndarray]:
    """Each single-pair rule (of `names`) for the pairs (i[k], j[k]) at distance dist[k]: True where allowed."""
    return {name: _RULES[name](ctx, i, j, dist) for name in RULE_ORDER if name in names}


def allowed_pairs(ctx: Context, i: np.ndarray, j: np.ndarray, dist: np.ndarray | None, names=None) -> np.ndarray:
    """True where every single-pair rule of `names` (default: all) allows the pair: the AND of `pair_rules`,
    computed rule by rule on the pairs still allowed (the most selective, cheapest rules first), so the
    costlier rules look at a fraction of the pairs. `dist` may be None when no rule of `names` needs it."""
    ok = np.ones(len(i), dtype=bool)
    alive = np.arange(len(i))
    ci, cj, cd = i, j, dist
    for name in _FILTER_ORDER:
        if names is not None and name not in names:
            continue
        allowed = _RULES[name](ctx, ci, cj, cd)
        if allowed.all():
            continue
        ok[alive[~allowed]] = False
        alive, ci, cj = alive[allowed], ci[allowed], cj[allowed]
        cd = None if cd is None else cd[allowed]
        if not len(alive):
            break
    return ok


def _flag_rule(pflag: str, sflag: str):
    def rule(ctx, i, j, _dist):
        return ~(ctx.p_flags[pflag][i] & ctx.s_flags[sflag][j])

    return rule


def _close_supervision_rule(ctx, i, j, _dist):
    # Close supervision: a probation-supervised session that can stay within the close-supervision size.
    close = ctx.p_close[i]
    out = np.ones(len(i), dtype=bool)
    if close.any():
        k = np.nonzero(close)[0]
        jk = j[k]
        out[k] = ~ctx.s_individual[jk] & (ctx.s_taken[jk] < ctx.problem.rules.close_supervision_group_size)
    return out


def _non_association_rule(ctx, i, j, _dist):
    out = np.ones(len(i), dtype=bool)
    if not ctx.blocked_pairs:
        return out
    n_s = max(len(ctx.s_lat), 1)
    if ctx._blocked_keys is None:
        ctx._blocked_keys = np.array(sorted(a * n_s + b for a, b in ctx.blocked_pairs), dtype=np.int64)
        people = np.zeros(len(ctx.p_lat), dtype=bool)
        people[[a for a, _ in ctx.blocked_pairs]] = True
        ctx._blocked_people = people
    # Only the pairs of people with a blocked pair are looked up.
    k = np.nonzero(ctx._blocked_people[i])[0]
    if len(k):
        out[k] = ~np.isin(i[k].astype(np.int64) * n_s + j[k], ctx._blocked_keys)
    return out


_RULES = {
    "travel": lambda ctx, i, j, dist: dist <= ctx.p_max_km[i] - SAFETY_KM,
    "exclusion_zone": lambda ctx, i, j, dist: _outside_zones(ctx, i, j),
    "availability": lambda ctx, i, j, dist: (ctx.p_avail[i] & ctx.s_need[j]) == ctx.s_need[j],
    **{
        name: _flag_rule(pflag, sflag)
        for (pflag, sflag), name in zip(
            FLAG_RULES, ("children", "vulnerable_adults", "public_facing", "heavy_work"), strict=True
        )
    },
    "accessible_site": lambda ctx, i, j, dist: (
        ~ctx.p_flags["needs_accessible_site"][i] | ctx.s_flags["accessible_site"][j]
    ),
    "individual_only": lambda ctx, i, j, dist: ~ctx.p_flags["individual_only"][i] | ctx.s_individual[j],
    "unsuitable_for_individual": lambda ctx, i, j, dist: (
        ~(ctx.p_flags["unsuitable_for_individual"][i] & ctx.s_individual[j])
    ),
    "women_only": lambda ctx, i, j, dist: ~ctx.s_women_only[j] | ctx.p_female[i],
    "female_only_preference": lambda ctx, i, j, dist: (
        ~ctx.p_pref_female_only[i] | ctx.s_women_only[j] | ctx.s_individual[j]
    ),
    "individual_preference": lambda ctx, i, j, dist: ~ctx.p_pref_individual[i] | ctx.s_individual[j],
    "close_supervision": _close_supervision_rule,
    "supervisor_gender": lambda ctx, i, j, dist: (
        ~((ctx.p_not_male[i] & ctx.s_has_male_sup[j]) | (ctx.p_not_female[i] & ctx.s_has_female_sup[j]))
    ),
    "busy_day": lambda ctx, i, j, dist: ~ctx.p_busy[i, ctx.s_day[j]],
    "weekly_maximum": lambda ctx, i, j, dist: ctx.s_minutes[j] <= ctx.p_week_left[i, ctx.s_week[j]],
    "non_association": _non_association_rule,
    "full": lambda ctx, i, j, dist: ctx.s_free[j] > 0,
}
# For `allowed_pairs`: the session-only and cheap rules first, the exclusion zones (a haversine) last.
_FILTER_ORDER = (
    "full",
    "travel",
    "availability",
    "women_only",
    "busy_day",
    "weekly_maximum",
    "children",
    "vulnerable_adults",
    "public_facing",
    "heavy_work",
    "accessible_site",
    "individual_only",
    "unsuitable_for_individual",
    "female_only_preference",
    "individual_preference",
    "close_supervision",
    "supervisor_gender",
    "non_association",
    "exclusion_zone",
)
assert set(_FILTER_ORDER) == set(RULE_ORDER) == set(_RULES)
_WITHOUT_DISTANCE = frozenset(RULE_ORDER) - {"travel", "exclusion_zone"}


def _outside_zones(ctx: Context, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """True where the session lies outside every exclusion zone of the person. Vectorised over the pairs
    of people with zones: one pass per zone slot (people rarely have more than one or two), never a scan
    of all pairs per person, which grew with people x pairs."""
    ok = np.ones(len(i), dtype=bool)
    zones_lat, zones_lon, zones_radius = _zone_table(ctx)
    if zones_lat is None:
        return ok
    sel = np.nonzero(~np.isnan(zones_radius[i, 0]))[0]
    if not len(sel):
        return ok
    pi, sj = i[sel], j[sel]
    for slot in range(zones_radius.shape[1]):
        radius = zones_radius[pi, slot]
        d = haversine_km(zones_lat[pi, slot], zones_lon[pi, slot], ctx.s_lat[sj], ctx.s_lon[sj])
        inside = d <= radius + SAFETY_KM  # NaN (no zone in this slot) compares False
        ok[sel[inside]] = False
    return ok


def _zone_table(ctx: Context):
    """People x zone slots arrays of zone centre and radius (NaN where the person has fewer zones)."""
    if ctx._zones is not None:
        return ctx._zones
    people = ctx.problem.people
    most = max((len(p.exclusion_zones) for p in people), default=0)
    if most == 0:
        table = (None, None, None)
    else:
        lat = np.full((len(people), most), np.nan)
        lon = np.full((len(people), most), np.nan)
        radius = np.full((len(people), most), np.nan)
        for k, p in enumerate(people):
            for slot, z in enumerate(p.exclusion_zones):
                lat[k, slot], lon[k, slot], radius[k, slot] = z.lat, z.lon, z.radius_km
        table = (lat, lon, radius)
    ctx._zones = table
    return table


@dataclass
class Arcs:
    i: np.ndarray  # person index
    j: np.ndarray  # session index
    km: np.ndarray
    minutes: np.ndarray  # credited minutes of the session
    value: np.ndarray  # points (Weights) for the pair, without the weekly-minimum bonus
    skills_matched: np.ndarray
    continuity: np.ndarray
    kept: np.ndarray  # in the previous plan
    before_pruning: int = 0


def build_arcs(
    ctx: Context,
    *,
    max_per_person: int = 0,
    min_per_session: int = 0,
    keep_pairs=(),
    max_per_person_day: int = 0,
    prune_above: int = 0,
) -> Arcs:
    """All allowed pairs, scored; optionally pruned to each person's and each session's best.

    Pruning by person-day (`max_per_person_day`, applied when there are more than `prune_above` pairs):
    a person works at most one session a day, so of the sessions open to them on one day only the best
    few can matter unless every one of them fills with others; each session also keeps its own best
    `min_per_session` candidates, so no session is left without the people who suit it most. The value
    is scored first and the other per-pair figures only for the pairs kept, so memory follows the kept
    pairs, not every pair in reach."""
    prob = ctx.problem
    n_p, n_s = len(prob.people), len(prob.sessions)
    active = np.nonzero(ctx.p_eligible & (ctx.p_left > 0))[0]
    if n_s == 0 or len(active) == 0:
        return _empty_arcs()
    chunk = max(1, _CHUNK_CELLS // n_s)
    pieces_i, pieces_j, pieces_d = [], [], []
    s_unit = _unit_vectors(ctx.s_lat, ctx.s_lon)
    p_unit = _unit_vectors(ctx.p_lat, ctx.p_lon)
    # Within reach when the unit vectors' dot product is at least cos(angle): one matrix product per chunk
    # instead of trigonometry on every cell. The threshold is a little generous (PREFILTER_SLACK_KM, far
    # above the product's rounding), and the pairs it lets through are measured again with the haversine
    # and kept by exactly the rule used before, so the pairs are the same.
    min_dot = np.cos(np.minimum((ctx.p_max_km + PREFILTER_SLACK_KM) / EARTH_RADIUS_KM, np.pi))
    for start in range(0, len(active), chunk):
        rows = active[start : start + chunk]
        near = (p_unit[rows] @ s_unit.T) >= min_dot[rows, None]
        r, c = np.nonzero(near)
        del near
        ci, cj = rows[r], c
        del r, c
        # The single-pair rules chunk by chunk, so that no more than one chunk's pairs and rule vectors are
        # held at once (on 50,000 people the pairs in reach number tens of millions). The rules that need no
        # distance go first, so that only the pairs they allow are measured with the haversine.
        ok = allowed_pairs(ctx, ci, cj, None, names=_WITHOUT_DISTANCE)
        ci, cj = ci[ok], cj[ok]
        ckm = haversine_km(ctx.p_lat[ci], ctx.p_lon[ci], ctx.s_lat[cj], ctx.s_lon[cj])
        ok = allowed_pairs(ctx, ci, cj, ckm, names=("travel", "exclusion_zone"))
        pieces_i.append(ci[ok])
        pieces_j.append(cj[ok])
        pieces_d.append(ckm[ok])
    i = np.concatenate(pieces_i)
    j = np.concatenate(pieces_j)
    km = np.concatenate(pieces_d)
    del pieces_i, pieces_j, pieces_d
    before_pruning = len(i)

    kept = np.zeros(len(i), dtype=bool)
    if keep_pairs:
        keys = i.astype(np.int64) * max(n_s, 1) + j
        wanted = np.array([a * max(n_s, 1) + b for a, b in keep_pairs], dtype=np.int64)
        kept = np.isin(keys, wanted)
        del keys
    value = _pair_value(ctx, i, j, km, kept)
    keep = None
    if max_per_person_day and len(i) > prune_above:
        n_d = max(len(ctx.days), 1)
        keep = _top_k(i.astype(np.int64) * n_d + ctx.s_day[j], value, max_per_person_day, n_p * n_d)
    if max_per_person and len(i):
        by_person = _top_k(i, value, max_per_person, n_p)
        keep = by_person if keep is None else keep & by_person
    if keep is not None:
        keep |= kept
        if min_per_session:
            keep |= _top_k(j, value, min_per_session, n_s)
        i, j, km, value, kept = i[keep], j[keep], km[keep], value[keep], kept[keep]

    minutes = ctx.s_minutes[j]
    skills = np.bitwise_count(ctx.p_skills[i] & ctx.s_skills[j]).astype(np.int64)
    continuity = ctx.p_last_project[i] == ctx.s_project[j]
    return Arcs(i, j, km, minutes, value, skills, continuity, kept, before_pruning=before_pruning)


def _pair_value(ctx: Context, i: np.ndarray, j: np.ndarray, km: np.ndarray, kept: np.ndarray) -> np.ndarray:
    """Points (Weights) for each pair, without the weekly-minimum bonus."""
    w = ctx.problem.weights
    m_eff = np.minimum(ctx.s_minutes[j], ctx.p_left[i])
    value = m_eff * w.hour_per_minute * ctx.p_urgency[i]
    del m_eff
    value -= w.travel_per_km * np.minimum(km, w.travel_cap_km)
    value += w.skill_match * np.minimum(
        np.bitwise_count(ctx.p_skills[i] & ctx.s_skills[j]).astype(np.int64), w.skill_cap
    )
    value += w.continuity * (ctx.p_last_project[i] == ctx.s_project[j])
    value += w.keep_bonus * kept
    return value


def scored_arcs(ctx: Context, i: np.ndarray, j: np.ndarray, km: np.ndarray, kept: np.ndarray | None = None) -> Arcs:
    """The pairs (i[k], j[k]) at distance km[k] with their points (model.Weights): the one scoring of a
    placement, used by the solver and by the ranked lists of who could fill a place."""
    if kept is None:
        kept = np.zeros(len(i), dtype=bool)
    value = _pair_value(ctx, i, j, km, kept)
    skills = np.bitwise_count(ctx.p_skills[i] & ctx.s_skills[j]).astype(np.int64)
    continuity = ctx.p_last_project[i] == ctx.s_project[j]
    return Arcs(i, j, km, ctx.s_minutes[j], value, skills, continuity, kept, before_pruning=len(i))


def _top_k(group: np.ndarray, value: np.ndarray, k: int, n_groups: int) -> np.ndarray:
    order = np.lexsort((-value, group))
    g = group[order]
    starts = np.searchsorted(g, np.arange(n_groups))
    rank = np.arange(len(g)) - starts[g]
    keep = np.zeros(len(group), dtype=bool)
    keep[order[rank < k]] = True
    return keep


def z_order(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """A Z-order (Morton) key on a 1,024 x 1,024 grid over the points' extent: points close on the key
    are close on the map."""

    def scale(v):
        lo, hi = float(v.min()), float(v.max())
        return np.clip(((v - lo) / max(hi - lo, 1e-9) * 1023).astype(np.int64), 0, 1023)

    x, y = scale(lon), scale(lat)
    key = np.zeros(len(x), dtype=np.int64)
    for bit in range(10):
        key |= ((x >> bit) & 1) << (2 * bit)
        key |= ((y >> bit) & 1) << (2 * bit + 1)
    return key


def _empty_arcs() -> Arcs:
    e = np.zeros(0, dtype=np.int64)
    return Arcs(e, e, e.astype(float), e, e.astype(float), e, e.astype(bool), e.astype(bool))
