"""Synthetic regions for tests and the benchmark: N supervisors over W weeks, deterministic by seed.

A region is split into areas (about 30 supervisors each, like Probation Delivery Units) some 80 km
apart; sites lie within 15 km of their area's centre and supervisors travel at most 35 km, so areas
are independent and the solver decomposes by area. Contracts of 37, 30 or 22.5 hours a week; the
usual pattern is five days a week (days not usually worked are off-requests of weight 5); a week's
annual leave for about one in six; a few single days off (training, sickness). Sessions: mostly
08:30-16:30 Monday to Saturday with some Sundays, a few evening sessions 17:30-21:30 (the next
morning's 08:00 session then breaks the 11-hour rest rule); 4-16 attendees at ratio 8 (4 for a few
projects), 40% with a van pick-up, 8% women-only. Demand is set at about 85% of contracted capacity.
"""

from __future__ import annotations

import datetime as dt
import math
import random

from .model import FEMALE, VAN_DRIVER, WOMENS_GROUP_LEAD, Problem, Request, Rules, Staff, Weights
from .sessions import SessionSpec, demands_from_sessions, supervisors_needed

AREA_SIZE = 30
AREA_SPACING_KM = 80.0
KM_PER_DEG_LAT = 111.0
BASE_LAT, BASE_LON = 54.9, -1.6  # somewhere in the North East
CONTRACTS = (37 * 60, 37 * 60, 30 * 60, 22 * 60 + 30)
SESSION_MINUTES = 8 * 60  # 08:30 to 16:30 with breaks counted


def _point(rng: random.Random, lat: float, lon: float, radius_km: float) -> tuple[float, float]:
    r = radius_km * math.sqrt(rng.random())
    a = rng.random() * 2 * math.pi
    dlat = r * math.cos(a) / KM_PER_DEG_LAT
    dlon = r * math.sin(a) / (KM_PER_DEG_LAT * math.cos(math.radians(lat)))
    return lat + dlat, lon + dlon


def generate(
    supervisors: int = 60,
    weeks: int = 4,
    *,
    seed: int = 1,
    start_date: dt.date = dt.date(2026, 1, 5),  # a Monday
    load: float = 0.85,
) -> Problem:
    rng = random.Random(seed)
    days = 7 * weeks
    areas = max(1, round(supervisors / AREA_SIZE))
    centres = []
    for i in range(areas):
        row, col = divmod(i, 4)
        centres.append(
            (
                BASE_LAT + row * AREA_SPACING_KM / KM_PER_DEG_LAT,
                BASE_LON + col * AREA_SPACING_KM / (KM_PER_DEG_LAT * math.cos(math.radians(BASE_LAT))),
            )
        )

    staff: list[Staff] = []
    requests: list[Request] = []
    capacity = [0.0] * areas
    for i in range(supervisors):
        area = i % areas
        female = rng.random() < 0.4
        quals = set()
        if rng.random() < 0.4:
            quals.add(VAN_DRIVER)
        if rng.random() < 0.6:
            quals.add("first-aid")
        if female and rng.random() < 0.5:
            quals.add(WOMENS_GROUP_LEAD)
        contract = rng.choice(CONTRACTS)
        capacity[area] += contract * weeks / SESSION_MINUTES
        off = set()
        if rng.random() < 1 / 6:
            first = 7 * rng.randrange(weeks)
            off.update(range(first, first + 7))
            capacity[area] -= contract / SESSION_MINUTES
        for _ in range(rng.choice((0, 0, 1, 2))):
            off.add(rng.randrange(days))
        # Usual pattern: Monday-Friday for most, Tuesday-Saturday or Wednesday-Sunday for some.
        pattern = rng.choice(((0, 1, 2, 3, 4),) * 3 + ((1, 2, 3, 4, 5), (2, 3, 4, 5, 6)))
        for day in range(days):
            if day % 7 not in pattern and day not in off:
                requests.append(Request(staff=f"S{i:03d}", day=day, weight=5, on=False))
        lat, lon = _point(rng, *centres[area], 10.0)
        staff.append(
            Staff(
                id=f"S{i:03d}",
                label=f"Supervisor {i}",
                gender=FEMALE if female else "male",
                qualifications=frozenset(quals),
                max_minutes=contract * weeks,
                max_minutes_per_week=48 * 60,  # the Working Time Regulations' average limit, as a weekly cap
                target_minutes=None,  # set below from the demand
                max_consecutive_days=6,
                max_weekends=max(1, weeks // 2),
                days_off=frozenset(off),
                lat=lat,
                lon=lon,
                max_travel_km=35.0,
            )
        )

    sessions: list[SessionSpec] = []
    for area in range(areas):
        sites = [_point(rng, *centres[area], 15.0) for _ in range(12)]
        budget = load * capacity[area]  # supervisor-sessions
        per_day = [1.0, 1.0, 1.0, 1.0, 1.0, 0.9, 0.35]
        weight = sum(per_day) * weeks
        n = 0
        for day in range(days):
            target = budget * per_day[day % 7] / weight
            used = 0.0
            while used + 0.5 < target:
                attendees = rng.randint(4, 16)
                ratio = 4 if rng.random() < 0.1 else 8
                driver = rng.random() < 0.4
                women = rng.random() < 0.08
                evening = day % 7 < 5 and rng.random() < 0.06
                early = not evening and rng.random() < 0.1
                start, end = (17 * 60 + 30, 21 * 60 + 30) if evening else ((8 * 60, 16 * 60) if early else (510, 990))
                lat, lon = sites[rng.randrange(len(sites))]
                sessions.append(
                    SessionSpec(
                        id=f"A{area}-{n:04d}",
                        date=start_date + dt.timedelta(days=day),
                        start=start,
                        end=end,
                        attendees=attendees,
                        ratio=ratio,
                        needs_driver=driver,
                        women_only=women,
                        lat=lat,
                        lon=lon,
                        label=f"Area {area} session {n}",
                    )
                )
                n += 1
                used += supervisors_needed(attendees, ratio) + 0.3 * (driver + women)
    demands = demands_from_sessions(sessions, start_date=start_date)

    # Fair share of hours: demand minutes spread over the area's staff by contract and days available.
    demand_minutes = [0] * areas
    for d in demands:
        demand_minutes[int(d.id[1 : d.id.index("-")])] += d.headcount * d.length
    weights_by_area = [0.0] * areas
    share = []
    for i, s in enumerate(staff):
        w = s.max_minutes * (days - len(s.days_off)) / days
        share.append(w)
        weights_by_area[i % areas] += w
    staff = [
        Staff(
            **{**_fields(s), "target_minutes": int(demand_minutes[i % areas] * share[i] / weights_by_area[i % areas])}
        )
        for i, s in enumerate(staff)
    ]
    return Problem(
        days=days,
        staff=tuple(staff),
        demands=demands,
        requests=tuple(requests),
        rules=Rules(),
        weights=Weights(weekend_fairness=40, hours_fairness=2, hours_tolerance_minutes=240, travel_per_10km=1),
        first_weekday=start_date.weekday(),
        start_date=start_date,
        name=f"synthetic-{supervisors}x{weeks}w-seed{seed}",
    )


def _fields(s: Staff) -> dict:
    return {name: getattr(s, name) for name in s.__slots__}
