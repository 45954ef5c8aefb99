"""The Django side of matching: a `scheduler.matching.engine.Problem` from the database, and back.

`build_problem` reads one region and a date range in a fixed number of queries (no query per person
or per session), so 20,000 people take a few seconds:

* people: `upw.core.selectors.placeable_requirements` of the region (the one rule for who may be placed),
  one requirement per person (the active one due first; a second concurrent order waits for the next
  run), with the person's coordinates, availability, restrictions, exclusion zones and skills. The
  engine's person id is the **requirement id**, so proposals map straight back to requirements.
* minutes left = `minutes_to_place`: ordered - credited - minutes already planned (live allocations on
  sessions that are still scheduled and have no attendance recorded);
* busy dates and minutes per ISO week from the person's live allocations in the weeks of the run
  (stood-down sessions do not count);
* sessions of the region from tomorrow (or the start date) to the end date that are scheduled, of an
  approved or active group or individual project (induction and ETE sessions are booked by other
  means), not on a bank holiday, with coordinates: capacity, places taken, who holds them, how many of
  them are women or need close supervision, the project's flags, the genders and number of the rostered
  supervisors (before a rota, the number the session expects) and the people per supervisor. Full sessions are
  kept, so a hand edit onto one is refused with the capacity message rather than "not in this plan".
* non-associations between any of those people (planned or already on a session);
* who had a session stood down (an AASD outcome) on a date from UPW_STOOD_DOWN_PRIORITY_DAYS ago on:
  they are offered first (the engine's `stood_down` weight).

Distances for the review pages use `upw.core.distances` (numpy, one vectorised call per session).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, fields

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from partners.models import Project, ProjectStatus, ProjectType
from scheduler.matching import engine
from scheduler.matching.engine.explain import place_heading, place_reasons
from upw.core import distances
from upw.core.selectors import placeable_requirements, with_linked_minutes
from upw.models import (
    Allocation,
    AllocationStatus,
    AttendanceRecord,
    ExclusionZone,
    NonAssociation,
    Person,
    Requirement,
    Session,
    SessionStatus,
    SessionSupervisor,
)
from upw.models.attendance import STOOD_DOWN_OUTCOME

# Project kinds the engine places; induction and ETE sessions are booked by other means.
ENGINE_PROJECT_TYPES = (ProjectType.GROUP, ProjectType.INDIVIDUAL)
# Project statuses whose sessions run (as partners.workflow.SCHEDULED).
RUNNING_PROJECT_STATUSES = (ProjectStatus.APPROVED, ProjectStatus.ACTIVE)

NO_COORDINATES = "Not matched: the home postcode has no known location, so travel cannot be worked out."
SECOND_REQUIREMENT = "Not matched in this run: the person's other requirement, due first, is planned first."

# The weights a coordinator may set, with their defaults (scheduler.matching.engine.Weights documents them).
WEIGHT_FIELDS = {f.name for f in fields(engine.Weights)} - {"weekly_minimum_minutes"}


def _bank_holiday(day: dt.date) -> bool:
    from upw.core.calendar import is_bank_holiday

    return is_bank_holiday(day)


def break_minutes(duration: int, unpaid_break: int) -> int:
    """The project's unpaid break applies to a day on site of at least UPW BREAK_AFTER_MINUTES (upw.core.hours)."""
    return unpaid_break if unpaid_break and duration >= settings.UPW.get("BREAK_AFTER_MINUTES", 360) else 0


def _minutes(start: dt.time, end: dt.time) -> int:
    return (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)


def session_credit_minutes(start: dt.time, end: dt.time, unpaid_break: int) -> int:
    duration = _minutes(start, end)
    return max(duration - break_minutes(duration, unpaid_break), 0)


def engine_rules() -> engine.Rules:
    policy = settings.UPW
    return engine.Rules(
        standard_weekly_max_minutes=policy["STANDARD_WEEKLY_MAXIMUM_MINUTES"],
        intensive_weekly_max_minutes=policy["INTENSIVE_WEEKLY_MAXIMUM_MINUTES"],
        women_never_only_woman=policy["NEVER_ONLY_WOMAN_IN_MIXED_GROUP"],
        group_size=policy["GROUP_SIZE"],
        close_supervision_group_size=policy["CLOSE_SUPERVISION_GROUP_SIZE"],
    )


