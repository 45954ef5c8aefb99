"""Reads for the day view and for sessions that cannot run.

A session **cannot run** when it is scheduled, from today, of a project the Probation Service
supervises (group and induction: the partner supervises individual and ETE placements), has people
booked, and either nobody is rostered to supervise it or more people are booked than its rostered
supervisors may take. People per supervisor is the rota's and matching's ratio: the project type's
setting (`UPW_ROTA["RATIOS"]`, group default `UPW["GROUP_SIZE"]`) or the project's own
`supervision_ratio` when that is stricter. The scheduler reads the same settings
(`scheduler.rota.adapter.supervision_ratio`, `scheduler.matching.adapter.people_per_supervisor`);
upw's features cannot import the scheduler, so the rule is read here from the settings themselves.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Case, Count, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce, Least

from upw.core.distances import distance_km
from upw.core.selectors import with_places_taken
from upw.models import Allocation, AllocationStatus, ProjectType, Session, SessionStatus, SessionSupervisor

SUPERVISED_BY_PROBATION = (ProjectType.GROUP, ProjectType.INDUCTION)

NO_SUPERVISOR = "No supervisor is rostered, and {people} {verb} booked."
TOO_FEW_SUPERVISORS = (
    "{people} {verb} booked but the {supervisors} rostered {supervisor_word} may take {most} "
    "({ratio} people per supervisor)."
)


def people_per_supervisor(project_type: str, project_ratio: int | None = None) -> int:
    """People one supervisor may oversee: the project type's setting, or the project's own if stricter."""
    ratios = getattr(settings, "UPW_ROTA", {}).get("RATIOS", {})
    ratio = ratios.get(project_type) or settings.UPW.get("GROUP_SIZE", 8)
    if project_ratio:
        ratio = min(ratio, project_ratio)
    return max(1, int(ratio))


def _type_ratio() -> Case:
    ratios = getattr(settings, "UPW_ROTA", {}).get("RATIOS", {})
    default = settings.UPW.get("GROUP_SIZE", 8)
    return Case(
        *(
            When(project__project_type=kind, then=Value(max(1, int(ratios.get(kind) or default))))
            for kind in SUPERVISED_BY_PROBATION
        ),
        default=Value(max(1, int(default))),
        output_field=IntegerField(),
    )


def with_staffing(sessions: QuerySet) -> QuerySet:
    """Annotates `booked` (live places), `rostered` (supervisors) and `ratio` (people per supervisor).

    Counted in subqueries, so that the two counts never multiply each other through a join."""
    booked = (
        Allocation.objects.filter(session=OuterRef("pk"), status=AllocationStatus.ALLOCATED)
        .order_by()
        .values("session")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rostered = (
        SessionSupervisor.objects.filter(session=OuterRef("pk")).order_by().values("session").annotate(n=Count("pk"))
    ).values("n")
    return sessions.annotate(
        booked=Coalesce(Subquery(booked, output_field=IntegerField()), 0),
        rostered=Coalesce(Subquery(rostered, output_field=IntegerField()), 0),
        ratio=Least(_type_ratio(), F("project__supervision_ratio"), output_field=IntegerField()),
    )


def cannot_run(sessions: QuerySet, *, today: dt.date) -> QuerySet:
    """Of these sessions, the ones that cannot run (see the module's note), soonest first."""
    return (
        with_staffing(sessions)
        .filter(
            status=SessionStatus.SCHEDULED,
            date__gte=today,
            project__project_type__in=SUPERVISED_BY_PROBATION,
            booked__gt=0,
        )
        .filter(Q(rostered=0) | Q(booked__gt=F("rostered") * F("ratio")))
        .select_related("project__site__pdu")
        .order_by("date", "start_time", "id")
    )


def _people(n: int) -> tuple[str, str]:
    return (f"{n} person", "is") if n == 1 else (f"{n} people", "are")


def why_cannot_run(session: Session) -> str:
    """The reason, in a sentence, for a session annotated by `with_staffing`; "" when it can run."""
    if (
        session.status != SessionStatus.SCHEDULED
        or session.project.project_type not in SUPERVISED_BY_PROBATION
        or not session.booked
    ):
        return ""
    people, verb = _people(session.booked)
    if not session.rostered:
        return NO_SUPERVISOR.format(people=people, verb=verb)
    most = session.rostered * session.ratio
    if session.booked > most:
        return TOO_FEW_SUPERVISORS.format(
            people=people[0].upper() + people[1:],
            verb=verb,
            supervisors=session.rostered,
            supervisor_word="supervisor" if session.rostered == 1 else "supervisors",
            most=most,
            ratio=session.ratio,
        )
    return ""


def session_cannot_run(sessions: QuerySet, *, session: Session, today: dt.date) -> str:
    """Why one session cannot run, or "" (a past session is over: it is not flagged)."""
    if session.date < today:
        return ""
    annotated = with_staffing(sessions.filter(pk=session.pk)).select_related("project").first()
    return why_cannot_run(annotated) if annotated else ""


def merge_targets(sessions: QuerySet, *, session: Session, today: dt.date, limit: int = 5) -> list[Session]:
    """Other sessions on the same day in the same region that can run and have room: where the
    people of a session that cannot run could go, nearest site first."""
    if session.date < today:
        return []
    region_id = session.project.site.pdu.region_id
    candidates = (
        with_staffing(
            sessions.filter(
                date=session.date,
                status=SessionStatus.SCHEDULED,
                project__site__pdu__region_id=region_id,
            ).exclude(pk=session.pk)
        )
        .filter(rostered__gt=0)
        .select_related("project__site")
    )
    here = (session.project.site.latitude, session.project.site.longitude)
    out = []
    for candidate in candidates:
        room = min(candidate.capacity, candidate.rostered * candidate.ratio) - candidate.booked
        if candidate.project.project_type not in SUPERVISED_BY_PROBATION:
            room = candidate.capacity - candidate.booked
        if room <= 0:
            continue
        candidate.room = room
        site = candidate.project.site
        candidate.distance_km = (
            round(distance_km(here, (site.latitude, site.longitude)), 1)
            if None not in (*here, site.latitude, site.longitude)
            else None
        )
        out.append(candidate)
    out.sort(key=lambda s: (s.distance_km is None, s.distance_km or 0, s.start_time, s.pk))
    return out[:limit]


# --- The day view ---------------------------------------------------------------------------------


@dataclass
class DaySession:
    session: Session
    places: list = field(default_factory=list)
    supervisors: list = field(default_factory=list)
    cannot_run: str = ""
    without_outcome: int = 0

    @property
    def stood_down(self) -> bool:
        return self.session.status == SessionStatus.STOOD_DOWN

    @property
    def unstaffed(self) -> bool:
        return (
            not self.supervisors
            and not self.stood_down
            and self.session.project.project_type in SUPERVISED_BY_PROBATION
        )


@dataclass(frozen=True)
class Day:
    date: dt.date
    sessions: list[DaySession]

    @property
    def cannot_run(self) -> int:
        return sum(1 for s in self.sessions if s.cannot_run)

    @property
    def unstaffed(self) -> int:
        return sum(1 for s in self.sessions if s.unstaffed)

    @property
    def stood_down(self) -> int:
        return sum(1 for s in self.sessions if s.stood_down)

    @property
    def without_outcome(self) -> int:
        return sum(s.without_outcome for s in self.sessions)


def _outcome(place) -> str:
    record = getattr(place, "attendance", None)
    return record.outcome if record is not None else ""


def day_sessions(*, sessions: QuerySet, allocations: QuerySet, day: dt.date, today: dt.date) -> Day:
    """One day's sessions in time order, each with who is booked (and their outcome), who is
    staffing, and whether it cannot run. Places without an outcome are counted from the session's
    day on (before then nobody could have one)."""
    live = (
        allocations.filter(status=AllocationStatus.ALLOCATED)
        .select_related("requirement__person", "attendance")
        .order_by("requirement__person__last_name", "requirement__person__first_name", "pk")
    )
    rows = (
        with_staffing(sessions.filter(date=day))
        .select_related("project__site__pdu", "project__organisation")
        .prefetch_related(
            Prefetch("allocations", queryset=live, to_attr="live_places"),
            Prefetch(
                "supervisor_assignments",
                queryset=SessionSupervisor.objects.select_related("supervisor__user"),
                to_attr="rostered_supervisors",
            ),
        )
        .order_by("start_time", "project__name", "id")
    )
    out = []
    for session in rows:
        places = session.live_places
        for place in places:
            place.outcome_code = _outcome(place)
        out.append(
            DaySession(
                session=session,
                places=places,
                supervisors=session.rostered_supervisors,
                cannot_run=why_cannot_run(session) if day >= today else "",
                without_outcome=(
                    sum(1 for p in places if not p.outcome_code)
                    if day <= today and session.status != SessionStatus.STOOD_DOWN
                    else 0
                ),
            )
        )
    return Day(date=day, sessions=out)


def move_targets(sessions: QuerySet, *, region_ids, exclude_ids=(), today: dt.date, limit: int = 40) -> list[Session]:
    """Sessions from today in these regions with a place free, soonest first: where chosen people could
    be moved. The hard rules are checked on each move."""
    upcoming = (
        with_places_taken(
            sessions.filter(
                status=SessionStatus.SCHEDULED, date__gte=today, project__site__pdu__region_id__in=list(region_ids)
            ).exclude(pk__in=list(exclude_ids))
        )
        .select_related("project")
        .order_by("date", "start_time", "id")
    )
    return [s for s in upcoming[: limit * 3] if s.places_taken < s.capacity][:limit]


def changeable_places(allocations: QuerySet, *, today: dt.date) -> QuerySet:
    """Live places from today with no outcome yet: the ones a bulk change may act on."""
    return (
        allocations.filter(status=AllocationStatus.ALLOCATED, session__date__gte=today)
        .exclude(attendance__outcome__gt="")
        .select_related("requirement__person", "session__project__site__pdu")
        .order_by("session__date", "session__start_time", "requirement__person__last_name", "pk")
    )


def flagged_sessions(sessions: QuerySet, *, ids) -> list[Session]:
    """These sessions, soonest first, each with `cannot_run_reason`: for a page that lists them."""
    rows = list(
        with_staffing(sessions.filter(pk__in=list(ids)))
        .select_related("project__site__pdu__region")
        .order_by("date", "start_time", "id")
    )
    for session in rows:
        session.cannot_run_reason = why_cannot_run(session)
    return rows
