"""Seeded random instances for tests and engine benchmarks (no database).

The shape follows the demo generator (upw/demo): people clustered round towns in a region about
100 km across, about 10 sessions per 100 people over two weeks, 7-hour group days (30-minute unpaid
break), 3-hour evenings, 6-hour shop placements, women-only groups, restrictions at the demo's rates,
a few exclusion zones and non-associations, people needing close supervision, one or two supervisors
per group session (4 or 8 people each), some places already taken. The same seed gives the same
instance.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from .model import (
    FEMALE,
    FEMALE_ONLY,
    GROUP,
    INDIVIDUAL,
    MIXED_GROUP,
    NOT_FEMALE,
    NOT_MALE,
    ExclusionZone,
    Person,
    Problem,
    Session,
)

SKILLS = (
    "gardening",
    "labouring",
    "carpentry",
    "painting-decorating",
    "cooking",
    "cleaning",
    "customer-service",
    "driving",
    "bricklaying",
    "it",
)
DAY = (dt.time(9, 0), dt.time(16, 30), 30)
EVENING = (dt.time(17, 30), dt.time(20, 30), 0)
SHOP = (dt.time(10, 0), dt.time(16, 0), 0)
HOURS = np.array([40, 50, 60, 70, 80, 100, 120, 150, 180, 200, 250, 300])
HOURS_P = np.array([16, 4, 14, 3, 14, 12, 10, 9, 4, 6, 4, 4], dtype=float)


def generate(
    n_people: int = 1000,
    n_sessions: int | None = None,
    seed: int = 1,
    *,
    today: dt.date = dt.date(2026, 3, 6),
    weeks: int = 2,
    region_km: float | None = None,
    women_share: float = 0.15,
    restriction_scale: float = 1.0,
) -> Problem:
    rng = np.random.default_rng(seed)
    n_sessions = n_sessions if n_sessions is not None else max(1, n_people // 10)
    region_km = region_km if region_km is not None else float(np.clip(25 * np.sqrt(n_people / 1000), 20, 110))
    lat0, lon0 = 54.9, -1.6
    km_lat, km_lon = 1 / 111.2, 1 / (111.2 * np.cos(np.radians(lat0)))
    n_towns = max(2, round(np.sqrt(n_people) / 6))
    towns = rng.uniform(-region_km / 2, region_km / 2, size=(n_towns, 2))
    town_w = rng.pareto(1.5, n_towns) + 1
    town_w /= town_w.sum()

    def place(n, spread):
        t = rng.choice(n_towns, size=n, p=town_w)
        xy = towns[t] + rng.normal(0, spread, size=(n, 2))
        return lat0 + xy[:, 1] * km_lat, lon0 + xy[:, 0] * km_lon

    monday = today + dt.timedelta(days=(7 - today.weekday()) % 7 or 7)
    dates = [monday + dt.timedelta(days=k) for k in range(7 * weeks)]

    # Projects, then sessions on their weekly days.
    n_projects = max(1, n_sessions // (2 * weeks))
    p_lat, p_lon = place(n_projects, 5.0)
    kind_roll = rng.random(n_projects)
    projects = []
    for k in range(n_projects):
        individual = kind_roll[k] < 0.12
        women_only = not individual and kind_roll[k] > 0.95
        evening = not individual and rng.random() < 0.15
        projects.append(
            {
                "id": 1000 + k,
                "lat": float(p_lat[k]),
                "lon": float(p_lon[k]),
                "kind": INDIVIDUAL if individual else GROUP,
                "women_only": women_only,
                "times": SHOP if individual else (EVENING if evening else DAY),
                "capacity": int(rng.integers(1, 3))
                if individual
                else (int(rng.integers(4, 7)) if women_only else int(rng.integers(6, 9))),
                "skills": frozenset(rng.choice(SKILLS, size=int(rng.integers(1, 3)), replace=False).tolist()),
                "involves_children": bool(rng.random() < 0.15),
                "involves_vulnerable_adults": bool(rng.random() < 0.15),
                "public_facing": bool(rng.random() < (0.7 if individual else 0.45)),
                "heavy_work": bool(not individual and rng.random() < 0.35),
                "accessible_site": bool(rng.random() < 0.5 or women_only),
                "weekend": bool(rng.random() < 0.25),
                "ratio": 0 if individual else int(rng.choice((8, 8, 8, 4))),
            }
        )
    sessions: list[Session] = []
    sid = 1
    while len(sessions) < n_sessions:
        pr = projects[int(rng.integers(n_projects))]
        date = dates[int(rng.integers(len(dates)))]
        if date.weekday() >= 5 and not pr["weekend"]:
            date -= dt.timedelta(days=date.weekday() - int(rng.integers(0, 5)))
        start, end, brk = pr["times"]
        roll = rng.random()
        genders = (
            frozenset()
            if roll < 0.1
            else (
                frozenset({FEMALE})
                if pr["women_only"] or roll < 0.35
                else (frozenset({"male", FEMALE}) if roll < 0.5 else frozenset({"male"}))
            )
        )
        sessions.append(
            Session(
                id=sid,
                project_id=pr["id"],
                lat=pr["lat"],
                lon=pr["lon"],
                date=date,
                start=start,
                end=end,
                capacity=pr["capacity"],
                label=f"Project {pr['id']} #{sid}",
                break_minutes=brk,
                kind=pr["kind"],
                skills=pr["skills"],
                involves_children=pr["involves_children"],
                involves_vulnerable_adults=pr["involves_vulnerable_adults"],
                public_facing=pr["public_facing"],
                heavy_work=pr["heavy_work"],
                accessible_site=pr["accessible_site"],
                women_only=pr["women_only"],
                supervisor_genders=genders,
                supervisors=0 if pr["kind"] == INDIVIDUAL else int(rng.choice((1, 1, 2))),
                people_per_supervisor=pr["ratio"],
            )
        )
        sid += 1

    # People.
    h_lat, h_lon = place(n_people, 4.0)
    female = rng.random(n_people) < women_share
    employed = rng.random(n_people) < 0.45
    rs = restriction_scale
    people: list[Person] = []
    for k in range(n_people):
        ordered = int(rng.choice(HOURS, p=HOURS_P / HOURS_P.sum())) * 60
        sentence = today - dt.timedelta(days=int(rng.integers(7, 330)))
        deadline = sentence + dt.timedelta(days=365)
        done_share = rng.random() * min(1.0, (today - sentence).days / 300) * 1.1
        credited = min(int(ordered * done_share) // 30 * 30, ordered - 30)
        awaiting = rng.random() < 0.12
        if awaiting:
            credited = 0
        planned_week1 = int(rng.choice([0, 0, 0, 180, 420]))
        left = max(ordered - credited - planned_week1, 0)
        avail = 0
        for day in range(7):
            for part in range(3):
                if employed[k]:
                    ok = part == 2 or day >= 5 or rng.random() < 0.15
                else:
                    ok = (day < 5 and part < 2 and rng.random() < 0.85) or rng.random() < 0.3
                if ok:
                    avail |= 1 << (day * 3 + part)
        zones = ()
        if rng.random() < 0.03 * rs:
            zones = (
                ExclusionZone(
                    float(h_lat[k] + rng.normal(0, 0.05)),
                    float(h_lon[k] + rng.normal(0, 0.08)),
                    float(rng.uniform(1, 5)),
                    "victim",
                ),
            )
        vehicle = rng.random() < 0.27
        individual_only = rng.random() < 0.03 * rs
        busy = frozenset()
        week1 = monday.isocalendar()
        if planned_week1:
            busy = frozenset({monday + dt.timedelta(days=int(rng.integers(0, 5)))})
        pref = MIXED_GROUP
        if female[k] and rng.random() < 0.3:
            pref = FEMALE_ONLY
        elif rng.random() < 0.04 and not individual_only:
            pref = INDIVIDUAL
        sup = ""
        if rng.random() < 0.02 * rs:
            sup = NOT_MALE if female[k] else NOT_FEMALE
        people.append(
            Person(
                id=k + 1,
                lat=float(h_lat[k]),
                lon=float(h_lon[k]),
                minutes_left=left,
                deadline=deadline,
                label=f"X{k + 1:06d}",
                eligible=bool(rng.random() > 0.03),
                availability_mask=avail,
                gender=FEMALE if female[k] else "male",
                placement_preference=pref,
                skills=frozenset(rng.choice(SKILLS, size=int(rng.integers(0, 3)), replace=False).tolist()),
                no_children=bool(rng.random() < 0.10 * rs),
                no_vulnerable_adults=bool(rng.random() < 0.05 * rs),
                not_public_facing=bool(rng.random() < 0.08 * rs),
                individual_only=individual_only,
                unsuitable_for_individual=bool(not individual_only and rng.random() < 0.05 * rs),
                no_heavy_work=bool(rng.random() < 0.10 * rs),
                needs_accessible_site=bool(rng.random() < 0.05 * rs),
                supervisor_gender_restriction=sup,
                close_supervision=bool(rng.random() < 0.03 * rs),
                exclusion_zones=zones,
                max_travel_km=float(rng.choice([20, 25, 30]) if vehicle else rng.choice([10, 12, 15, 15, 20])),
                intensive=bool(not employed[k] and rng.random() < 0.2),
                planned_minutes_by_week={(week1[0], week1[1]): planned_week1} if planned_week1 else {},
                busy_dates=busy,
                ordered_minutes=ordered,
                credited_minutes=credited,
                sentence_date=sentence,
                awaiting_first_session=awaiting,
                last_project_id=projects[int(rng.integers(n_projects))]["id"] if rng.random() < 0.4 else None,
            )
        )

    # Some places already taken, by people of the instance (their day is then busy).
    by_id = {p.id: p for p in people}
    for idx in rng.choice(len(sessions), size=len(sessions) // 5, replace=False).tolist():
        s = sessions[idx]
        takers = rng.choice(n_people, size=int(rng.integers(1, 3)), replace=False) + 1
        takers = [int(t) for t in takers if s.date not in by_id[int(t)].busy_dates][: max(s.capacity - 1, 0)]
        if not takers:
            continue
        women = sum(1 for t in takers if by_id[t].gender == FEMALE)
        if s.women_only and women < len(takers):
            continue
        sessions[idx] = _replace(s, taken=len(takers), allocated_person_ids=frozenset(takers), women_already=women)
        for t in takers:
            p = by_id[t]
            by_id[t] = _replace(p, busy_dates=p.busy_dates | {s.date})
    people = [by_id[p.id] for p in people]

    # Non-associations between people of the same town (so that they can matter).
    order = np.lexsort((h_lon, np.round(h_lat, 2)))
    pairs = []
    for k in range(0, n_people - 1, max(2, int(100 / max(rs, 0.01)))):
        a, b = int(order[k]) + 1, int(order[k + 1]) + 1
        pairs.append((min(a, b), max(a, b)))
    return Problem(people=people, sessions=sessions, today=today, non_associations=pairs)


def _replace(obj, **changes):
    from dataclasses import replace

    return replace(obj, **changes)