def people_per_supervisor(project_type: str, project_ratio: int | None) -> int:
    """People one supervisor may oversee on a group session: the group setting, or the project's own if
    stricter (the rota reads the same settings, scheduler.rota.adapter.supervision_ratio)."""
    ratios = getattr(settings, "UPW_ROTA", {}).get("RATIOS", {})
    ratio = ratios.get(project_type) or settings.UPW["GROUP_SIZE"]
    if project_ratio:
        ratio = min(ratio, project_ratio)
    return max(1, int(ratio))


def minutes_to_place(requirement: dict, planned_minutes: int) -> int:
    """The minutes of a requirement still to place: ordered - credited - already planned, never below 0.

    `requirement` is the row `build_problem` reads (hours_ordered, minutes_credited, ...). Every reading
    of what a person still owes for matching goes through here, so a change to that rule is made once.
    """
    own = requirement["hours_ordered"] * 60 - requirement["minutes_credited"]
    # Concurrent orders count the same booking each (the order needing most sets the pace); additional
    # orders follow, so their hours add up.
    worked_together = max(own, requirement.get("concurrent_minutes_left", 0))
    left = worked_together + requirement.get("additional_minutes_left", 0) - planned_minutes
    return max(left, 0)


def engine_weights(parameters: dict | None = None) -> engine.Weights:
    """The engine's weights from a run's parameters ({"weights": {...}}); unknown names are ignored."""
    given = dict((parameters or {}).get("weights") or {})
    chosen = {k: v for k, v in given.items() if k in WEIGHT_FIELDS and v is not None}
    return engine.Weights(weekly_minimum_minutes=settings.UPW["WEEKLY_MINIMUM_MINUTES"], **chosen)


def default_weights() -> dict:
    defaults = engine.Weights()
    return {name: getattr(defaults, name) for name in sorted(WEIGHT_FIELDS)}


@dataclass
class BuiltProblem:
    problem: engine.Problem
    # requirement id -> (person id, CRN) for the people in the problem
    people: dict[int, tuple[int, str]] = field(default_factory=dict)
    # requirement id -> why the requirement is not in the problem (no coordinates, second requirement)
    skipped: dict[int, str] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def sessions(self) -> dict[int, engine.Session]:
        return self.problem.session_by_id()


