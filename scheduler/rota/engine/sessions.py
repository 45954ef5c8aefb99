"""Sessions into demands: how many supervisors, and with which qualifications, each session needs.

domain.md: a session needs at least one supervisor; supervisors needed = ceil(attendees / ratio) (the
project type's ratio, 8 by default); a van driver when the project has a pick-up point; a female
supervisor for a women-only group. One `Demand` per session, so the solution says who supervises
which session. A female van driver counts towards all three lines at once (cover lines are "at
least k of the assigned have q"); the head count may therefore be exceeded only when the special
needs cannot be met by the head count alone (`max_staff`).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass

from .model import FEMALE, VAN_DRIVER, Cover, Demand

DEFAULT_RATIO = 8
# A missing supervisor means the session is stood down: far worse than any preference.
UNDER_WEIGHT = 1000
SPECIAL_UNDER_WEIGHT = 500
OVER_WEIGHT = 20


@dataclass(frozen=True, slots=True)
class SessionSpec:
    """A session as the product knows it (plain values; times as `datetime.time` or minutes)."""

    id: str
    date: dt.date
    start: dt.time | int
    end: dt.time | int
    attendees: int
    ratio: int = DEFAULT_RATIO
    needs_driver: bool = False
    women_only: bool = False
    lat: float | None = None
    lon: float | None = None
    label: str = ""
    qualifications: tuple[str, ...] = ()  # further qualifications one supervisor must hold (trades...)


def supervisors_needed(attendees: int, ratio: int = DEFAULT_RATIO) -> int:
    """ceil(attendees / ratio), and never fewer than one."""
    return max(1, math.ceil(max(0, attendees) / max(1, ratio)))


def _minutes(value: dt.time | int) -> int:
    return value if isinstance(value, int) else value.hour * 60 + value.minute


def demand_for_session(
    spec: SessionSpec,
    *,
    start_date: dt.date,
    under_weight: int = UNDER_WEIGHT,
    special_under_weight: int = SPECIAL_UNDER_WEIGHT,
    over_weight: int = OVER_WEIGHT,
) -> Demand:
    start, end = _minutes(spec.start), _minutes(spec.end)
    if end <= start:
        raise ValueError(f"session {spec.id}: end must be after start")
    needed = supervisors_needed(spec.attendees, spec.ratio)
    cover = [Cover(needed, None, under_weight, over_weight)]
    special = []
    if spec.needs_driver:
        special.append(VAN_DRIVER)
    if spec.women_only:
        special.append(FEMALE)
    special.extend(q for q in spec.qualifications if q not in special)
    cover.extend(Cover(1, q, special_under_weight, 0) for q in special)
    return Demand(
        id=str(spec.id),
        day=(spec.date - start_date).days,
        start=start,
        length=end - start,
        cover=tuple(cover),
        max_staff=needed + len(special),
        lat=spec.lat,
        lon=spec.lon,
        label=spec.label,
    )


def demands_from_sessions(
    sessions: Iterable[SessionSpec], *, start_date: dt.date, end_date: dt.date | None = None, **weights: int
) -> tuple[Demand, ...]:
    """One demand per session dated from `start_date` (day 0) to `end_date` (inclusive, if given)."""
    out = []
    for spec in sessions:
        if spec.date < start_date or (end_date is not None and spec.date > end_date):
            raise ValueError(f"session {spec.id} on {spec.date} is outside the horizon")
        out.append(demand_for_session(spec, start_date=start_date, **weights))
    return tuple(sorted(out, key=lambda d: (d.day, d.start, d.id)))
