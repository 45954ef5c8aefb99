"""The Django side of the rota engine: a `scheduler.rota.engine.Problem` from the database, and back.

`build_problem(region=..., start=..., end=...)` reads one region's supervisors and sessions in a
fixed number of queries:

* **Demands**: the region's sessions from `start` (never before tomorrow: a session of today may
  have started) to `end` that are scheduled, of a running project supervised by the Probation
  Service (group and induction; the partner supervises individual and ETE placements). Each needs
  `ceil(attendees / ratio)` supervisors (at least one) plus a van driver when the project has a
  pick-up point and a female supervisor when the group is women-only.
  **Attendees** are the session's live allocations; a session with none yet counts its
  **capacity** instead, because matching may still fill it and a rota planned for an empty session
  would be one supervisor short of a full one. The ratio is the project type's (settings
  `UPW_ROTA["RATIOS"]`, group default `UPW["GROUP_SIZE"]` = 8) or the project's own
  `supervision_ratio` if that is stricter.
* **Staff**: the region's active supervisors (by their home office): qualifications, gender,
  contract (`contracted_minutes_per_week` x days / 7 over the period, less time already rostered on
  sessions outside this rota), home office coordinates; days off are leave, the weekdays outside
  their working pattern and days already taken by a session outside this rota (another region, an
  individual placement).
* **previous**: the rota as rostered now (`upw.SessionSupervisor` of those sessions), so a re-run
  repairs it with as few changes as possible.

`assignment_rows(built, solution)` maps the engine's answer back to (session, supervisor, role).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from partners.models import ProjectStatus, ProjectType
from scheduler.rota import engine
from upw import domain
from upw.core.hours import format_minutes
from upw.models import (
    AllocationStatus,
    Leave,
    Session,
    SessionStatus,
    SessionSupervisor,
    Supervisor,
)
from upw.models.sessions import SupervisorRole

SUPERVISED_PROJECT_TYPES = (ProjectType.GROUP, ProjectType.INDUCTION)
RUNNING_PROJECT_STATUSES = (ProjectStatus.APPROVED, ProjectStatus.ACTIVE)


def rota_settings() -> dict:
    defaults = {
        "RATIOS": {"group": settings.UPW.get("GROUP_SIZE", 8), "induction": 12},
        "MAX_TRAVEL_KM": None,
        "TIME_LIMIT_S": 20,
        "WORKERS": 1,
        "GAP_PERCENT": 1,
        "MAX_RUN_DAYS": 28,
        "WEEKEND_FAIRNESS": 30,
        "TRAVEL_PER_10KM": 2,
        "CHANGE": 40,
    }
    return {**defaults, **getattr(settings, "UPW_ROTA", {})}


def supervision_ratio(project_type: str, project_ratio: int | None = None) -> int:
    """People per supervisor: the project type's setting, or the project's own if stricter."""
    config = rota_settings()
    ratio = config["RATIOS"].get(project_type) or settings.UPW.get("GROUP_SIZE", 8)
    if project_ratio:
        ratio = min(ratio, project_ratio)
    return max(1, int(ratio))


def staff_id(supervisor_id: int) -> str:
    return f"sup{supervisor_id}"


def demand_id(session_id: int) -> str:
    return f"ses{session_id}"


def supervisor_of(staff: str) -> int:
    return int(staff.removeprefix("sup"))


def session_of(demand: str) -> int:
    return int(demand.removeprefix("ses"))


@dataclass(frozen=True)
class SessionNeed:
    """What one session needs, in words the grid and the edit checks can show."""

    session_id: int
    date: dt.date
    start: dt.time
    end: dt.time
    label: str
    site: str
    attendees: int
    from_capacity: bool  # no allocations yet: the capacity was counted
    ratio: int
    supervisors: int
    needs_driver: bool
    women_only: bool
    gender_restrictions: frozenset[str] = frozenset()  # people on it: "not_male" / "not_female"

    @property
    def qualifications(self) -> tuple[str, ...]:
        out = []
        if self.needs_driver:
            out.append(engine.VAN_DRIVER)
        if self.women_only:
            out.append(engine.FEMALE)
        return tuple(out)

    @property
    def max_staff(self) -> int:
        return self.supervisors + len(self.qualifications)

    @property
    def minutes(self) -> int:
        return (self.end.hour * 60 + self.end.minute) - (self.start.hour * 60 + self.start.minute)


def first_rota_day(start: dt.date, today: dt.date | None = None) -> dt.date:
    today = today or timezone.localdate()
    return max(start, today + dt.timedelta(days=1))


def rota_sessions(region, start: dt.date, end: dt.date, today: dt.date | None = None):
    """The sessions a rota of `region` from `start` to `end` staffs (a queryset)."""
    first = first_rota_day(start, today)
    return Session.objects.filter(
        project__site__pdu__region=region,
        date__gte=first,
        date__lte=end,
        status=SessionStatus.SCHEDULED,
        project__status__in=RUNNING_PROJECT_STATUSES,
        project__project_type__in=SUPERVISED_PROJECT_TYPES,
    )


def session_needs(sessions) -> dict[int, SessionNeed]:
    """The supervision need of each session of the queryset (three queries)."""
    rows = sessions.annotate(
        live=Count("allocations", filter=Q(allocations__status=AllocationStatus.ALLOCATED))
    ).values(
        "id",
        "date",
        "start_time",
        "end_time",
        "capacity",
        "live",
        "project__name",
        "project__project_type",
        "project__supervision_ratio",
        "project__pick_up_point",
        "project__pick_up_postcode",
        "project__women_only",
        "project__site__name",
        "project__site__postcode",
    )
    restrictions: dict[int, set[str]] = defaultdict(set)
    for session_id, restriction in (
        sessions.filter(allocations__status=AllocationStatus.ALLOCATED)
        .exclude(allocations__requirement__person__supervisor_gender_restriction="")
        .values_list("id", "allocations__requirement__person__supervisor_gender_restriction")
    ):
        restrictions[session_id].add(restriction)
    out = {}
    for r in rows:
        attendees = r["live"] or r["capacity"]
        ratio = supervision_ratio(r["project__project_type"], r["project__supervision_ratio"])
        out[r["id"]] = SessionNeed(
            session_id=r["id"],
            date=r["date"],
            start=r["start_time"],
            end=r["end_time"],
            label=r["project__name"],
            site=f"{r['project__site__name']}, {r['project__site__postcode']}",
            attendees=attendees,
            from_capacity=not r["live"],
            ratio=ratio,
            supervisors=engine.supervisors_needed(attendees, ratio),
            needs_driver=bool(r["project__pick_up_point"] or r["project__pick_up_postcode"]),
            women_only=r["project__women_only"],
            gender_restrictions=frozenset(restrictions.get(r["id"], ())),
        )
    return out


@dataclass
class BuiltRota:
    problem: engine.Problem
    start: dt.date
    end: dt.date
    needs: dict[int, SessionNeed] = field(default_factory=dict)
    # supervisor id -> (name, gender, qualification codes, contract minutes over the period)
    supervisors: dict[int, dict] = field(default_factory=dict)
    # (supervisor id, day) -> why the day is off ("on leave (Annual leave)", ...)
    day_off_reasons: dict[tuple[int, int], str] = field(default_factory=dict)
    previous: tuple[tuple[int, int], ...] = ()  # (session id, supervisor id) rostered now
    seconds: float = 0.0
    region_name: str = ""
    # (session id, supervisor id) -> why that supervisor may not take that session: someone on it
    # must not be supervised by a man (or a woman), or too little rest next to a session outside
    # this rota (the day before it starts, the day after it ends, another region's).
    forbidden: dict[tuple[int, int], str] = field(default_factory=dict)

    def day(self, date: dt.date) -> int:
        return (date - self.start).days

    def date(self, day: int) -> dt.date:
        return self.start + dt.timedelta(days=day)


def build_problem(
    *,
    region,
    start: dt.date,
    end: dt.date,
    today: dt.date | None = None,
    previous: Iterable[tuple[int, int]] | None = None,
    name: str = "",
) -> BuiltRota:
    """The rota problem of `region` from `start` to `end` (inclusive). `previous` defaults to the
    rota as rostered now; pass (session id, supervisor id) pairs to repair another."""
    started = time.perf_counter()
    config = rota_settings()
    days = (end - start).days + 1
    sessions = rota_sessions(region, start, end, today)
    needs = session_needs(sessions)
    session_ids = list(needs)

    sups = list(
        Supervisor.objects.filter(active=True, base_office__pdu__region=region)
        .select_related("user", "base_office")
        .order_by("id")
    )
    sup_ids = [s.id for s in sups]
    quals: dict[int, set[str]] = defaultdict(set)
    for sup_id, code in Supervisor.qualifications.through.objects.filter(supervisor_id__in=sup_ids).values_list(
        "supervisor_id", "qualification__code"
    ):
        quals[sup_id].add(code)
    leave: dict[int, dict[int, str]] = defaultdict(dict)
    for sup_id, first, last, reason in Leave.objects.filter(
        supervisor_id__in=sup_ids, start_date__lte=end, end_date__gte=start
    ).values_list("supervisor_id", "start_date", "end_date", "reason"):
        day = max(first, start)
        while day <= min(last, end):
            leave[sup_id][(day - start).days] = f"on leave ({reason.lower()})"
            day += dt.timedelta(days=1)
    # Sessions outside this rota that the supervisors already work in the period.
    elsewhere: dict[int, dict[int, str]] = defaultdict(dict)
    elsewhere_minutes: dict[int, int] = defaultdict(int)
    for sup_id, date, s_start, s_end, project in (
        SessionSupervisor.objects.filter(supervisor_id__in=sup_ids, session__date__gte=start, session__date__lte=end)
        .exclude(session_id__in=session_ids)
        .exclude(session__status=SessionStatus.STOOD_DOWN)
        .values_list(
            "supervisor_id", "session__date", "session__start_time", "session__end_time", "session__project__name"
        )
    ):
        elsewhere[sup_id][(date - start).days] = f"already supervising {project} that day"
        elsewhere_minutes[sup_id] += (s_end.hour * 60 + s_end.minute) - (s_start.hour * 60 + s_start.minute)

    staff, info, reasons = [], {}, {}
    for s in sups:
        off: dict[int, str] = {}
        for day in range(days):
            weekday = (start + dt.timedelta(days=day)).weekday()
            if not s.works_on(weekday):
                off[day] = f"does not work on {domain.WEEKDAYS[weekday]}s"
        off.update(elsewhere.get(s.id, {}))
        off.update(leave.get(s.id, {}))
        for day, why in off.items():
            reasons[(s.id, day)] = why
        contract = math.floor(s.contracted_minutes_per_week * days / 7)
        max_minutes = max(0, contract - elsewhere_minutes.get(s.id, 0))
        full_name = s.user.get_full_name() or s.user.username
        info[s.id] = {
            "name": full_name,
            "gender": s.gender,
            "qualifications": sorted(quals.get(s.id, ())),
            "max_minutes": max_minutes,
            "contract_minutes": contract,
        }
        office = s.base_office
        staff.append(
            engine.Staff(
                id=staff_id(s.id),
                label=full_name,
                gender=s.gender,
                qualifications=frozenset(quals.get(s.id, ())),
                max_minutes=max_minutes,
                days_off=frozenset(off),
                lat=office.latitude,
                lon=office.longitude,
                max_travel_km=float(config["MAX_TRAVEL_KM"]) if config["MAX_TRAVEL_KM"] else None,
            )
        )

    site_coords = {
        sid: (lat, lon)
        for sid, lat, lon in sessions.values_list("id", "project__site__latitude", "project__site__longitude")
    }
    specs = [
        engine.SessionSpec(
            id=demand_id(n.session_id),
            date=n.date,
            start=n.start,
            end=n.end,
            attendees=n.attendees,
            ratio=n.ratio,
            needs_driver=n.needs_driver,
            women_only=n.women_only,
            lat=site_coords[n.session_id][0],
            lon=site_coords[n.session_id][1],
            label=f"{n.label} {n.date:%a %d %b} {n.start:%H:%M}",
        )
        for n in needs.values()
    ]
    demands = engine.demands_from_sessions(specs, start_date=start, end_date=end)
    forbidden = _forbidden_pairs(region, start, end, demands, needs, staff, session_ids)
    # A supervisor refused on a session (gender restriction, rest around a session outside this
    # rota) is a hard exclusion on every demand of that session.
    excluded_by_session: dict[int, set[str]] = defaultdict(set)
    for ses, sup in forbidden:
        excluded_by_session[ses].add(staff_id(sup))
    demands = tuple(
        dataclasses.replace(d, excluded_staff=d.excluded_staff | frozenset(excluded_by_session[session_of(d.id)]))
        if session_of(d.id) in excluded_by_session
        else d
        for d in demands
    )
    requests: list[engine.Request] = []

    if previous is None:
        previous = SessionSupervisor.objects.filter(session_id__in=session_ids).values_list(
            "session_id", "supervisor_id"
        )
    previous = tuple((int(a), int(b)) for a, b in previous if a in needs and b in info)
    weights = engine.Weights(
        weekend_fairness=int(config["WEEKEND_FAIRNESS"]),
        travel_per_10km=int(config["TRAVEL_PER_10KM"]),
        change=int(config["CHANGE"]) if previous else 0,
    )
    problem = engine.Problem(
        days=days,
        staff=tuple(staff),
        demands=demands,
        requests=tuple(requests),
        previous=tuple(engine.Assignment(staff_id(sup), demand_id(ses)) for ses, sup in previous),
        weights=weights,
        first_weekday=start.weekday(),
        start_date=start,
        name=name or f"{region} {start} to {end}",
    )
    return BuiltRota(
        problem, start, end, needs, info, reasons, previous, time.perf_counter() - started, str(region), forbidden
    )


def _forbidden_pairs(region, start, end, demands, needs, staff, session_ids) -> dict[tuple[int, int], str]:
    out: dict[tuple[int, int], str] = {}
    by_day: dict[int, list[engine.Demand]] = defaultdict(list)
    for d in demands:
        by_day[d.day].append(d)
        need = needs[session_of(d.id)]
        if need.gender_restrictions:
            for st in staff:
                why = gender_refusal(need, st.gender)
                if why:
                    out[(need.session_id, supervisor_of(st.id))] = why
    minimum = engine.Rules().min_rest_minutes
    rows = (
        SessionSupervisor.objects.filter(
            supervisor_id__in=[supervisor_of(st.id) for st in staff],
            session__date__gte=start - dt.timedelta(days=1),
            session__date__lte=end + dt.timedelta(days=1),
        )
        .exclude(session_id__in=session_ids)
        .exclude(session__status=SessionStatus.STOOD_DOWN)
        .values_list(
            "supervisor_id", "session__date", "session__start_time", "session__end_time", "session__project__name"
        )
    )
    for sup_id, date, s_start, s_end, project in rows:
        day = (date - start).days
        for d in by_day.get(day + 1, ()):
            rest = 24 * 60 + d.start - (s_end.hour * 60 + s_end.minute)
            if rest < minimum:
                out.setdefault(
                    (session_of(d.id), sup_id),
                    f"only {format_minutes(rest)} of rest after {project} the day before "
                    f"(at least {format_minutes(minimum)})",
                )
        for d in by_day.get(day - 1, ()):
            rest = 24 * 60 + (s_start.hour * 60 + s_start.minute) - d.end
            if rest < minimum:
                out.setdefault(
                    (session_of(d.id), sup_id),
                    f"only {format_minutes(rest)} of rest before {project} the next day "
                    f"(at least {format_minutes(minimum)})",
                )
    return out


def gender_refusal(need: SessionNeed, gender: str) -> str | None:
    """Why a supervisor of `gender` may not supervise this session (someone on it is restricted)."""
    if gender == "male" and "not_male" in need.gender_restrictions:
        return "someone on this session must not be supervised by a man"
    if gender == "female" and "not_female" in need.gender_restrictions:
        return "someone on this session must not be supervised by a woman"
    return None


@dataclass(frozen=True)
class Row:
    session_id: int
    supervisor_id: int
    role: str


def assignment_rows(built: BuiltRota, assignments: Iterable[engine.Assignment]) -> list[Row]:
    """The engine's assignments as rows: the driver is marked, the first other supervisor leads."""
    by_session: dict[int, list[engine.Assignment]] = defaultdict(list)
    for a in assignments:
        by_session[session_of(a.demand)].append(a)
    out = []
    for session_id, mine in by_session.items():
        mine.sort(key=lambda a: (a.role != "driver", a.role != "female", a.staff))
        lead_given = False
        for a in mine:
            if a.role == "driver" and len(mine) > 1:
                role = SupervisorRole.DRIVER
            elif not lead_given:
                role, lead_given = SupervisorRole.LEAD, True
            else:
                role = SupervisorRole.SUPERVISOR
            out.append(Row(session_id, supervisor_of(a.staff), str(role)))
    return out


def engine_assignments(pairs: Iterable[tuple[int, int]]) -> list[engine.Assignment]:
    """(session id, supervisor id) pairs as engine assignments."""
    return [engine.Assignment(staff_id(sup), demand_id(ses)) for ses, sup in pairs]