def build_problem(
    *,
    region,
    start: dt.date,
    end: dt.date,
    today: dt.date | None = None,
    parameters: dict | None = None,
    requirement_ids: Iterable[int] | None = None,
    person_ids: Iterable[int] | None = None,
    session_ids: Iterable[int] | None = None,
    previous_plan: Iterable[tuple[int, int]] = (),
    pinned: Iterable[tuple[int, int]] = (),
) -> BuiltProblem:
    """The matching problem of `region` from `start` to `end` (inclusive).

    `requirement_ids` narrows the people to those requirements (hand edits check one person against
    the people already proposed on a session, which needs no more); `person_ids` and `session_ids`
    narrow the people and the sessions read from the database (one place ranked at a time reads only
    the people within reach of it, whatever the size of the region). `previous_plan` and `pinned` are
    (requirement id, session id) pairs: kept where possible, and kept unless a hard rule refuses them.
    """
    import time

    started = time.perf_counter()
    today = today or timezone.localdate()
    first_day = max(start, today + dt.timedelta(days=1))
    sessions = _sessions(region, first_day, end, session_ids=session_ids)
    # A rota run leaves out the sessions it cannot staff and caps the others at the places
    # its supervisors can oversee.
    params = parameters or {}
    excluded = {int(x) for x in params.get("excluded_sessions", ())}
    places = {int(k): int(v) for k, v in (params.get("session_places") or {}).items()}
    sessions = [s for s in sessions if s["id"] not in excluded]
    for s in sessions:
        if s["id"] in places:
            s["capacity"] = min(s["capacity"], places[s["id"]])
    session_ids = [s["id"] for s in sessions]

    # People and their requirements: one requirement per person, the active one due first.
    region_requirements = Requirement.objects.filter(person__pdu__region=region)
    narrowed = person_ids is not None
    if narrowed:
        region_requirements = region_requirements.filter(person_id__in=list(person_ids))
    requirements = placeable_requirements(region_requirements)
    chosen: dict[int, dict] = {}
    skipped: dict[int, str] = {}
    rows = (
        with_linked_minutes(requirements)
        .order_by("deadline", "id")
        .values(
            "id",
            "person_id",
            "hours_ordered",
            "minutes_credited",
            "concurrent_minutes_left",
            "additional_minutes_left",
            "deadline",
            "sentence_date",
            "intensive",
            "last_project_id",
        )
    )
    for row in rows:
        if row["person_id"] in chosen:
            skipped[row["id"]] = SECOND_REQUIREMENT
        else:
            chosen[row["person_id"]] = row
    if requirement_ids is not None:
        wanted = set(requirement_ids)
        chosen = {pid: row for pid, row in chosen.items() if row["id"] in wanted}
        skipped = {rid: text for rid, text in skipped.items() if rid in wanted}

    # Narrowed: a short list of ids; otherwise a subquery (20,000 ids would not fit in one IN list).
    narrowed = narrowed or requirement_ids is not None
    person_ids = list(chosen) if narrowed else requirements.values("person_id")
    person_rows = {
        p["id"]: p
        for p in Person.objects.filter(pdu__region=region, id__in=person_ids).values(
            "id",
            "crn",
            "latitude",
            "longitude",
            "gender",
            "availability_mask",
            "placement_preference",
            "no_children",
            "no_vulnerable_adults",
            "not_public_facing",
            "individual_only",
            "unsuitable_for_individual",
            "no_heavy_work",
            "needs_accessible_site",
            "supervisor_gender_restriction",
            "close_supervision",
            "max_travel_km",
        )
    }
    # Narrowed, the people are the region's already: their ids alone use the index, with no join.
    region_people = Q(person_id__in=person_ids) if narrowed else Q(person__pdu__region=region)
    skills: dict[int, set[str]] = defaultdict(set)
    for person_id, code in Person.skills.through.objects.filter(region_people).values_list("person_id", "skill__code"):
        skills[person_id].add(code)
    zones: dict[int, list[engine.ExclusionZone]] = defaultdict(list)
    for person_id, lat, lon, radius, label in ExclusionZone.objects.filter(region_people).values_list(
        "person_id", "latitude", "longitude", "radius_km", "label"
    ):
        zones[person_id].append(engine.ExclusionZone(lat, lon, radius, label))

    # The people's live allocations: minutes still planned, busy dates and minutes per week.
    monday = first_day - dt.timedelta(days=first_day.weekday())
    sunday = end + dt.timedelta(days=6 - end.weekday())
    planned_minutes: dict[int, int] = defaultdict(int)  # requirement id
    busy: dict[int, set[dt.date]] = defaultdict(set)  # person id
    by_week: dict[int, dict[tuple[int, int], int]] = defaultdict(lambda: defaultdict(int))  # person id
    has_live: set[int] = set()  # requirement ids
    if narrowed:
        # By the requirements' own ids, so the places are read through their index, not the region's.
        of_people = list(Requirement.objects.filter(person_id__in=person_ids).values_list("id", flat=True))
        live = Allocation.objects.filter(requirement_id__in=of_people, status=AllocationStatus.ALLOCATED)
    else:
        live = Allocation.objects.filter(requirement__person__pdu__region=region, status=AllocationStatus.ALLOCATED)
    for req_id, person_id, date, s_start, s_end, brk, s_status, attendance_id in live.values_list(
        "requirement_id",
        "requirement__person_id",
        "session__date",
        "session__start_time",
        "session__end_time",
        "session__project__unpaid_break_minutes",
        "session__status",
        "attendance__id",
    ):
        has_live.add(req_id)
        minutes = session_credit_minutes(s_start, s_end, brk)
        if s_status == SessionStatus.SCHEDULED and attendance_id is None:
            planned_minutes[req_id] += minutes
        if s_status != SessionStatus.STOOD_DOWN and monday <= date <= sunday:
            busy[person_id].add(date)
            year, week, _ = date.isocalendar()
            by_week[person_id][(year, week)] += minutes

    stood_down = _stood_down_recently(region, today, person_ids if narrowed else None)
    people: list[engine.Person] = []
    built_people: dict[int, tuple[int, str]] = {}
    for person_id, req in chosen.items():
        p = person_rows.get(person_id)
        if p is None:
            continue
        if p["latitude"] is None or p["longitude"] is None:
            skipped[req["id"]] = NO_COORDINATES
            continue
        ordered = req["hours_ordered"] * 60
        left = minutes_to_place(req, planned_minutes.get(req["id"], 0))
        people.append(
            engine.Person(
                id=req["id"],
                lat=p["latitude"],
                lon=p["longitude"],
                minutes_left=left,
                deadline=req["deadline"],
                label=p["crn"],
                availability_mask=p["availability_mask"],
                gender=p["gender"],
                placement_preference=p["placement_preference"],
                skills=frozenset(skills.get(person_id, ())),
                no_children=p["no_children"],
                no_vulnerable_adults=p["no_vulnerable_adults"],
                not_public_facing=p["not_public_facing"],
                individual_only=p["individual_only"],
                unsuitable_for_individual=p["unsuitable_for_individual"],
                no_heavy_work=p["no_heavy_work"],
                needs_accessible_site=p["needs_accessible_site"],
                supervisor_gender_restriction=p["supervisor_gender_restriction"] or "",
                close_supervision=p["close_supervision"],
                exclusion_zones=tuple(zones.get(person_id, ())),
                max_travel_km=float(p["max_travel_km"]),
                intensive=req["intensive"],
                planned_minutes_by_week=dict(by_week.get(person_id, {})),
                busy_dates=frozenset(busy.get(person_id, ())),
                ordered_minutes=ordered,
                credited_minutes=req["minutes_credited"],
                sentence_date=req["sentence_date"],
                awaiting_first_session=req["id"] not in has_live and req["minutes_credited"] == 0,
                stood_down_recently=person_id in stood_down,
                last_project_id=req["last_project_id"],
            )
        )
        built_people[req["id"]] = (person_id, p["crn"])

    # Who already holds the sessions' places.
    holders: dict[int, set[int]] = defaultdict(set)  # session id -> requirement ids
    women: dict[int, int] = defaultdict(int)
    close: dict[int, int] = defaultdict(int)
    engine_ids_of_person: dict[int, set[int]] = defaultdict(set)
    for req_id, (person_id, _crn) in built_people.items():
        engine_ids_of_person[person_id].add(req_id)
    for session_id, req_id, person_id, gender, needs_close in Allocation.objects.filter(
        session__in=session_ids, status=AllocationStatus.ALLOCATED
    ).values_list(
        "session_id",
        "requirement_id",
        "requirement__person_id",
        "requirement__person__gender",
        "requirement__person__close_supervision",
    ):
        holders[session_id].add(req_id)
        engine_ids_of_person[person_id].add(req_id)
        if gender == engine.model.FEMALE:
            women[session_id] += 1
        if needs_close:
            close[session_id] += 1
    genders: dict[int, set[str]] = defaultdict(set)
    rostered: dict[int, int] = defaultdict(int)
    for session_id, gender in SessionSupervisor.objects.filter(session__in=session_ids).values_list(
        "session_id", "supervisor__gender"
    ):
        genders[session_id].add(gender)
        rostered[session_id] += 1
    project_skills: dict[int, set[str]] = defaultdict(set)
    for project_id, code in Project.skills.through.objects.filter(
        project_id__in={s["project_id"] for s in sessions}
    ).values_list("project_id", "skill__code"):
        project_skills[project_id].add(code)

    engine_sessions = []
    for s in sessions:
        duration = _minutes(s["start_time"], s["end_time"])
        group = s["project__project_type"] == ProjectType.GROUP
        # The supervisors rostered, or before a rota the number the session expects.
        supervisors = rostered.get(s["id"]) or s["supervisors_needed"]
        engine_sessions.append(
            engine.Session(
                id=s["id"],
                project_id=s["project_id"],
                lat=s["project__site__latitude"],
                lon=s["project__site__longitude"],
                date=s["date"],
                start=s["start_time"],
                end=s["end_time"],
                capacity=s["capacity"],
                label=f"{s['project__name']} on {s['date']:%a %d %b}",
                break_minutes=break_minutes(duration, s["project__unpaid_break_minutes"]),
                taken=len(holders.get(s["id"], ())),
                allocated_person_ids=frozenset(holders.get(s["id"], ())),
                women_already=women.get(s["id"], 0),
                kind=s["project__project_type"],
                skills=frozenset(project_skills.get(s["project_id"], ())),
                involves_children=s["project__involves_children"],
                involves_vulnerable_adults=s["project__involves_vulnerable_adults"],
                public_facing=s["project__public_facing"],
                heavy_work=s["project__heavy_work"],
                accessible_site=s["project__accessible_site"],
                women_only=s["project__women_only"],
                supervisor_genders=frozenset(genders.get(s["id"], ())),
                close_supervision_already=close.get(s["id"], 0),
                supervisors=supervisors if group else 0,
                people_per_supervisor=(
                    people_per_supervisor(s["project__project_type"], s["project__supervision_ratio"]) if group else 0
                ),
            )
        )

    # Non-associations between anybody in the problem or on its sessions.
    pairs: set[tuple[int, int]] = set()
    involved = Q(person_a__pdu__region=region) | Q(person_b__pdu__region=region)
    if narrowed:
        involved = Q(person_a_id__in=person_ids) | Q(person_b_id__in=person_ids)
    for a, b in NonAssociation.objects.filter(involved).values_list("person_a_id", "person_b_id"):
        for x in engine_ids_of_person.get(a, ()):
            for y in engine_ids_of_person.get(b, ()):
                pairs.add((x, y))

    problem = engine.Problem(
        people=people,
        sessions=engine_sessions,
        today=today,
        non_associations=sorted(pairs),
        rules=engine_rules(),
        weights=engine_weights(parameters),
        previous_plan=[engine.Allocation(r, s) for r, s in previous_plan],
        pinned=[engine.Allocation(r, s) for r, s in pinned],
    )
    return BuiltProblem(problem, built_people, skipped, time.perf_counter() - started)


def _stood_down_recently(region, today: dt.date, person_ids=None) -> set[int]:
    """Ids of the region's people (or of `person_ids` only) who had a session stood down (AASD) from
    UPW_STOOD_DOWN_PRIORITY_DAYS ago on (0: nobody is given the priority)."""
    days = getattr(settings, "UPW_STOOD_DOWN_PRIORITY_DAYS", 0)
    if days <= 0:
        return set()
    records = AttendanceRecord.objects.all()
    if person_ids is not None:
        records = records.filter(allocation__requirement__person_id__in=person_ids)
    return set(
        records.filter(
            allocation__requirement__person__pdu__region=region,
            outcome=STOOD_DOWN_OUTCOME,
            allocation__session__date__gte=today - dt.timedelta(days=days),
        ).values_list("allocation__requirement__person_id", flat=True)
    )


def _sessions(region, first_day: dt.date, end: dt.date, session_ids: Iterable[int] | None = None) -> list[dict]:
    if end < first_day:
        return []
    chosen = Session.objects.all() if session_ids is None else Session.objects.filter(id__in=list(session_ids))
    rows = (
        chosen.filter(
            project__site__pdu__region=region,
            date__gte=first_day,
            date__lte=end,
            status=SessionStatus.SCHEDULED,
            project__status__in=RUNNING_PROJECT_STATUSES,
            project__project_type__in=ENGINE_PROJECT_TYPES,
            project__site__latitude__isnull=False,
            project__site__longitude__isnull=False,
        )
        .order_by("date", "start_time", "id")
        .values(
            "id",
            "project_id",
            "date",
            "start_time",
            "end_time",
            "capacity",
            "supervisors_needed",
            "project__name",
            "project__supervision_ratio",
            "project__project_type",
            "project__unpaid_break_minutes",
            "project__involves_children",
            "project__involves_vulnerable_adults",
            "project__public_facing",
            "project__heavy_work",
            "project__accessible_site",
            "project__women_only",
            "project__site__latitude",
            "project__site__longitude",
        )
    )
    return [row for row in rows if not _bank_holiday(row["date"])]


# --- Back from the engine ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Proposal:
    requirement_id: int
    session_id: int
    minutes: int
    distance_km: float
    explanation: str


def proposals_from(built: BuiltProblem, result: engine.MatchResult) -> list[Proposal]:
    """The engine's allocations as proposal rows: credited minutes (the last session of someone finishing
    counts only what is left), the distance from home and why the place suits the person (the line of
    the person's explanation without the session, which the review page shows beside it)."""
    problem = built.problem
    people = problem.person_by_id()
    sessions = problem.session_by_id()
    by_person: dict[int, list[engine.Session]] = defaultdict(list)
    for a in result.allocations:
        by_person[a.person_id].append(sessions[a.session_id])
    out: list[Proposal] = []
    km = _distances(problem, result.allocations)
    for person_id, mine in by_person.items():
        mine.sort(key=lambda s: (s.date, s.start))
        details = result.explanations[person_id].details if person_id in result.explanations else []
        left = max(people[person_id].minutes_left, 0)
        for k, s in enumerate(mine):
            minutes = min(s.credited_minutes, left)
            left -= minutes
            text = details[k] if k < len(details) else ""
            text = text.removeprefix(f"{place_heading(s)}: ")
            out.append(Proposal(person_id, s.id, minutes, km[(person_id, s.id)], text))
    return out


def _distances(problem: engine.Problem, allocations: Iterable[engine.Allocation]) -> dict[tuple[int, int], float]:
    """Distance from home for each allocation: one numpy call per session, never one per pair."""
    people = problem.person_by_id()
    sessions = problem.session_by_id()
    by_session: dict[int, list[int]] = defaultdict(list)
    for a in allocations:
        by_session[a.session_id].append(a.person_id)
    out = {}
    for session_id, person_ids in by_session.items():
        s = sessions[session_id]
        row = distances.distance_matrix_km(
            [s.lat], [s.lon], [people[p].lat for p in person_ids], [people[p].lon for p in person_ids]
        )[0]
        for p, d in zip(person_ids, row.tolist(), strict=True):
            out[(p, session_id)] = round(d, 2)
    return out


def place_explanation(built: BuiltProblem, requirement_id: int, session_id: int, km: float | None) -> str:
    """Why a place suits the person, as the engine words it for its own places (for hand edits)."""
    person = built.problem.person_by_id().get(requirement_id)
    session = built.sessions.get(session_id)
    if person is None or session is None:
        return ""
    return place_reasons(person, session, km)


def distance_km(built: BuiltProblem, requirement_id: int, session_id: int) -> float | None:
    person = built.problem.person_by_id().get(requirement_id)
    session = built.sessions.get(session_id)
    if person is None or session is None:
        return None
    return round(float(distances.distance_matrix_km(person.lat, person.lon, session.lat, session.lon)[0, 0]), 2)


# --- One placement outside a run ------------------------------------------------------------------


def placement_problem(*, requirement_id: int, session_id: int, induction: bool = False) -> engine.Problem:
    """A problem of one person and one session (with the people already on it), for
    `engine.check_placement` when a person is put on a session outside a matching run.

    For an induction the rules that are about work rather than meeting people are left out: the person
    has not done the induction yet (that is the point), an induction credits no hours against the
    weekly maximum or the hours left, it is a one-off visit to the office offered nearest first (no
    maximum travel), and it is neither a group nor an individual placement (no placement preference).
    Exclusion zones, restrictive orders, the only woman in a mixed group, women-only sessions, the
    supervisors' gender, the project's own flags and the person's availability all still apply.
    """
    requirement = Requirement.objects.select_related("person").get(pk=requirement_id)
    person = requirement.person
    session = Session.objects.select_related("project__site").get(pk=session_id)
    project, site = session.project, session.project.site

    holders = list(
        Allocation.objects.filter(session=session, status=AllocationStatus.ALLOCATED)
        .exclude(requirement__person=person)
        .values_list("requirement_id", "requirement__person_id", "requirement__person__gender")
    )
    engine_ids_of_person: dict[int, set[int]] = defaultdict(set)
    engine_ids_of_person[person.pk].add(requirement.pk)
    for req_id, person_id, _gender in holders:
        engine_ids_of_person[person_id].add(req_id)
    pairs = set()
    for a, b in NonAssociation.objects.filter(Q(person_a=person) | Q(person_b=person)).values_list(
        "person_a_id", "person_b_id"
    ):
        for x in engine_ids_of_person.get(a, ()):
            for y in engine_ids_of_person.get(b, ()):
                pairs.add((x, y))

    busy = set(
        Allocation.objects.filter(
            requirement__person=person, status=AllocationStatus.ALLOCATED, session__date=session.date
        )
        .exclude(session=session)
        .exclude(session__status=SessionStatus.STOOD_DOWN)
        .values_list("session__date", flat=True)
    )
    zones = tuple(
        engine.ExclusionZone(lat, lon, radius, label)
        for lat, lon, radius, label in person.exclusion_zones.values_list("latitude", "longitude", "radius_km", "label")
    )
    here = (site.latitude, site.longitude) if None not in (site.latitude, site.longitude) else None
    home = (person.latitude, person.longitude) if None not in (person.latitude, person.longitude) else here
    # Without a place for the site or the home, distances cannot be worked out: zones and travel
    # are then checked only where both are known.
    site_lat, site_lon = here or home or (0.0, 0.0)
    home_lat, home_lon = home or (site_lat, site_lon)
    minutes_left = requirement.minutes_left
    engine_person = engine.Person(
        id=requirement.pk,
        lat=home_lat,
        lon=home_lon,
        minutes_left=10**6 if induction else minutes_left,
        deadline=requirement.deadline,
        label=person.crn,
        eligible=True if induction else requirement.induction_completed_on is not None,
        availability_mask=person.availability_mask,
        gender=person.gender,
        placement_preference=engine.model.MIXED_GROUP if induction else person.placement_preference,
        no_children=person.no_children,
        no_vulnerable_adults=person.no_vulnerable_adults,
        not_public_facing=person.not_public_facing,
        individual_only=False if induction else person.individual_only,
        unsuitable_for_individual=False if induction else person.unsuitable_for_individual,
        no_heavy_work=person.no_heavy_work,
        needs_accessible_site=person.needs_accessible_site,
        supervisor_gender_restriction=person.supervisor_gender_restriction or "",
        exclusion_zones=zones if here else (),
        max_travel_km=float("inf") if induction or here is None else float(person.max_travel_km),
        intensive=requirement.intensive,
        weekly_max_minutes=10**6 if induction else None,
        busy_dates=frozenset(busy),
    )
    genders = set(SessionSupervisor.objects.filter(session=session).values_list("supervisor__gender", flat=True))
    duration = _minutes(session.start_time, session.end_time)
    engine_session = engine.Session(
        id=session.pk,
        project_id=project.pk,
        lat=site_lat,
        lon=site_lon,
        date=session.date,
        start=session.start_time,
        end=session.end_time,
        capacity=session.capacity,
        label=f"{project.name} on {session.date:%a %d %b}",
        break_minutes=break_minutes(duration, project.unpaid_break_minutes),
        taken=len(holders),
        allocated_person_ids=frozenset(req_id for req_id, _p, _g in holders),
        women_already=sum(1 for _r, _p, gender in holders if gender == engine.model.FEMALE),
        kind=project.project_type,
        involves_children=project.involves_children,
        involves_vulnerable_adults=project.involves_vulnerable_adults,
        public_facing=project.public_facing,
        heavy_work=project.heavy_work,
        accessible_site=project.accessible_site,
        women_only=project.women_only,
        supervisor_genders=frozenset(genders),
    )
    return engine.Problem(
        people=[engine_person],
        sessions=[engine_session],
        today=timezone.localdate(),
        non_associations=sorted(pairs),
        rules=engine_rules(),
        weights=engine.Weights(),
    )
